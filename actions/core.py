"""Core actions: session start with the tenant's values, cancel, yes and no, expert gate."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted,
    ActiveLoop,
    EventType,
    FollowupAction,
    SessionStarted,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher

from nrwbot.conversation import all_experts, tenant_from_metadata, tenant_of, tenant_slots
from nrwbot.experts import expert_for_intent
from nrwbot.offers import close_offer, open_offer

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
            return close_offer(tracker)
        form_slots = domain.get("forms", {}).get(form, {}).get("required_slots", [])
        dispatcher.utter_message(response="utter_cancel")
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + [
            SlotSet(slot, None) for slot in form_slots
        ]


class ActionYes(Action):
    """A bare yes outside a form: starts what the bot offered, also after side questions."""

    def name(self) -> str:
        return "action_nrwbot_ja"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        offer = open_offer(tracker)
        if offer is None:
            dispatcher.utter_message(response="utter_greet")
            return []
        return [*close_offer(tracker), FollowupAction(offer.form)]


class ActionNo(Action):
    """A bare no outside a form: declines what the bot offered, or just acknowledges."""

    def name(self) -> str:
        return "action_nrwbot_nein"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        offer = open_offer(tracker)
        dispatcher.utter_message(response=offer.declined if offer else "utter_no_problem")
        return close_offer(tracker)


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
