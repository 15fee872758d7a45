"""Base of the expert's actions: `nrwbot.sdk.ExpertAction` with the hundesteuer settings and client."""

from __future__ import annotations

from collections.abc import Callable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions.settings import EXPERT, HundesteuerSettings
from domains.hundesteuer.client import HundesteuerClient
from nrwbot.sdk import ExpertAction, SettingsLookup
from nrwbot.service_client import ServiceError

ClientFactory = Callable[[HundesteuerSettings], HundesteuerClient]


class HundesteuerAction(ExpertAction[HundesteuerSettings]):
    """Behaviour lives in subclasses of this; `actions/__init__.py` gives each its name.

    Abstract until named, so rasa-sdk registers only the named classes. Tests pass a fake client,
    or a `client_factory` that gets the tenant settings (as the tenant's default client does).
    """

    expert = EXPERT
    settings_model = HundesteuerSettings
    client_class = HundesteuerClient
    # No generic outage answer: the rate answers and the submissions each name theirs.

    def __init__(
        self,
        client: HundesteuerClient | None = None,
        settings_of: SettingsLookup | None = None,
        *,
        client_factory: ClientFactory | None = None,
    ) -> None:
        super().__init__(client, settings_of)
        self._client_factory = client_factory

    def backend(self, settings: HundesteuerSettings) -> HundesteuerClient:
        """The client for the tenant's backend, from `client_factory` when one was given."""
        if self._client_factory is not None:
            return self._client_factory(settings)
        return super().backend(settings)  # type: ignore[no-any-return]

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
        error: ServiceError,
    ) -> list[EventType]:
        """`unavailable_response`, with the tax office that every outage answer names."""
        if self.unavailable_response:
            dispatcher.utter_message(
                response=self.unavailable_response,
                kontakt=settings.kontakt,
                info_url=settings.info_url,
            )
        return []
