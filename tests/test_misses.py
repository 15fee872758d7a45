"""Misses: rephrase first, then the human contact; out of scope only for real questions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.misses import ActionFallback, ActionOutOfScope


def _user(intent: str, text: str = "x") -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def _tracker(*users: dict[str, Any]) -> Tracker:
    return Tracker("test", {}, {}, list(users), False, None, {}, "action_listen")


async def _response(action: Any, *users: dict[str, Any]) -> str:
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, _tracker(*users), {})
    return str(dispatcher.messages[0]["response"])


async def test_fallback_asks_to_rephrase_then_offers_a_person() -> None:
    assert await _response(ActionFallback(), _user("greet"), _user("nlu_fallback")) == (
        "utter_rephrase"
    )
    assert await _response(ActionFallback(), _user("nlu_fallback"), _user("nlu_fallback")) == (
        "utter_fallback_handoff"
    )


async def test_a_question_about_another_service_gets_the_out_of_scope_answer() -> None:
    question = _user("out_of_scope", "wann wird der sperrmuell abgeholt")
    assert await _response(ActionOutOfScope(), _user("greet"), question) == "utter_out_of_scope"


async def test_gibberish_classified_out_of_scope_gets_the_rephrase_answer() -> None:
    mashing = _user("out_of_scope", "asdfgh jkl")
    assert await _response(ActionOutOfScope(), _user("greet"), mashing) == "utter_rephrase"


async def test_gibberish_after_a_miss_gets_the_contact() -> None:
    first, second = _user("nlu_fallback", "sdfsdf"), _user("out_of_scope", "qwertz")
    assert await _response(ActionOutOfScope(), first, second) == "utter_fallback_handoff"
    assert await _response(ActionFallback(), second, _user("nlu_fallback")) == (
        "utter_fallback_handoff"
    )
