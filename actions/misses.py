"""Messages the bot did not understand, and questions about services it does not offer.

A miss (low NLU confidence, or a message with no German word in it, such as "asdfgh") first gets
"please say it in other words"; the second miss in a row gets the human contact. Mashing is
classified as out of scope often enough, but it is no question about another service, so the
out-of-scope answer is kept for real questions ("wann kommt der Sperrmüll").
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from nrwbot.german.gibberish import example_words, looks_like_gibberish
from nrwbot.project import get_project
from nrwbot.yamlio import read_yaml

DomainDict = dict[str, Any]


@lru_cache(maxsize=1)
def training_words() -> frozenset[str]:
    """The words of the NLU training data of the core and the enabled experts.

    Out-of-scope examples are left out: they include mashing ("qwertzuiop"), trained as out of
    scope so that it never looks like a question to an expert."""
    project = get_project()
    files = sorted((project.settings.root / "bot" / "data").rglob("*.yml"))
    files += [path for expert in project.enabled_experts for path in expert.data_files]
    blocks = [
        str(block["examples"])
        for path in files
        for block in (read_yaml(path) or {}).get("nlu") or []
        if isinstance(block, dict) and "examples" in block and block.get("intent") != "out_of_scope"
    ]
    return example_words(blocks)


def _user_messages(tracker: Tracker) -> list[dict[str, Any]]:
    return [event for event in tracker.events if event.get("event") == "user"]


def is_miss(user_event: dict[str, Any]) -> bool:
    """A message the bot could not make sense of."""
    parse = user_event.get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name")
    if intent == "nlu_fallback":
        return True
    text = user_event.get("text") or parse.get("text") or ""
    return intent == "out_of_scope" and looks_like_gibberish(text, training_words())


def _answer_miss(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    messages = _user_messages(tracker)
    repeated = len(messages) >= 2 and is_miss(messages[-2])
    dispatcher.utter_message(response="utter_fallback_handoff" if repeated else "utter_rephrase")


class ActionFallback(Action):
    """First miss: ask to rephrase. Second miss in a row: offer the human contact."""

    def name(self) -> str:
        return "action_nrwbot_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        _answer_miss(dispatcher, tracker)
        return []


class ActionOutOfScope(Action):
    """A question about a service the bot does not offer gets the contact; mashing a rephrase."""

    def name(self) -> str:
        return "action_nrwbot_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        messages = _user_messages(tracker)
        if messages and is_miss(messages[-1]):
            _answer_miss(dispatcher, tracker)
        else:
            dispatcher.utter_message(response="utter_out_of_scope")
        return []


def warm_up() -> None:
    """Builds the letter model and the word list in the background at start (about 3 s), so the
    first citizen who types gibberish does not wait for it."""
    threading.Thread(target=lambda: looks_like_gibberish("", training_words()), daemon=True).start()
