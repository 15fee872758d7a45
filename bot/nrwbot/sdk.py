"""The one way to write an expert action: typed settings, a backend client, polite failures.

Every expert action does the same four things: read its tenant's typed settings, build a client
for the tenant's backend (per call: each tenant may have its own backend), do its work, and turn
any backend failure into the expert's "service unavailable" answer with one log line. Subclasses
write only the work:

    class ActionMuellTermine(ExpertAction[MuellSettings]):
        expert = "muell"
        settings_model = MuellSettings
        client_class = MuellClient
        unavailable_response = "utter_muell_nicht_erreichbar"

        def name(self) -> str:
            return "action_muell_termine"

        async def respond(self, dispatcher, tracker, domain, settings):
            termine = await self.backend(settings).termine(tracker.get_slot("muell_strasse"))
            dispatcher.utter_message(response="utter_muell_termine", termine=termine.text)
            return []

The client carries the tenant's token and the citizen's key (`nrwbot.backend_request`); tests pass
a fake client and fixed settings through the constructor.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from nrwbot.conversation import HasSlots, expert_settings
from nrwbot.expert_settings import ExpertSettings
from nrwbot.offers import keep_open
from nrwbot.service_client import ServiceClient, ServiceError

logger = logging.getLogger("nrwbot.experts")

SettingsT = TypeVar("SettingsT", bound=ExpertSettings)
SettingsLookup = Callable[[HasSlots], Any]


def log_backend_failure(expert: str, action: str, conversation: str, error: Exception) -> None:
    """The one log line for a backend failure: who, where, why; never what the citizen typed."""
    logger.warning(
        "backend failure: expert=%s action=%s conversation=%s error=%s: %s",
        expert, action, conversation, type(error).__name__, error,
    )  # fmt: skip


class ExpertAction(Action, Generic[SettingsT], ABC):
    """Base of expert actions. Abstract until named, so rasa-sdk registers only concrete ones.

    Class attributes:
        expert: the expert's name (its folder under domains/).
        settings_model: the expert's `ExpertSettings` model.
        client_class: the `ServiceClient` subclass for the expert's backend, if it has one.
        unavailable_response: what the citizen is told when the backend fails.
    """

    expert: ClassVar[str]
    settings_model: ClassVar[type[ExpertSettings]]
    client_class: ClassVar[type[ServiceClient] | None] = None
    unavailable_response: ClassVar[str | None] = None

    def __init__(
        self, client: ServiceClient | None = None, settings_of: SettingsLookup | None = None
    ) -> None:
        self._client = client
        self._settings_of = settings_of

    @abstractmethod
    def name(self) -> str: ...

    def settings(self, tracker: HasSlots) -> SettingsT:
        """The conversation's tenant settings for this expert."""
        if self._settings_of is not None:
            return self._settings_of(tracker)
        return expert_settings(tracker, self.expert, self.settings_model)  # type: ignore[return-value]

    def backend(self, settings: SettingsT) -> Any:
        """The client for the tenant's backend (built per call; construction does no I/O)."""
        if self._client is not None:
            return self._client
        if self.client_class is None:
            raise TypeError(f"{type(self).__name__} declares no client_class")
        backend_url = getattr(settings, "backend_url", None)
        if backend_url is None:
            raise TypeError(f"{type(settings).__name__} has no backend_url for {self.client_class}")
        return self.client_class(str(backend_url))

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        settings = self.settings(tracker)
        try:
            events = await self.respond(dispatcher, tracker, domain, settings)
            return keep_open(self.expert, dispatcher, tracker, events)
        except ServiceError as error:
            # A backend failure is a conversation state: a polite answer, the cause in the log.
            log_backend_failure(self.expert, self.name(), tracker.sender_id, error)
            return self.answer_backend_failure(dispatcher, tracker, settings, error)

    @abstractmethod
    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: SettingsT,
    ) -> list[EventType]:
        """The action's own work; a `ServiceError` it lets through is answered by `run`."""

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: SettingsT,
        error: ServiceError,
    ) -> list[EventType]:
        """What the citizen hears after a backend failure: `unavailable_response` by default.

        Override to name the tenant's contact or to undo a step; the failure is logged already.
        """
        if self.unavailable_response:
            dispatcher.utter_message(
                response=self.unavailable_response, **self.unavailable_values(settings)
            )
        return []

    def unavailable_values(self, settings: SettingsT) -> dict[str, Any]:
        """Template values of `unavailable_response`, e.g. the office to call instead."""
        return {}
