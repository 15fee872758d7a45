"""Core actions: session start with the tenant's values, cancel, fallback, expert gate."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, ActiveLoop, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from nrwbot.conversation import all_experts, tenant_from_metadata, tenant_of, tenant_slots
from nrwbot.experts import expert_for_intent

logger = logging.getLogger(__name__)

DomainDict = dict[str, Any]


class ActionSessionStart(Action):
    """Starts a session for the tenant named in the channel metadata and discloses the bot."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        tenant = tenant_from_metadata(tracker.get_slot("session_started_metadata"))
        slots = tenant_slots(tenant, all_experts())
        # The first answer of every conversation says that a program answers (EU AI Act, Art. 50).
        dispatcher.utter_message(response="utter_ai_disclosure", **slots)
        return [
            SessionStarted(),
            *(SlotSet(name, value) for name, value in slots.items()),
            ActionExecuted("action_listen"),
        ]


class ActionCancel(Action):
    """Stops the active form, forgets what the citizen entered in it, and says so."""

    def name(self) -> str:
        return "action_nrwbot_cancel"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        form = (tracker.active_loop or {}).get("name")
        if not form:
            dispatcher.utter_message(response="utter_nothing_to_cancel")
            return []
        form_slots = domain.get("forms", {}).get(form, {}).get("required_slots", [])
        dispatcher.utter_message(response="utter_cancel")
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + [
            SlotSet(slot, None) for slot in form_slots
        ]


def _user_intents(tracker: Tracker) -> list[str | None]:
    return [
        (event.get("parse_data") or {}).get("intent", {}).get("name")
        for event in tracker.events
        if event.get("event") == "user"
    ]


class ActionFallback(Action):
    """First miss: ask to rephrase. Second miss in a row: offer the human contact."""

    def name(self) -> str:
        return "action_nrwbot_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intents = _user_intents(tracker)
        repeated_miss = len(intents) >= 2 and intents[-2] == "nlu_fallback"
        dispatcher.utter_message(
            response="utter_fallback_handoff" if repeated_miss else "utter_rephrase"
        )
        return []


class ActionExpertUnavailable(Action):
    """The citizen asked about a service this municipality does not offer through the bot."""

    def name(self) -> str:
        return "action_nrwbot_expert_unavailable"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = tracker.latest_message.get("intent", {}).get("name")
        expert = expert_for_intent(all_experts(), intent or "")
        title = expert.title if expert else "dieses Anliegen"
        logger.info(
            "Expert not enabled for tenant %s: intent %s (conversation %s)",
            tenant_of(tracker).id,
            intent,
            tracker.sender_id,
        )
        dispatcher.utter_message(response="utter_expert_unavailable", expert_title=title)
        return []
