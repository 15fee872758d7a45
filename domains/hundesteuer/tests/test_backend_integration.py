"""Against the real reference backend: rates and amounts come from it, and the submit actions
store exactly what was confirmed, with the tax the backend computed."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import (
    ActionHundesteuerAbmeldungAbsenden,
    ActionHundesteuerAnmeldungAbsenden,
    ActionHundesteuerKosten,
    ValidateHundesteuerAnmeldungForm,
)
from domains.hundesteuer.client import HundesteuerClient
from domains.hundesteuer.tests.conftest import make_tracker, rendered
from domains.hundesteuer.tests.test_registration_form import DOMAIN as FORM_DOMAIN
from nrwbot.testing import RunningBackend, responses_sent
from tests.harness import free_port

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def backend_url(backend_server: RunningBackend) -> str:
    """The seeded reference backend (`nrwbot.testing`); clients send its token."""
    return backend_server.url


def stored_registration(backend: RunningBackend, aktenzeichen: str) -> dict[str, Any]:
    """A registration as the backend stored it (the API has no way to read it back)."""
    with closing(sqlite3.connect(backend.database)) as database:
        database.row_factory = sqlite3.Row
        row = database.execute(
            "SELECT * FROM hundesteuer_anmeldungen WHERE aktenzeichen = ?", (aktenzeichen,)
        ).fetchone()
    assert row is not None, aktenzeichen
    return dict(row)


@pytest.fixture(autouse=True)
def _settings(tenant_settings: Any) -> None:
    """The real tenant files; the client is pointed at the test backend explicitly."""


YESTERDAY = date.today() - timedelta(days=1)
REGISTRATION = {
    "hundesteuer_halter_name": "Sabine Berghoff",
    "hundesteuer_adresse": {"strasse": "Nöttenstraße 14", "plz": "59494", "ort": "Soest"},
    "hundesteuer_hund_name": "Bruno",
    "hundesteuer_rasse": "Staffordshire Bullterrier",
    "hundesteuer_gefaehrlich": True,
    "hundesteuer_aufnahmedatum": YESTERDAY.isoformat(),
    "hundesteuer_chipnummer": "276098100123456",
    "hundesteuer_anzahl_hunde": 1,
    "hundesteuer_anzahl_gefaehrlich": 0,
    "hundesteuer_ermaessigung": "keine",
    "hundesteuer_bestaetigung": True,
}


async def run_action(
    action: Any, slots: dict[str, Any], tenant: str = "soest"
) -> tuple[list[dict[str, Any]], str, list[str]]:
    tracker = make_tracker(slots, intent="affirm", tenant=tenant)
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return events, rendered(dispatcher, tracker), responses_sent(dispatcher)


async def test_registration_is_stored_with_exactly_the_given_data(
    backend_url: str, backend_server: RunningBackend
) -> None:
    client = HundesteuerClient(backend_url)
    action = ActionHundesteuerAnmeldungAbsenden(client_factory=lambda settings: client)
    _, reply, sent = await run_action(action, REGISTRATION)
    assert sent[0] == "utter_hundesteuer_anmeldung_erfolg", reply
    aktenzeichen = next(word for word in reply.split() if word.startswith("HST-"))
    assert "444,00 €" in reply  # first dangerous dog in Soest

    stored = stored_registration(backend_server, aktenzeichen)
    stored.pop("eingegangen_am")
    assert stored == {
        "aktenzeichen": aktenzeichen,
        "halter_name": "Sabine Berghoff",
        "strasse": "Nöttenstraße 14",
        "plz": "59494",
        "ort": "Soest",
        "hund_name": "Bruno",
        "rasse": "Staffordshire Bullterrier",
        "aufnahmedatum": YESTERDAY.isoformat(),
        "chipnummer": "276098100123456",
        "gefaehrlich": 1,
        "anzahl_hunde_bisher": 1,
        "ermaessigung": "keine",
        "jahressteuer_cent": 44400,  # computed by the backend: no amount was sent
        "gemeinde": "soest",
        "anzahl_gefaehrlich_bisher": 0,
    }

    # De-registering that dog by its Aktenzeichen and the owner's name is taken as it is ...
    abmeldung = {
        "hundesteuer_abmeldegrund": "verstorben",
        "hundesteuer_abmeldedatum": date.today().isoformat(),
        "hundesteuer_aktenzeichen": aktenzeichen,
        "hundesteuer_halter_name": "sabine berghoff",
        "hundesteuer_bestaetigung": True,
    }
    deregister = ActionHundesteuerAbmeldungAbsenden(client_factory=lambda settings: client)
    _, reply, sent = await run_action(deregister, abmeldung)
    assert sent[0] == "utter_hundesteuer_abmeldung_erfolg", reply
    assert "HSA-" in reply

    # ... with another name the tax office checks it first ...
    _, reply, sent = await run_action(
        deregister, {**abmeldung, "hundesteuer_halter_name": "Jemand Anderes"}
    )
    assert sent[0] == "utter_hundesteuer_abmeldung_zu_pruefen", reply
    assert "meldet sich bei Ihnen" in reply

    # ... an unknown one is asked for again, nothing is stored.
    unknown = {**abmeldung, "hundesteuer_aktenzeichen": "HST-2001-99999"}
    events, _, sent = await run_action(deregister, unknown)
    assert sent == ["utter_hundesteuer_aktenzeichen_unbekannt"]
    assert [e["name"] for e in events if e["event"] == "followup"] == ["hundesteuer_abmeldung_form"]


async def test_deregistration_by_name_and_address_is_checked_by_the_office(
    backend_url: str,
) -> None:
    client = HundesteuerClient(backend_url)
    deregister = ActionHundesteuerAbmeldungAbsenden(client_factory=lambda settings: client)
    slots = {
        "hundesteuer_abmeldegrund": "verzogen",
        "hundesteuer_abmeldedatum": date.today().isoformat(),
        "hundesteuer_aktenzeichen": "keine",
        "hundesteuer_halter_name": "Sabine Berghoff",
        "hundesteuer_adresse": {"strasse": "Nöttenstraße 14", "plz": "59494", "ort": "Soest"},
        "hundesteuer_hund_name": "Bruno",
        "hundesteuer_bestaetigung": True,
    }
    _, reply, sent = await run_action(deregister, slots)
    assert sent[0] == "utter_hundesteuer_abmeldung_zu_pruefen", reply


async def test_the_cost_answer_names_the_backend_s_rates(backend_url: str) -> None:
    action = ActionHundesteuerKosten(client_factory=lambda settings: HundesteuerClient(backend_url))
    for tenant, amounts in (
        ("soest", ("85,80 €", "102,00 €", "118,80 €", "444,00 €", "600,00 €")),
        ("lippstadt", ("84,00 €", "102,00 €", "120,00 €", "546,00 €", "900,00 €")),
    ):
        _, reply, sent = await run_action(action, {}, tenant=tenant)
        assert sent == ["utter_hundesteuer_kosten"], reply
        assert all(amount in reply for amount in amounts), reply


async def test_summary_and_receipt_name_the_amount_the_backend_stores(
    backend_url: str, backend_server: RunningBackend
) -> None:
    # A second dangerous dog in Lippstadt (one of the two dogs before is dangerous): 900 €.
    slots = {
        **REGISTRATION,
        "hundesteuer_adresse": {"strasse": "Cappeltor 2", "plz": "59555", "ort": "Lippstadt"},
        "hundesteuer_anzahl_hunde": 2,
        "hundesteuer_anzahl_gefaehrlich": 1,
    }
    client = HundesteuerClient(backend_url)
    form = ValidateHundesteuerAnmeldungForm(client_factory=lambda settings: client)
    tracker = make_tracker(
        {**slots, "hundesteuer_bestaetigung": None},
        candidates={"hundesteuer_ermaessigung": "keine"},
        active_loop="hundesteuer_anmeldung_form",
        tenant="lippstadt",
    )
    dispatcher = CollectingDispatcher()
    await form.run(dispatcher, tracker, FORM_DOMAIN)
    assert responses_sent(dispatcher)[-1] == "utter_hundesteuer_anmeldung_betrag"
    assert "900,00 €" in rendered(dispatcher, tracker)

    submit = ActionHundesteuerAnmeldungAbsenden(client_factory=lambda settings: client)
    _, reply, _ = await run_action(submit, slots, tenant="lippstadt")
    assert "900,00 €" in reply
    aktenzeichen = next(word for word in reply.split() if word.startswith("HST-"))
    stored = stored_registration(backend_server, aktenzeichen)
    assert (stored["gemeinde"], stored["jahressteuer_cent"]) == ("lippstadt", 90000)


async def test_backend_down_says_nothing_was_submitted() -> None:
    client = HundesteuerClient(f"http://127.0.0.1:{free_port()}/api/v1")  # nobody listens
    action = ActionHundesteuerAnmeldungAbsenden(client_factory=lambda settings: client)
    events, reply, _ = await run_action(action, REGISTRATION)
    assert "nichts übermittelt" in reply
    assert [e["name"] for e in events if e["event"] == "followup"] == ["hundesteuer_anmeldung_form"]
