"""The status check action: one answer per status and per failure, and the data is forgotten."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, cast

import pytest
from pydantic import ValidationError
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.ausweisstatus.actions import (
    BIRTH_DATE_SLOT,
    FAILURES_SLOT,
    MAX_FAILED_ATTEMPTS,
    NUMBER_SLOT,
    ActionAusweisCheckStatus,
)
from domains.ausweisstatus.client import AusweisClient, AusweisStatus, DocumentStatus
from domains.ausweisstatus.settings import AusweisSettings
from domains.ausweisstatus.tests.support import make_tracker
from nrwbot.service_client import (
    InvalidRequest,
    NotFound,
    RateLimited,
    ServiceError,
    ServiceUnavailable,
)

FILLED = {NUMBER_SLOT: "L01X00T47", BIRTH_DATE_SLOT: "1949-10-22"}
RESET = [SlotSet(NUMBER_SLOT, None), SlotSet(BIRTH_DATE_SLOT, None)]


class FakeClient:
    """Stands in for AusweisClient: returns one result or raises one error, records calls."""

    def __init__(self, result: AusweisStatus | None = None, error: ServiceError | None = None):
        self.result, self.error = result, error
        self.calls: list[tuple[str, date, str]] = []

    async def check_status(self, nummer: str, geburtsdatum: date, conversation_id: str) -> Any:
        self.calls.append((nummer, geburtsdatum, conversation_id))
        if self.error is not None:
            raise self.error
        return self.result


async def run_check(
    client: FakeClient, settings: dict[str, Any], slots: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[Any]]:
    action = ActionAusweisCheckStatus(
        cast(AusweisClient, client), settings_of=lambda _: AusweisSettings.parse_obj(settings)
    )
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker({**FILLED, **(slots or {})}), {})
    return dispatcher.messages, events


@pytest.mark.parametrize(
    ("status", "response"),
    [
        (DocumentStatus.BEANTRAGT, "utter_ausweis_status_beantragt"),
        (DocumentStatus.IN_PRODUKTION, "utter_ausweis_status_in_produktion"),
        (DocumentStatus.ABHOLBEREIT, "utter_ausweis_status_abholbereit"),
        (DocumentStatus.ABGEHOLT, "utter_ausweis_status_abgeholt"),
    ],
)
async def test_each_status_gets_its_answer_and_the_data_is_reset(
    status: DocumentStatus, response: str, settings: dict[str, Any]
) -> None:
    client = FakeClient(AusweisStatus(status, dokumentart="Reisepass"))

    messages, events = await run_check(client, settings)

    assert [m["response"] for m in messages] == [response]
    assert client.calls == [("L01X00T47", date(1949, 10, 22), "conversation-4711")]
    assert events == RESET
    # Privacy: nothing the backend knows beyond the status reaches the answer.
    assert "Reisepass" not in messages[0].values()


async def test_in_production_answer_names_the_tenant_durations(settings: dict[str, Any]) -> None:
    messages, _ = await run_check(FakeClient(AusweisStatus(DocumentStatus.IN_PRODUKTION)), settings)
    assert messages[0]["dauer_personalausweis"] == "etwa 2 bis 3 Wochen"
    assert messages[0]["dauer_reisepass"] == "etwa 4 bis 6 Wochen"


async def test_ready_answer_prefers_the_place_the_backend_names(settings: dict[str, Any]) -> None:
    ready = AusweisStatus(DocumentStatus.ABHOLBEREIT, abholort="Bürgerbüro Nord, Weg 2")
    messages, _ = await run_check(FakeClient(ready), settings)
    assert messages[0]["abholort"] == "Bürgerbüro Nord, Weg 2"
    assert messages[0]["oeffnungszeiten"] == "Mo–Fr 8–12 Uhr"  # the tenant's general hours


async def test_ready_answer_falls_back_to_the_tenant_place(settings: dict[str, Any]) -> None:
    messages, _ = await run_check(FakeClient(AusweisStatus(DocumentStatus.ABHOLBEREIT)), settings)
    assert messages[0]["abholort"] == "Bürgerbüro Teststadt, Markt 1"
    assert (
        "Termin" in messages[0]["abholung_termin"]
        and "01234 56-0" in messages[0]["abholung_termin"]
    )


async def test_not_found_gives_the_neutral_answer_and_counts_the_attempt(
    settings: dict[str, Any],
) -> None:
    messages, events = await run_check(FakeClient(error=NotFound("404")), settings)
    assert [m["response"] for m in messages] == ["utter_ausweis_status_unbekannt"]
    assert events == [SlotSet(FAILURES_SLOT, 1.0), *RESET]


async def test_the_third_failed_attempt_offers_only_the_contact(settings: dict[str, Any]) -> None:
    messages, events = await run_check(
        FakeClient(error=NotFound("404")), settings, {FAILURES_SLOT: 2.0}
    )
    assert [m["response"] for m in messages] == ["utter_ausweis_status_gesperrt"]
    assert events == [SlotSet(FAILURES_SLOT, 3.0), *RESET]


async def test_rate_limited_offers_only_the_contact_and_blocks_further_lookups(
    settings: dict[str, Any],
) -> None:
    messages, events = await run_check(FakeClient(error=RateLimited("429", 600)), settings)
    assert [m["response"] for m in messages] == ["utter_ausweis_status_gesperrt"]
    assert events == [SlotSet(FAILURES_SLOT, float(MAX_FAILED_ATTEMPTS)), *RESET]


async def test_a_blocked_conversation_does_not_reach_the_backend(settings: dict[str, Any]) -> None:
    client = FakeClient(AusweisStatus(DocumentStatus.ABHOLBEREIT))
    messages, events = await run_check(client, settings, {FAILURES_SLOT: 3.0})
    assert client.calls == []
    assert [m["response"] for m in messages] == ["utter_ausweis_status_gesperrt"]
    assert events == RESET


async def test_backend_down_is_answered_politely_and_logged_without_traceback(
    settings: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    error = ServiceUnavailable("POST /ausweisantraege/status: ConnectError: refused")
    with caplog.at_level(logging.WARNING, logger="domains.ausweisstatus.actions"):
        messages, events = await run_check(FakeClient(error=error), settings)

    assert [m["response"] for m in messages] == ["utter_ausweis_status_nicht_erreichbar"]
    assert events == RESET  # an outage is no failed attempt of the citizen
    (record,) = caplog.records
    logged = record.getMessage()
    assert "ausweisstatus" in logged and "conversation-4711" in logged and "ConnectError" in logged
    assert record.exc_info is None
    assert "L01X00T47" not in logged and "1949" not in logged


async def test_refused_input_gets_the_neutral_answer_without_counting(
    settings: dict[str, Any],
) -> None:
    messages, events = await run_check(FakeClient(error=InvalidRequest("400")), settings)
    assert [m["response"] for m in messages] == ["utter_ausweis_status_unbekannt"]
    assert events == RESET


def test_a_tenant_without_backend_url_is_refused_before_any_conversation(
    settings: dict[str, Any],
) -> None:
    del settings["backend_url"]
    with pytest.raises(ValidationError, match="backend_url"):
        AusweisSettings.parse_obj(settings)


async def test_without_number_and_date_nothing_is_looked_up(settings: dict[str, Any]) -> None:
    client = FakeClient(AusweisStatus(DocumentStatus.ABHOLBEREIT))
    messages, _ = await run_check(client, settings, {NUMBER_SLOT: None})
    assert client.calls == []
    assert [m["response"] for m in messages] == ["utter_ausweis_status_unbekannt"]
