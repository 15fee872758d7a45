"""Fixtures for the hundesteuer tests: tenant settings from the repo's tenant files, a mocked
backend with the reference backend's tariffs, trackers in a tenant's conversation (on
`nrwbot.testing.make_tracker`), and rendering of the responses an action asked for, so tests can
assert on the text."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from rasa_sdk import Tracker

from backend.fields import format_cents
from backend.hundesteuer_tarif import Tarif, jahressteuer_cent
from backend.seed import DEMO_DIR, read_seed_file
from domains.hundesteuer.client import HundesteuerClient, Steuerfall
from nrwbot.conversation import MUNICIPALITY_SLOT
from nrwbot.testing import make_tracker as nrwbot_tracker

EXPERT_DIR = Path(__file__).resolve().parents[1]
TENANTS_DIR = EXPERT_DIR.parents[1] / "tenants"
MUNICIPALITIES = {"soest": "Stadt Soest", "lippstadt": "Stadt Lippstadt"}


def tenant_block(tenant: str) -> dict[str, Any]:
    """The `experts: hundesteuer:` block of a tenant file in tenants/."""
    data = yaml.safe_load((TENANTS_DIR / f"{tenant}.yml").read_text(encoding="utf-8"))
    return dict(data["experts"]["hundesteuer"])


@pytest.fixture
def tenant_settings(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, dict[str, Any]], None]:
    """Serves the real tenant blocks to the actions; a test may override single values."""
    overrides: dict[str, dict[str, Any]] = {}

    def fake_expert_settings(tracker: Any, expert: str, model: type) -> Any:
        assert expert == "hundesteuer"
        tenant = tracker.get_slot("tenant") or "soest"
        return model.parse_obj({**tenant_block(tenant), **overrides.get(tenant, {})})

    # Actions get their settings from nrwbot.sdk's lookup, the form validations from the expert's.
    for lookup in ("nrwbot.sdk", "domains.hundesteuer.actions.settings"):
        monkeypatch.setattr(f"{lookup}.expert_settings", fake_expert_settings)

    def override(tenant: str, values: dict[str, Any]) -> None:
        overrides.setdefault(tenant, {}).update(values)

    return override


def _demo_tariffs() -> dict[str, dict[str, Any]]:
    rows = read_seed_file(DEMO_DIR / "hundesteuer_tarife.json")["hundesteuer_tarife"]
    return {row["gemeinde"]: row for row in rows}


DEMO_TARIFFS = _demo_tariffs()


def demo_jahressteuer(fall: Steuerfall) -> Decimal:
    """The annual tax the reference backend charges for `fall` with its demo tariffs."""
    row = DEMO_TARIFFS[fall.gemeinde]
    cents = jahressteuer_cent(
        Tarif(normal=tuple(row["normal"]), gefaehrlich=tuple(row["gefaehrlich"])),
        gefaehrlich=fall.gefaehrlich,
        anzahl_hunde_bisher=fall.anzahl_hunde_bisher,
        anzahl_gefaehrlich_bisher=fall.anzahl_gefaehrlich_bisher or 0,
    )
    return Decimal(format_cents(cents))


class DemoBackend:
    """The backend's tariff and quote endpoints behind an `httpx.MockTransport`, no network.

    Rates come from `backend/demo/hundesteuer_tarife.json` and amounts from the backend's own
    rule (`backend.hundesteuer_tarif`), so a test asserting "85,80 €" asserts what the reference
    backend states for Soest. `status` makes every request fail with that status instead.
    """

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.status: int | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status is not None:
            return httpx.Response(self.status, json={"error": "x", "message": "x"})
        path = request.url.path.removeprefix("/api/v1")
        if request.method == "GET" and path == "/hundesteuer/tarife":
            row = DEMO_TARIFFS.get(request.url.params.get("gemeinde", ""))
            if row is None:
                return httpx.Response(404, json={"error": "not_found", "message": "unbekannt"})
            rates = {art: [format_cents(c) for c in row[art]] for art in ("normal", "gefaehrlich")}
            body = {"gemeinde": row["gemeinde"], "waehrung": "EUR", **rates}
            return httpx.Response(200, json=body | {"tarif_hinweis": row["tarif_hinweis"]})
        if request.method == "POST" and path == "/hundesteuer/berechnung":
            fall = Steuerfall(**json.loads(request.content))
            row = DEMO_TARIFFS[fall.gemeinde]
            amount = f"{demo_jahressteuer(fall):.2f}"
            body = {"gemeinde": fall.gemeinde, "waehrung": "EUR", "jahressteuer": amount}
            return httpx.Response(200, json=body | {"tarif_hinweis": row["tarif_hinweis"]})
        return httpx.Response(404, json={"error": "not_found", "message": request.url.path})

    def client(self, settings: Any = None) -> HundesteuerClient:
        """A client on this backend; takes the tenant settings like the actions' factory."""
        return HundesteuerClient("http://backend.test/api/v1", transport=httpx.MockTransport(self))

    def sent(self) -> list[Any]:
        """The JSON bodies of the POST requests, in order."""
        return [json.loads(r.content) for r in self.requests if r.method == "POST"]


@pytest.fixture
def demo_backend() -> DemoBackend:
    """A fresh mocked backend with the reference backend's demo tariffs."""
    return DemoBackend()


def make_tracker(
    slots: dict[str, Any] | None = None,
    *,
    text: str = "",
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    candidates: dict[str, Any] | None = None,
    tenant: str = "soest",
) -> Tracker:
    """`nrwbot.testing.make_tracker` in a tenant's conversation, after the form ran.

    `candidates` are the slots the form extracted from the message: set, and listed as slot
    events after it, where a `FormValidationAction` looks for what to validate.
    """
    all_slots = {MUNICIPALITY_SLOT: MUNICIPALITIES[tenant], **(slots or {}), **(candidates or {})}
    tracker = nrwbot_tracker(
        all_slots,
        text=text,
        intent=intent,
        entities=entities,
        active_loop=active_loop,
        tenant=tenant,
    )
    if active_loop:
        tracker.events.append({"event": "action", "name": active_loop})
    tracker.events += [
        {"event": "slot", "name": k, "value": v} for k, v in (candidates or {}).items()
    ]
    return tracker


def _responses() -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for path in sorted((EXPERT_DIR / "domain").glob("*.yml")):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    return responses


RESPONSES = _responses()


def render(message: dict[str, Any], tracker: Tracker) -> str:
    """The text a dispatched message shows, with slots and keyword values filled in."""
    if message.get("text"):
        return str(message["text"])
    name = message["response"]
    assert name in RESPONSES, f"{name} is not a response of the hundesteuer domain"
    values = {**tracker.slots, **{k: v for k, v in message.items() if k != "response"}}
    return str(RESPONSES[name][0]["text"]).format(**values)


def rendered(dispatcher: Any, tracker: Tracker) -> str:
    """Everything the dispatcher collected, as one text."""
    return "\n".join(render(message, tracker) for message in dispatcher.messages)


def failures_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The backend failure lines of `nrwbot.sdk.log_backend_failure`, in order."""
    return [r.getMessage() for r in caplog.records if r.name == "nrwbot.experts"]


def failure_line(action: str, error: str) -> str:
    """The start of the one log line for a backend failure in the test conversation."""
    return f"backend failure: expert=hundesteuer action={action} conversation=conversation-4711 error={error}: "
