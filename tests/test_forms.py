"""nrwbot.forms: from the second refused answer to a question on, help and a way out."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from nrwbot.forms import CORE_HELP_RESPONSE, REFUSED_ANSWERS_SLOT, ExpertFormValidation
from nrwbot.offers import OFFER_SLOT
from nrwbot.testing import make_tracker, responses_sent

FORM = "farbe_form"
DOMAIN: dict[str, Any] = {
    "forms": {FORM: {"required_slots": ["farbe", "groesse"]}},
    "slots": {
        "farbe": {"type": "text", "mappings": [{"type": "from_text"}]},
        "groesse": {"type": "text", "mappings": [{"type": "from_text"}]},
    },
    "responses": {"utter_farbe_hilfe": [{"text": "Zum Beispiel „rot“."}]},
}


class ValidateFarbeForm(ExpertFormValidation):
    def name(self) -> str:
        return f"validate_{FORM}"

    def validate_farbe(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        if value in ("rot", "blau"):
            return {"farbe": value}
        dispatcher.utter_message(response="utter_farbe_ungueltig")
        return {"farbe": None}

    def validate_groesse(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Any
    ) -> dict[str, Any]:
        return {"groesse": value if value in ("S", "M") else None}


def _answer(
    text: str, refused: float, asked: str = "farbe", loop: str | None = FORM
) -> tuple[list[str], float | None]:
    tracker = make_tracker(
        {asked: text, "requested_slot": asked, REFUSED_ANSWERS_SLOT: refused},
        text=text,
        active_loop=loop,
    )
    tracker.events.append({"event": "slot", "name": asked, "value": text})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateFarbeForm().run(dispatcher, tracker, DOMAIN))
    counts = [e["value"] for e in events if e.get("name") == REFUSED_ANSWERS_SLOT]
    return responses_sent(dispatcher), counts[-1] if counts else None


def test_the_first_refused_answer_is_only_asked_again() -> None:
    sent, refused = _answer("grün", 0)
    assert sent == ["utter_farbe_ungueltig"] and refused == 1


def test_the_second_refused_answer_gets_examples_and_the_way_out() -> None:
    sent, refused = _answer("grün", 1)
    assert sent == ["utter_farbe_ungueltig", "utter_farbe_hilfe", CORE_HELP_RESPONSE]
    assert refused == 2


def test_without_examples_of_the_expert_the_way_out_still_comes() -> None:
    sent, refused = _answer("XXL", 1, asked="groesse")
    assert sent == [CORE_HELP_RESPONSE] and refused == 2


def test_an_accepted_answer_starts_the_count_afresh() -> None:
    sent, refused = _answer("rot", 3)
    assert CORE_HELP_RESPONSE not in sent and refused == 0


def test_a_form_that_starts_counts_from_zero() -> None:
    # A count left from an earlier form must not give help at the first refusal of this one.
    sent, refused = _answer("grün", 5, loop=None)
    assert CORE_HELP_RESPONSE not in sent and refused == 0


def test_the_base_is_not_registered_as_an_action() -> None:
    # rasa-sdk registers every concrete Action subclass; the base has no name to register.
    import inspect

    assert inspect.isabstract(ExpertFormValidation)
    assert not inspect.isabstract(ValidateFarbeForm)


def test_the_action_server_registers_every_action() -> None:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")  # raised for a concrete base class without a name
    assert "validate_hundesteuer_abmeldung_form" in executor.actions


def test_a_running_form_closes_an_offer_made_before() -> None:
    offer = {"expert": "x", "form": FORM, "question": "q", "declined": "d"}
    tracker = make_tracker({"requested_slot": None, OFFER_SLOT: offer}, text="ja", active_loop=None)
    events = asyncio.run(ValidateFarbeForm().run(CollectingDispatcher(), tracker, DOMAIN))
    assert {"event": "slot", "name": OFFER_SLOT, "value": None, "timestamp": None} in events
