"""Shared wiring of the Fundbüro actions: tenant settings, the backend client, today's date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from domains.fundbuero import replies
from domains.fundbuero.client import FundsachenClient
from domains.fundbuero.tenant_settings import EXPERT, FundbueroSettings
from nrwbot.conversation import CONTACT_OFFICE_SLOT
from nrwbot.sdk import ExpertAction

DomainDict = dict[str, Any]


class FundbueroAction(ExpertAction[FundbueroSettings]):
    """Shared wiring: tenant settings, the backend client and today's date, all injectable."""

    expert = EXPERT
    settings_model = FundbueroSettings
    client_class = FundsachenClient
    unavailable_response = "utter_fundbuero_nicht_erreichbar"

    def __init__(
        self,
        client: FundsachenClient | None = None,
        settings: Callable[[Tracker], FundbueroSettings] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(client, settings)
        self._today = today

    def kontext(self, tracker: Tracker, settings: FundbueroSettings) -> replies.Kontext:
        return replies.Kontext(settings, tracker.get_slot(CONTACT_OFFICE_SLOT))


def user_texts(tracker: Tracker) -> list[str]:
    """What the citizen wrote in this conversation, oldest first."""
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
