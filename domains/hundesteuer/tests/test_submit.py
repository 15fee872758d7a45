"""Submitting registrations and de-registrations with a fake client: exact payloads, replies,
and what the citizen hears when the backend fails."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import (
    ActionHundesteuerAbmeldungAbsenden,
    ActionHundesteuerAnmeldungAbsenden,
)
from domains.hundesteuer.client import (
    Abmeldestatus,
    Abmeldung,
    Anmeldung,
    NeueAbmeldung,
    NeueAnmeldung,
    Steuerfall,
)
from domains.hundesteuer.tests.conftest import (
    demo_jahressteuer,
    failure_line,
    failures_logged,
    make_tracker,
    rendered,
)
from nrwbot.service_client import InvalidRequest, NotFound, ServiceError, ServiceUnavailable
from nrwbot.testing import responses_sent

YESTERDAY = date.today() - timedelta(days=1)
REGISTRATION = {
    "hundesteuer_halter_name": "Sabine Berghoff",
    "hundesteuer_adresse": {"strasse": "Nöttenstraße 14", "plz": "59494", "ort": "Soest"},
    "hundesteuer_hund_name": "Bruno",
    "hundesteuer_rasse": "Beagle",
    "hundesteuer_gefaehrlich": False,
    "hundesteuer_aufnahmedatum": YESTERDAY.isoformat(),
    "hundesteuer_chipnummer": "keine",
    "hundesteuer_anzahl_hunde": 1,
    "hundesteuer_anzahl_gefaehrlich": None,
    "hundesteuer_ermaessigung": "keine",
    "hundesteuer_bestaetigung": True,
}


class FakeClient:
    """Records what the action submits; answers with a receipt or raises `error`.

    The receipt's annual tax is the reference backend's for its demo tariffs.
    """

    def __init__(
        self,
        error: ServiceError | None = None,
        status: Abmeldestatus = Abmeldestatus.EINGEGANGEN,
    ) -> None:
        self.error = error
        self.status = status
        self.anmeldungen: list[NeueAnmeldung] = []
        self.abmeldungen: list[NeueAbmeldung] = []

    async def anmelden(self, anmeldung: NeueAnmeldung) -> Anmeldung:
        self.anmeldungen.append(anmeldung)
        if self.error:
            raise self.error
        return Anmeldung(
            aktenzeichen="HST-2026-00042",
            eingegangen_am="2026-03-15T10:00:00Z",
            jahressteuer=demo_jahressteuer(anmeldung.steuerfall),
            daten=anmeldung,
        )

    async def abmelden(self, abmeldung: NeueAbmeldung) -> Abmeldung:
        self.abmeldungen.append(abmeldung)
        if self.error:
            raise self.error
        return Abmeldung(id="3", vorgangsnummer="HSA-2026-4D9RZ2PW", status=self.status)


@pytest.fixture(autouse=True)
def _settings(tenant_settings: Any) -> None:
    """Every test here reads the real tenant files."""


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def followups(events: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in events if e["event"] == "followup"]


async def register(client: FakeClient, slots: dict[str, Any], tenant: str = "soest"):
    tracker = make_tracker(slots, tenant=tenant, intent="affirm")
    dispatcher = CollectingDispatcher()
    action = ActionHundesteuerAnmeldungAbsenden(client_factory=lambda settings: client)
    events = await action.run(dispatcher, tracker, {})
    return events, dispatcher, tracker


async def test_registration_sends_exactly_the_confirmed_data() -> None:
    client = FakeClient()
    events, dispatcher, tracker = await register(client, REGISTRATION)
    assert client.anmeldungen[0].payload() == {
        "halter_name": "Sabine Berghoff",
        "strasse": "Nöttenstraße 14",
        "plz": "59494",
        "ort": "Soest",
        "hund_name": "Bruno",
        "rasse": "Beagle",
        "aufnahmedatum": YESTERDAY.isoformat(),
        "chipnummer": None,
        "ermaessigung": "keine",
        "gemeinde": "soest",
        "gefaehrlich": False,
        "anzahl_hunde_bisher": 1,
        "anzahl_gefaehrlich_bisher": None,
    }
    assert "jahressteuer" not in client.anmeldungen[0].payload()  # the backend computes it
    reply = rendered(dispatcher, tracker)
    assert "HST-2026-00042" in reply and "102,00 €" in reply  # the amount the backend stored
    assert "40 cm" in reply  # large-dog notice for a dog that is not listed
    # Everything the citizen typed is forgotten once it is submitted.
    assert all(value is None for value in slot_events(events).values())
    assert "hundesteuer_halter_name" in slot_events(events)


async def test_dangerous_dog_in_lippstadt_with_a_reduction_request() -> None:
    client = FakeClient()
    slots = {
        **REGISTRATION,
        "hundesteuer_rasse": "Rottweiler",
        "hundesteuer_gefaehrlich": True,
        "hundesteuer_chipnummer": "276098100123456",
        "hundesteuer_anzahl_hunde": 2,
        "hundesteuer_anzahl_gefaehrlich": 1,
        "hundesteuer_ermaessigung": "tierheim",
        "hundesteuer_adresse": {"strasse": "Cappeltor 2", "plz": "59555", "ort": "Lippstadt"},
    }
    _, dispatcher, tracker = await register(client, slots, tenant="lippstadt")
    sent = client.anmeldungen[0]
    assert sent.steuerfall == Steuerfall(
        gemeinde="lippstadt", gefaehrlich=True, anzahl_hunde_bisher=2, anzahl_gefaehrlich_bisher=1
    )
    assert sent.chipnummer == "276098100123456" and sent.ermaessigung.value == "tierheim"
    reply = rendered(dispatcher, tracker)
    assert "900,00 €" in reply and "HST-2026-00042" in reply  # second dangerous dog in Lippstadt
    assert responses_sent(dispatcher)[1:] == [
        "utter_hundesteuer_anmeldung_ermaessigung_folgt",
        "utter_hundesteuer_anmeldung_erlaubnis_hinweis",
    ]


@pytest.mark.parametrize(
    "error",
    [ServiceUnavailable("connection refused"), NotFound("odd 404"), ServiceError("anything else")],
)
async def test_backend_down_keeps_the_data_and_reopens_the_summary(
    error: ServiceError, caplog: pytest.LogCaptureFixture
) -> None:
    events, dispatcher, tracker = await register(FakeClient(error), REGISTRATION)
    reply = rendered(dispatcher, tracker)
    assert "nichts übermittelt" in reply and "02921 103-5314" in reply
    assert "Traceback" not in reply
    # Only the confirmation is undone; the form reopens at its summary.
    assert slot_events(events) == {"hundesteuer_bestaetigung": None}
    assert followups(events) == ["hundesteuer_anmeldung_form"]
    (line,) = failures_logged(caplog)
    assert line == failure_line(
        "action_hundesteuer_anmeldung_absenden", type(error).__name__
    ) + str(error)


async def test_refused_data_is_not_retried(caplog: pytest.LogCaptureFixture) -> None:
    error = InvalidRequest("refused", {"error": "invalid_request", "details": []})
    events, dispatcher, _ = await register(FakeClient(error), REGISTRATION)
    assert responses_sent(dispatcher) == ["utter_hundesteuer_abgelehnt"]
    (line,) = failures_logged(caplog)
    assert line.startswith(failure_line("action_hundesteuer_anmeldung_absenden", "InvalidRequest"))
    assert followups(events) == []
    assert slot_events(events)["hundesteuer_halter_name"] is None


DEREGISTRATION = {
    "hundesteuer_abmeldegrund": "verstorben",
    "hundesteuer_abmeldedatum": YESTERDAY.isoformat(),
    "hundesteuer_aktenzeichen": "HST-2026-7K3M9QTX",
    "hundesteuer_halter_name": "Jana Hoffmann",
    "hundesteuer_bestaetigung": True,
}


async def deregister(client: FakeClient, slots: dict[str, Any], tenant: str = "soest"):
    tracker = make_tracker(slots, tenant=tenant, intent="affirm")
    dispatcher = CollectingDispatcher()
    action = ActionHundesteuerAbmeldungAbsenden(client_factory=lambda settings: client)
    events = await action.run(dispatcher, tracker, {})
    return events, dispatcher, tracker


async def test_deregistration_by_aktenzeichen_tells_what_happens_next() -> None:
    client = FakeClient()
    events, dispatcher, tracker = await deregister(client, DEREGISTRATION)
    # The owner's name goes along: without it the backend leaves the case to the tax office.
    assert client.abmeldungen[0].payload() == {
        "aktenzeichen": "HST-2026-7K3M9QTX",
        "halter_name": "Jana Hoffmann",
        "grund": "verstorben",
        "datum": YESTERDAY.isoformat(),
    }
    assert responses_sent(dispatcher)[0] == "utter_hundesteuer_abmeldung_erfolg"
    reply = rendered(dispatcher, tracker)
    assert "HSA-2026-4D9RZ2PW" in reply
    assert "mit Ablauf des Monats" in reply  # Soest: liability ends at the end of the month
    assert "Steuermarke" in reply and "Tierarzt" in reply
    assert all(value is None for value in slot_events(events).values())


async def test_deregistration_by_owner_in_lippstadt_points_to_the_office_for_unknown_rules() -> (
    None
):
    client = FakeClient()
    slots = {
        **DEREGISTRATION,
        "hundesteuer_aktenzeichen": "keine",
        "hundesteuer_abmeldegrund": "verzogen",
        "hundesteuer_halter_name": "Jana Hoffmann",
        "hundesteuer_hund_name": "Luna",
        "hundesteuer_adresse": {"strasse": "Cappeltor 2", "plz": "59555", "ort": "Lippstadt"},
    }
    _, dispatcher, tracker = await deregister(client, slots, tenant="lippstadt")
    assert client.abmeldungen[0].payload() == {
        "halter_name": "Jana Hoffmann",
        "strasse": "Cappeltor 2",
        "plz": "59555",
        "ort": "Lippstadt",
        "hund_name": "Luna",
        "grund": "verzogen",
        "datum": YESTERDAY.isoformat(),
    }
    assert responses_sent(dispatcher) == [
        "utter_hundesteuer_abmeldung_erfolg",
        "utter_hundesteuer_abmeldung_ende_unbekannt",
        "utter_hundesteuer_abmeldung_nachweis_unbekannt",
    ]
    assert "02941 980-0" in rendered(dispatcher, tracker)


async def test_a_deregistration_to_be_checked_says_the_office_will_get_in_touch() -> None:
    client = FakeClient(status=Abmeldestatus.ZU_PRUEFEN)
    events, dispatcher, tracker = await deregister(client, DEREGISTRATION)
    sent = responses_sent(dispatcher)
    assert sent[0] == "utter_hundesteuer_abmeldung_zu_pruefen"
    assert "utter_hundesteuer_abmeldung_erfolg" not in sent
    reply = rendered(dispatcher, tracker)
    assert "HSA-2026-4D9RZ2PW" in reply
    assert "Steuerstelle prüft" in reply and "meldet sich bei Ihnen" in reply
    assert all(value is None for value in slot_events(events).values())


async def test_unknown_aktenzeichen_asks_for_it_again_and_keeps_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events, dispatcher, _ = await deregister(FakeClient(NotFound("404")), DEREGISTRATION)
    assert failures_logged(caplog) == []  # the citizen's answer, not a backend failure
    assert responses_sent(dispatcher) == ["utter_hundesteuer_aktenzeichen_unbekannt"]
    assert slot_events(events) == {
        "hundesteuer_aktenzeichen": None,
        "hundesteuer_bestaetigung": None,
    }
    assert followups(events) == ["hundesteuer_abmeldung_form"]


async def test_deregistration_backend_down(caplog: pytest.LogCaptureFixture) -> None:
    events, dispatcher, tracker = await deregister(
        FakeClient(ServiceUnavailable("timeout")), DEREGISTRATION
    )
    assert "nichts übermittelt" in rendered(dispatcher, tracker)
    assert slot_events(events) == {"hundesteuer_bestaetigung": None}
    assert followups(events) == ["hundesteuer_abmeldung_form"]
    (line,) = failures_logged(caplog)
    assert line.startswith(
        failure_line("action_hundesteuer_abmeldung_absenden", "ServiceUnavailable")
    )


async def test_refused_deregistration_is_not_retried() -> None:
    error = InvalidRequest("refused", {"error": "invalid_request", "details": []})
    events, dispatcher, _ = await deregister(FakeClient(error), DEREGISTRATION)
    assert responses_sent(dispatcher) == ["utter_hundesteuer_abgelehnt"]
    assert followups(events) == []
    assert all(value is None for value in slot_events(events).values())
    assert "hundesteuer_aktenzeichen" in slot_events(events)
