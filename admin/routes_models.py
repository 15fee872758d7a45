"""Export, retraining, release and rollback: the pages only platform admins may use.

The model is shared by every municipality, so changing its training data or the released model
is for accounts with scope `all`; anyone else gets 403, by page and by form.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from sanic import Request, Sanic
from sanic.response import HTTPResponse, redirect

from admin import audit
from admin.export_plan import ExportPlan
from admin.web import Handler, admin, error_page, login_required, render
from nrwbot import release as releases
from nrwbot.errors import NRWbotError
from nrwbot.model_comparison import TOLERANCE

PHASE_TITLES = (
    "Projekt zusammenstellen",
    "Kandidaten trainieren",
    "Aktuelles Modell und Kandidaten bewerten",
    "Entscheiden und freigeben",
)
METRIC_TITLES = {
    "intent_accuracy": "Genauigkeit (Absicht)",
    "intent_macro_f1": "Makro-F1 (Absicht)",
    "out_of_scope_recall": "Trefferquote „außerhalb des Angebots“",
    "entity_f1": "Entitäten-F1 (DIETClassifier)",
}
SET_TITLES = {
    "held-out set": "Testsatz tests/nlu/heldout.yml (nie trainiert)",
    "examples of the last export": "Beispiele des letzten Exports",
}


def platform_only(handler: Handler) -> Handler:
    """Logged-in platform admins only; others get 403."""

    @login_required
    @functools.wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        if not request.ctx.account.scope.is_all:
            return error_page(
                request,
                403,
                "Keine Berechtigung",
                "Export, Training und Freigabe betreffen das Modell aller Kommunen; das dürfen "
                "nur Plattform-Administratoren.",
            )
        return await handler(request, *args, **kwargs)

    return guarded


async def _plan(request: Request) -> ExportPlan:
    context = admin(request)
    approved = await asyncio.to_thread(context.annotations.approved_examples)
    return await asyncio.to_thread(context.exporter.plan, approved)


def _export_page(
    request: Request, plan: ExportPlan, status: int = 200, **values: Any
) -> HTTPResponse:
    values.setdefault("written", request.args.get("written", ""))
    values.setdefault("stale", False)
    return render(request, "export.html", status=status, current="export", plan=plan, **values)


@platform_only
async def show_export(request: Request) -> HTTPResponse:
    return _export_page(request, await _plan(request))


@platform_only
async def do_export(request: Request) -> HTTPResponse:
    context = admin(request)
    plan = await _plan(request)
    if request.form.get("digest", "") != plan.digest:
        # Someone annotated in between: show the new diff instead of writing an unseen one.
        return _export_page(request, plan, status=409, stale=True)
    if not plan.changes:
        return redirect("/export", status=303)
    await asyncio.to_thread(context.exporter.write, plan)
    context.audit.record(request.ctx.account.name, audit.EXPORTED, plan.summary())
    return redirect(f"/export?written={len(plan.examples)}", status=303)


def _models_page(request: Request, status: int = 200, **values: Any) -> HTTPResponse:
    retrainer = admin(request).retrainer
    try:
        history = list(reversed(releases.history(retrainer.models_dir)))
    except NRWbotError as exc:
        history, values["problem"] = [], str(exc)
    values.setdefault("problem", "")
    values.setdefault("notice", request.args.get("notice", ""))
    return render(
        request,
        "models.html",
        status=status,
        current="models",
        job=retrainer.state(),
        history=history,
        phases=PHASE_TITLES,
        metrics=METRIC_TITLES,
        sets=SET_TITLES,
        tolerance=TOLERANCE,
        **values,
    )


@platform_only
async def show_models(request: Request) -> HTTPResponse:
    return _models_page(request)


@platform_only
async def start_retraining(request: Request) -> HTTPResponse:
    retrainer = admin(request).retrainer
    full = request.form.get("full") == "1"
    if not retrainer.start(request.ctx.account.name, full=full):
        return _models_page(request, status=409, problem="Es läuft bereits ein Training.")
    return redirect("/modelle", status=303)


@platform_only
async def do_rollback(request: Request) -> HTTPResponse:
    context = admin(request)
    if context.retrainer.state().running:
        return _models_page(
            request, status=409, problem="Während ein Training läuft, wird nichts zurückgesetzt."
        )
    try:
        restored = await asyncio.to_thread(releases.rollback, context.retrainer.models_dir)
    except NRWbotError as exc:
        problem = (
            "Es gibt keine frühere Freigabe, deren Modell noch vorhanden ist."
            if "no earlier release" in str(exc)
            else f"Zurücksetzen nicht möglich ({exc})."
        )
        return _models_page(request, status=409, problem=problem)
    context.audit.record(request.ctx.account.name, audit.ROLLED_BACK, f"to {restored.model}")
    return redirect("/modelle?notice=rollback", status=303)


def add_model_routes(app: Sanic) -> None:
    app.add_route(show_export, "/export", methods=["GET"], name="export")
    app.add_route(do_export, "/export", methods=["POST"], name="do_export")
    app.add_route(show_models, "/modelle", methods=["GET"], name="models")
    app.add_route(start_retraining, "/modelle/training", methods=["POST"], name="retrain")
    app.add_route(do_rollback, "/modelle/zuruecksetzen", methods=["POST"], name="rollback")
