"""Inbox, message and conversation, annotation (one message or a group), audit log."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from urllib.parse import parse_qsl

from sanic import Request, Sanic
from sanic.exceptions import NotFound
from sanic.response import HTTPResponse, redirect

from admin import audit
from admin.annotations import (
    CORRECTED,
    NOISE,
    VERDICT_LABELS,
    VERDICTS,
    AnnotationError,
    EntitySpan,
    entity_span,
    resolve_intent,
)
from admin.conversations import Message, turns
from admin.inbox import Filters, inbox, selected
from admin.web import admin, error_page, login_required, render, safe_back

CONTEXT_TURNS = 10  # turns shown before and after the opened message
MAX_ENTITY_ROWS = 8
AUDIT_PAGE_SIZE = 50


async def _messages(request: Request) -> list[Message]:
    return await asyncio.to_thread(admin(request).source.messages, request.ctx.account.scope)


async def _inbox_page(
    request: Request,
    filters: Filters,
    errors: list[tuple[str, str]] | None = None,
    status: int = 200,
) -> HTTPResponse:
    context = admin(request)
    annotated = context.annotations.latest()
    page = inbox(await _messages(request), filters, context.catalog.expert_of, annotated)
    return render(
        request,
        "inbox.html",
        status=status,
        current="inbox",
        page=page,
        filters=filters,
        annotated=annotated,
        saved=request.args.get("saved", ""),
        errors=errors or [],
        verdicts=VERDICT_LABELS,
        tenants=context.catalog.tenants_in(request.ctx.account.scope),
    )


@login_required
async def show_inbox(request: Request) -> HTTPResponse:
    return await _inbox_page(request, Filters.parse(request.args))


async def _find(request: Request, conversation_id: str, raw_index: str) -> tuple[Message, list]:
    """The message and its conversation, within the account's scope; 404 otherwise."""
    try:
        index = int(raw_index)
    except ValueError:
        raise NotFound("Nachricht nicht gefunden") from None
    items = await asyncio.to_thread(
        admin(request).source.conversation, conversation_id, request.ctx.account.scope
    )
    for item in items:
        if isinstance(item, Message) and item.index == index:
            return item, items
    raise NotFound("Nachricht nicht gefunden")


def _entity_rows(message: Message, form: dict[str, str] | None) -> list[tuple[str, str]]:
    if form is not None:
        rows = [
            (form.get(f"entity_{i}", ""), form.get(f"value_{i}", ""))
            for i in range(1, MAX_ENTITY_ROWS + 1)
        ]
        return [row for row in rows if any(row)] + [("", "")] * 2
    annotation_rows = [(e.name, e.value) for e in message.entities if e.value in message.text]
    return (annotation_rows + [("", "")] * 2)[:MAX_ENTITY_ROWS]


def _message_page(
    request: Request,
    message: Message,
    items: list,
    back: str,
    errors: list[tuple[str, str]] | None = None,
    form: dict[str, str] | None = None,
) -> HTTPResponse:
    context = admin(request)
    conversation = turns(items)
    position = next(i for i, t in enumerate(conversation) if t.index == message.index)
    window = conversation[max(0, position - CONTEXT_TURNS) : position + CONTEXT_TURNS + 1]
    annotation = context.annotations.latest([message.conversation_id]).get(message.ref)
    chosen = (form or {}).get("verdict") or (annotation.verdict if annotation else "")
    intent = (form or {}).get("intent") or (annotation.intent if annotation else "") or ""
    return render(
        request,
        "message.html",
        status=400 if errors else 200,
        current="inbox",
        message=message,
        window=window,
        annotation=annotation,
        back=back,
        errors=errors or [],
        chosen=chosen,
        chosen_intent=intent,
        entity_rows=_entity_rows(message, form),
        can_confirm=bool(message.intent) and message.intent != "nlu_fallback",
        verdicts=VERDICT_LABELS,
    )


@login_required
async def show_message(request: Request) -> HTTPResponse:
    message, items = await _find(request, request.args.get("c", ""), request.args.get("n", ""))
    return _message_page(request, message, items, safe_back(request.args.get("back")))


def _spans(
    message: Message, form: dict[str, str], errors: list[tuple[str, str]]
) -> list[EntitySpan]:
    """Entity rows of the form as spans on the redacted text; problems go to `errors`."""
    spans = []
    for i in range(1, MAX_ENTITY_ROWS + 1):
        name, value = form.get(f"entity_{i}", ""), form.get(f"value_{i}", "")
        if not name and not value:
            continue
        if not name:
            errors.append((f"entity_{i}", f"Bitte wählen Sie die Entität für „{value}“."))
            continue
        try:
            spans.append(entity_span(message.text, name, value))
        except AnnotationError as exc:
            errors.append((f"value_{i}", str(exc)))
    return spans


def _form(request: Request) -> dict[str, str]:
    return {key: (values[0] if values else "").strip() for key, values in request.form.items()}


@login_required
async def annotate(request: Request) -> HTTPResponse:
    context = admin(request)
    form = _form(request)
    message, items = await _find(request, form.get("c", ""), form.get("n", ""))
    back = safe_back(form.get("back"))
    errors: list[tuple[str, str]] = []
    verdict = form.get("verdict", "")
    intent = None
    try:
        intent = resolve_intent(message, verdict, form.get("intent"))
    except AnnotationError as exc:
        errors.append(("intent" if verdict == CORRECTED else "verdict", str(exc)))
    if verdict == CORRECTED and intent and intent not in context.catalog.intents:
        errors.append(("intent", "Diese Absicht gibt es in der Domäne nicht."))
    spans = _spans(message, form, errors)
    unknown = [s.entity for s in spans if s.entity not in context.catalog.entities]
    if unknown:
        errors.append(("entity_1", f"Die Entität „{unknown[0]}“ gibt es in der Domäne nicht."))
    if errors:
        return _message_page(request, message, items, back, errors, form)
    account = request.ctx.account.name
    (annotation_id,) = context.annotations.save(
        [(message, verdict, intent, [] if verdict == NOISE else spans)], account
    )
    context.audit.record(account, audit.ANNOTATED, _detail(annotation_id, verdict, intent))
    return redirect(f"{back}{'&' if '?' in back else '?'}saved=1", status=303)


def _detail(annotation_id: int, verdict: str, intent: str | None) -> str:
    return f"Annotation {annotation_id}: {verdict}" + (f" → {intent}" if intent else "")


@login_required
async def annotate_group(request: Request) -> HTTPResponse:
    context = admin(request)
    form = _form(request)
    filters = replace(Filters.parse(dict(parse_qsl(form.get("query", "")))), grouped=False, page=1)
    if not filters.group:
        return error_page(request, 400, "Keine Gruppe gewählt", "Bitte öffnen Sie eine Gruppe.")
    verdict, intent = form.get("verdict", ""), form.get("intent") or None
    errors: list[tuple[str, str]] = []
    if verdict not in VERDICTS:
        errors.append(("bulk-verdict", "Bitte wählen Sie eine Entscheidung."))
    elif verdict == CORRECTED and intent not in context.catalog.intents:
        errors.append(("bulk-intent", "Bitte wählen Sie die richtige Absicht."))
    if errors:
        return await _inbox_page(request, filters, errors, status=400)
    annotated = context.annotations.latest()
    chosen = selected(await _messages(request), filters, context.catalog.expert_of, annotated)
    items: list[tuple[Message, str, str | None, list[EntitySpan]]] = []
    for message in chosen:
        try:
            items.append((message, verdict, resolve_intent(message, verdict, intent), []))
        except AnnotationError:
            continue  # a fallback hit cannot be confirmed; it stays open
    account = request.ctx.account.name
    for annotation_id, (_m, _v, item_intent, _s) in zip(
        context.annotations.save(items, account), items, strict=True
    ):
        context.audit.record(account, audit.ANNOTATED, _detail(annotation_id, verdict, item_intent))
    back = "/eingang?" + replace(filters, group="", grouped=True).query()
    return redirect(f"{back}&saved={len(items)}", status=303)


@login_required
async def show_audit(request: Request) -> HTTPResponse:
    if not request.ctx.account.scope.is_all:
        return error_page(
            request, 403, "Keine Berechtigung", "Das Protokoll sehen nur Plattform-Administratoren."
        )
    log = admin(request).audit
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-log.count() // AUDIT_PAGE_SIZE))
    page = min(page, pages)
    entries = log.entries(AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE)
    return render(request, "audit.html", current="audit", entries=entries, page=page, pages=pages)


async def home(request: Request) -> HTTPResponse:
    return redirect("/eingang", status=303)


def add_review_routes(app: Sanic) -> None:
    app.add_route(home, "/", methods=["GET"], name="home")
    app.add_route(show_inbox, "/eingang", methods=["GET"], name="inbox")
    app.add_route(show_message, "/nachricht", methods=["GET"], name="message")
    app.add_route(annotate, "/annotieren", methods=["POST"], name="annotate")
    app.add_route(annotate_group, "/gruppe", methods=["POST"], name="annotate_group")
    app.add_route(show_audit, "/protokoll", methods=["GET"], name="audit")
