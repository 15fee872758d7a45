"""Answers about picking up a found item, the finder's reward and how long items are kept."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from domains.fundbuero import replies
from domains.fundbuero.actions.base import DomainDict, FundbueroAction, user_texts
from domains.fundbuero.reward import betrag_aus_text, compute_finderlohn, is_oeffentlich, is_tier
from domains.fundbuero.tenant_settings import FundbueroSettings


class ActionAbholung(FundbueroAction):
    """How to claim a find: ID, proof of ownership, the fee, and where."""

    def name(self) -> str:
        return "action_fundbuero_abholung"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        dispatcher.utter_message(response="utter_fundbuero_abholung")
        replies.say_gebuehr(dispatcher, kontext)
        replies.say_stelle(dispatcher, kontext)
        return []


class ActionFinderlohn(FundbueroAction):
    """The finder's reward rules, computed for the value the citizen names."""

    def name(self) -> str:
        return "action_fundbuero_finderlohn"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        wert = betrag_aus_text(text)
        is_answer = (tracker.latest_message.get("intent") or {}).get("name") == "inform"
        if wert is None:
            # A follow-up without an amount: ask for the value instead of repeating the rules.
            if not is_answer:
                dispatcher.utter_message(response="utter_fundbuero_finderlohn_regeln")
            # Inside a form the next answer belongs to the form's question, not to a value.
            if not tracker.active_loop:
                dispatcher.utter_message(response="utter_fundbuero_finderlohn_wert_fragen")
            return []
        if is_answer:
            # "ca. 600 Euro" answers the question before it ("Hund gefunden, Finderlohn?").
            text = " ".join(user_texts(tracker)[-2:])
        lohn = compute_finderlohn(wert, tier=is_tier(text), oeffentlich=is_oeffentlich(text))
        replies.say_finderlohn(dispatcher, lohn)
        return []


class ActionAufbewahrung(FundbueroAction):
    """How long finds are kept and what happens afterwards, with the town's practice if known."""

    def name(self) -> str:
        return "action_fundbuero_aufbewahrung"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        dispatcher.utter_message(response="utter_fundbuero_aufbewahrung")
        if settings.after_storage_info:
            dispatcher.utter_message(
                response="utter_fundbuero_verwertung",
                after_storage_info=settings.after_storage_info,
            )
        else:
            dispatcher.utter_message(
                response="utter_fundbuero_verwertung_unbekannt", stelle=kontext.stelle
            )
        return []
