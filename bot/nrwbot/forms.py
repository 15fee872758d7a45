"""The one base of expert form validations: an answer refused twice gets help and a way out.

A citizen whose answer a form cannot use is asked again; asked the same question a third time in
the same words, people give up. From the second refused answer to the same question on, the form
therefore adds help before it asks again: the expert's examples for that question (a response
`utter_<slot>_hilfe`, if the expert declares one) and the core `utter_antwort_hilfe`, which names
"abbrechen" and the municipality's contact. An accepted answer starts the count afresh.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from nrwbot.offers import close_offer

# Core slot: refused answers to the question the form asks now.
REFUSED_ANSWERS_SLOT = "refused_answers"
HELP_AFTER_REFUSALS = 2
CORE_HELP_RESPONSE = "utter_antwort_hilfe"


def slot_help_response(slot: str) -> str:
    """The expert's response with examples of a good answer to the question for `slot`."""
    return f"utter_{slot}_hilfe"


def _set_values(events: list[EventType], slot: str) -> list[Any]:
    return [e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == slot]


class ExpertFormValidation(FormValidationAction, ABC):
    """Base of every expert's form validation (`validate_<slot>` methods as in rasa-sdk).

    Abstract until named, so that rasa-sdk registers only the experts' concrete validations.
    """

    @abstractmethod
    def name(self) -> str: ...

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        asked = tracker.get_slot(REQUESTED_SLOT)
        # A running form answers whatever the bot had offered before.
        events = [
            *await super().get_validation_events(dispatcher, tracker, domain),
            *close_offer(tracker),
        ]
        if (tracker.active_loop or {}).get("name") != self.form_name():
            return [*events, SlotSet(REFUSED_ANSWERS_SLOT, 0.0)]  # the form (re)starts
        if not asked:
            return events
        answered = _set_values(events, asked)
        if not answered:
            return events  # the message held no answer to the question; nothing was refused
        if any(value is not None for value in answered):
            return [*events, SlotSet(REFUSED_ANSWERS_SLOT, 0.0)]
        refused = int(tracker.get_slot(REFUSED_ANSWERS_SLOT) or 0) + 1
        if refused >= HELP_AFTER_REFUSALS:
            self.offer_help(asked, dispatcher, tracker, domain)
        return [*events, SlotSet(REFUSED_ANSWERS_SLOT, float(refused))]

    def offer_help(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> None:
        """Examples for the question if the expert has them, then the way out."""
        if slot_help_response(slot) in (domain.get("responses") or {}):
            dispatcher.utter_message(response=slot_help_response(slot))
        # The core response names the tenant's contact from the session's slots.
        dispatcher.utter_message(response=CORE_HELP_RESPONSE)
