"""The export, retraining and rollback pages: platform admins only, CSRF, background retraining.

The retraining itself is a fake here (no Rasa training in unit tests); the pipeline is tested in
test_admin_retraining.py.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sanic import Sanic

from admin.app import create_app
from admin.catalog import Catalog
from admin.conversations import Message
from admin.export import Exporter
from admin.retraining_job import Retrainer
from admin.settings import AdminSettings
from nrwbot import release as releases
from nrwbot.experts import discover_experts
from nrwbot.model_comparison import compare, decide
from nrwbot.retraining import Candidate, Outcome, Progress
from tests.admin.conftest import Clock, Lifespan, client_for, csrf_of, login
from tests.admin.review_project import make_review_project

HELDOUT = {
    "examples": 905,
    "intent_accuracy": 0.90,
    "intent_macro_f1": 0.88,
    "out_of_scope_precision": 0.85,
    "out_of_scope_recall": 0.8,
    "per_intent_f1": {"greet": 0.9, "fund_verlust": 0.8},
    "entity_f1": {"DIETClassifier": {"micro_f1": 0.7, "per_entity": {}}},
}


class FakeRun:
    """Stands in for nrwbot.retraining.retrain: reports progress, waits for `gate`, releases."""

    def __init__(self, models: Path) -> None:
        self.models = models
        self.gate = threading.Event()
        self.calls: list[bool] = []

    def __call__(self, project: object, progress: Progress, full: bool = False) -> Outcome:
        self.calls.append(full)
        progress.phase(2, "Training the candidate")
        progress.line("2026-12-02 INFO rasa - Starting to train component 'DIETClassifier'.")
        progress.line("Epochs:  50%|█████     | 20/40 [00:40<00:40,  2.00s/it]")
        assert self.gate.wait(10), "the test never opened the gate"
        model = self.models / "nrwbot-candidate.tar.gz"
        model.write_bytes(b"candidate")
        better = {**HELDOUT, "intent_accuracy": 0.91}
        heldout = compare("held-out set", better, HELDOUT)
        released = releases.release(self.models, model)
        candidate = Candidate(model, "fine-tuned from nrwbot-current.tar.gz", 42.0)
        current = self.models / "nrwbot-current.tar.gz"
        return Outcome(candidate, current, (heldout,), decide(heldout), released)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_review_project(tmp_path / "project")


@pytest.fixture
def models(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("nrwbot-first.tar.gz", "nrwbot-current.tar.gz"):
        (folder / name).write_bytes(b"model")
        releases.release(folder, folder / name)
    return folder


@pytest.fixture
async def models_app(
    admin_settings: AdminSettings,
    catalog: Catalog,
    clock: Clock,
    root: Path,
    models: Path,
    tmp_path: Path,
) -> AsyncIterator[Sanic]:
    exporter = Exporter(root, discover_experts(root / "domains"), tmp_path / "last-export.yml")
    application = create_app(admin_settings, catalog=catalog, clock=clock, exporter=exporter)
    context = application.ctx.admin
    context.retrainer = Retrainer(lambda: None, models, context.audit, FakeRun(models), clock)
    async with Lifespan(application):
        yield application


@pytest.fixture
async def client(models_app: Sanic) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(models_app) as http:
        yield http


def _annotate(app: Sanic, text: str, intent: str) -> None:
    number = len(app.ctx.admin.annotations.latest())
    message = Message(f"soest-{number}", 0, 0.0, text, "greet", 0.4, (), "soest")
    app.ctx.admin.annotations.save([(message, "corrected", intent, [])], "plattform")


def _actions(app: Sanic) -> list[str]:
    return [entry.action for entry in app.ctx.admin.audit.entries()]


async def test_a_municipal_admin_gets_403_for_export_retraining_and_rollback(
    client: httpx.AsyncClient, models_app: Sanic, root: Path, models: Path
) -> None:
    _annotate(models_app, "wo gebe ich einen Fund ab", "fund_abgabe")
    await login(client, "soest")
    csrf = csrf_of((await client.get("/eingang")).text)
    for path in ("/export", "/modelle"):
        page = await client.get(path)
        assert page.status_code == 403 and "Plattform-Administratoren" in page.text
    for path in ("/export", "/modelle/training", "/modelle/zuruecksetzen"):
        assert (await client.post(path, data={"csrf": csrf})).status_code == 403
    inbox = (await client.get("/eingang")).text
    assert 'href="/export"' not in inbox and 'href="/modelle"' not in inbox
    assert not (root / "domains" / "fund" / "data" / "nlu_reviewed.yml").exists()
    assert releases.current(models).model == "nrwbot-current.tar.gz"
    assert not models_app.ctx.admin.retrainer.run.calls
    assert "exported" not in _actions(models_app)


async def test_forms_without_a_valid_csrf_token_are_refused(
    client: httpx.AsyncClient, models_app: Sanic, root: Path, models: Path
) -> None:
    _annotate(models_app, "wo gebe ich einen Fund ab", "fund_abgabe")
    await login(client, "plattform")
    page = (await client.get("/export")).text
    digest = page.split('name="digest" value="')[1].split('"')[0]
    for path, data in [
        ("/export", {"digest": digest}),
        ("/export", {"digest": digest, "csrf": "falsch"}),
        ("/modelle/training", {}),
        ("/modelle/zuruecksetzen", {"csrf": "falsch"}),
    ]:
        assert (await client.post(path, data=data)).status_code == 403
    assert not (root / "domains" / "fund" / "data" / "nlu_reviewed.yml").exists()
    assert releases.current(models).model == "nrwbot-current.tar.gz"
    assert not models_app.ctx.admin.retrainer.run.calls


async def test_the_export_page_shows_the_diff_and_the_button_writes_it(
    client: httpx.AsyncClient, models_app: Sanic, root: Path, tmp_path: Path
) -> None:
    _annotate(models_app, "wo gebe ich einen Fund ab", "fund_abgabe")
    _annotate(models_app, "hallo ersma", "greet")
    await login(client, "plattform")
    page = await client.get("/export")
    assert page.status_code == 200
    assert "+++ b/domains/fund/data/nlu_reviewed.yml" in page.text
    assert "+    - wo gebe ich einen Fund ab" in page.text
    assert "Exportieren" in page.text
    assert "tests/nlu/heldout.yml, auf dem nie trainiert wird" in page.text
    digest = page.text.split('name="digest" value="')[1].split('"')[0]
    form = {"csrf": csrf_of(page.text), "digest": digest}
    written = await client.post("/export", data=form)
    assert written.status_code == 303 and written.headers["location"] == "/export?written=1"
    target = root / "domains" / "fund" / "data" / "nlu_reviewed.yml"
    assert "- wo gebe ich einen Fund ab" in target.read_text()
    assert (tmp_path / "last-export.yml").exists()
    (entry,) = [e for e in models_app.ctx.admin.audit.entries() if e.action == "exported"]
    assert entry.account == "plattform" and "wo gebe" not in entry.detail
    assert "1 examples to domains/fund/data/nlu_reviewed.yml (+1)" in entry.detail
    after = (await client.get("/export?written=1")).text
    assert "1 Beispiele wurden geschrieben" in after and "nichts Neues" in after


async def test_an_export_that_changed_since_the_page_was_shown_is_not_written(
    client: httpx.AsyncClient, models_app: Sanic, root: Path
) -> None:
    _annotate(models_app, "wo gebe ich einen Fund ab", "fund_abgabe")
    await login(client, "plattform")
    page = (await client.get("/export")).text
    digest = page.split('name="digest" value="')[1].split('"')[0]
    _annotate(models_app, "ich hab meine brille verloren", "fund_verlust")
    response = await client.post("/export", data={"csrf": csrf_of(page), "digest": digest})
    assert response.status_code == 409 and "Es wurde nichts geschrieben" in response.text
    assert "brille" in response.text
    assert not (root / "domains" / "fund" / "data" / "nlu_reviewed.yml").exists()


async def test_retraining_runs_in_the_background_one_at_a_time(
    client: httpx.AsyncClient, models_app: Sanic, models: Path
) -> None:
    retrainer = models_app.ctx.admin.retrainer
    await login(client, "plattform")
    page = (await client.get("/modelle")).text
    assert "nrwbot-current.tar.gz" in page and "(aktuell)" in page
    started = await client.post("/modelle/training", data={"csrf": csrf_of(page), "full": "1"})
    assert started.status_code == 303
    running = (await client.get("/modelle")).text
    assert "Training läuft" in running and "2 von 4: Kandidaten trainieren" in running
    assert "DIETClassifier" in running and "20/40" in running
    again = await client.post("/modelle/training", data={"csrf": csrf_of(running)})
    assert again.status_code == 409 and "läuft bereits" in again.text
    retrainer.run.gate.set()
    retrainer.wait(10)
    assert retrainer.run.calls == [True]
    done = (await client.get("/modelle")).text
    assert "Letztes Training" in done and "Freigegeben: <code>nrwbot-candidate.tar.gz" in done
    assert "Genauigkeit (Absicht)" in done and "+0.0100" in done
    assert "Feinabstimmung von <code>nrwbot-current.tar.gz</code>, 42 s" in done
    assert releases.current(models).model == "nrwbot-candidate.tar.gz"
    assert _actions(models_app)[:3] == ["released", "retrained", "retrain_started"]


async def test_the_rollback_button_restores_the_previous_release(
    client: httpx.AsyncClient, models_app: Sanic, models: Path
) -> None:
    await login(client, "plattform")
    page = (await client.get("/modelle")).text
    response = await client.post("/modelle/zuruecksetzen", data={"csrf": csrf_of(page)})
    assert response.status_code == 303
    assert releases.current(models).model == "nrwbot-first.tar.gz"
    (entry,) = [e for e in models_app.ctx.admin.audit.entries() if e.action == "rolled_back"]
    assert entry.account == "plattform" and entry.detail == "to nrwbot-first.tar.gz"
    notice = (await client.get(response.headers["location"])).text
    assert "wieder freigegeben" in notice
    refused = await client.post("/modelle/zuruecksetzen", data={"csrf": csrf_of(notice)})
    assert refused.status_code == 409 and "keine frühere Freigabe" in refused.text
