"""A lost or found animal (Fundtier): the Ordnungsamt and Tierheim, not the Fundbüro's shelf."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from domains.fundbuero import replies
from domains.fundbuero.actions.base import DomainDict, FundbueroAction
from domains.fundbuero.items import tier_fall
from domains.fundbuero.tenant_settings import FundbueroSettings


class ActionTier(FundbueroAction):
    """Advice for a found animal or a missing one. No form and no backend call: the Ordnungsamt,
    not the Fundsachen backend, takes in animals, so there is nothing to register here."""

    def name(self) -> str:
        return "action_fundbuero_tier"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        fall = tier_fall(tracker.latest_message.get("text") or "")
        replies.say_tier(dispatcher, self.kontext(tracker, settings), fall)
        return []
