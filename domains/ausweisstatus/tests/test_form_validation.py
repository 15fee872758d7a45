"""validate_ausweis_status_form: normalising, re-asking with an example, and blocking."""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.ausweisstatus.actions import (
    BIRTH_DATE_SLOT,
    FAILURES_SLOT,
    NUMBER_SLOT,
    REQUESTED_SLOT,
    ValidateAusweisStatusForm,
)
from domains.ausweisstatus.tests.support import entity, make_tracker

FORM = "ausweis_status_form"
DOMAIN: dict[str, Any] = {"forms": {FORM: {"required_slots": [NUMBER_SLOT, BIRTH_DATE_SLOT]}}}


def validate(slot: str, value: Any, text: str, requested: str | None) -> tuple[Any, list[str]]:
    """Runs one validate_<slot> method; returns the slot value and the responses sent."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({REQUESTED_SLOT: requested, slot: value}, text, active_loop=FORM)
    method = getattr(ValidateAusweisStatusForm(), f"validate_{slot}")
    result = method(value, dispatcher, tracker, DOMAIN)
    return result[slot], [m["response"] for m in dispatcher.messages]


def test_a_spaced_number_is_stored_normalised() -> None:
    assert validate(NUMBER_SLOT, "l01x 00t4 7", "l01x 00t4 7", NUMBER_SLOT) == ("L01X00T47", [])


def test_a_partly_extracted_number_is_completed_from_the_text() -> None:
    value, responses = validate(NUMBER_SLOT, "l01x", "l01x 00t4 7", NUMBER_SLOT)
    assert (value, responses) == ("L01X00T47", [])


def test_a_process_number_is_accepted() -> None:
    assert validate(NUMBER_SLOT, "pa-2026-001000", "pa-2026-001000", NUMBER_SLOT)[0] == (
        "PA-2026-001000"
    )


def test_a_bad_number_is_refused_and_asked_again_with_an_example() -> None:
    value, responses = validate(NUMBER_SLOT, "L01X00T4", "L01X00T4", NUMBER_SLOT)
    assert value is None
    assert responses == ["utter_ausweis_nummer_ungueltig"]


def test_no_complaint_when_the_opening_question_holds_no_number() -> None:
    # At activation nothing was asked yet; the form simply asks for the number.
    value, responses = validate(NUMBER_SLOT, "Perso", "Ist mein Perso fertig?", None)
    assert (value, responses) == (None, [])


def test_a_birth_date_is_stored_as_iso_date() -> None:
    assert validate(BIRTH_DATE_SLOT, "22.10.49", "22.10.49", BIRTH_DATE_SLOT) == (
        "1949-10-22",
        [],
    )


def test_a_birth_date_typed_as_free_text_is_read() -> None:
    value, _ = validate(
        BIRTH_DATE_SLOT, "ich bin am 22. Oktober 1949 geboren", "x", BIRTH_DATE_SLOT
    )
    assert value == "1949-10-22"


def test_a_future_birth_date_is_refused_with_its_own_reason() -> None:
    value, responses = validate(BIRTH_DATE_SLOT, "22.10.2049", "22.10.2049", BIRTH_DATE_SLOT)
    assert value is None
    assert responses == ["utter_ausweis_geburtsdatum_zukunft"]


def test_an_unreadable_birth_date_is_asked_again_with_an_example() -> None:
    value, responses = validate(BIRTH_DATE_SLOT, "irgendwann im Herbst", "x", BIRTH_DATE_SLOT)
    assert value is None
    assert responses == ["utter_ausweis_geburtsdatum_ungueltig"]


def test_an_unasked_date_is_no_birth_date_unless_the_citizen_says_so() -> None:
    text = "Ich habe am 12.10.2026 einen Pass beantragt, ist er fertig?"
    assert validate(BIRTH_DATE_SLOT, "12.10.2026", text, None) == (None, [])
    text = "Ist mein Pass fertig? Ich bin am 22.10.1949 geboren"
    assert validate(BIRTH_DATE_SLOT, "22.10.1949", text, None) == ("1949-10-22", [])


async def test_a_blocked_conversation_ends_the_form_without_asking() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({FAILURES_SLOT: 3.0}, "Ist mein Ausweis fertig?", active_loop=FORM)

    events = await ValidateAusweisStatusForm().run(dispatcher, tracker, DOMAIN)

    assert SlotSet(REQUESTED_SLOT, None) in events
    assert SlotSet(NUMBER_SLOT, None) in events and SlotSet(BIRTH_DATE_SLOT, None) in events
    assert dispatcher.messages == []


async def test_asking_about_a_kinderreisepass_status_explains_its_abolition_first() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        text="Ist der Kinderreisepass meiner Tochter fertig?",
        entities=[entity("document_type", "Kinderreisepass")],
        intent="ausweis_status",
        active_loop=FORM,
    )

    await ValidateAusweisStatusForm().run(dispatcher, tracker, DOMAIN)

    assert [m["response"] for m in dispatcher.messages] == ["utter_ausweis_kinderreisepass_hinweis"]


async def test_the_hint_is_not_repeated_while_the_form_asks() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({REQUESTED_SLOT: NUMBER_SLOT}, text="Kinderreisepass", active_loop=FORM)
    await ValidateAusweisStatusForm().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == []
