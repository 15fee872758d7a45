"""Base of the expert's actions: `nrwbot.sdk.ExpertAction` with the hundesteuer settings and client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domains.hundesteuer.actions.settings import EXPERT, HundesteuerSettings
from domains.hundesteuer.client import HundesteuerClient
from nrwbot.sdk import ExpertAction, SettingsLookup

ClientFactory = Callable[[HundesteuerSettings], HundesteuerClient]


class HundesteuerAction(ExpertAction[HundesteuerSettings]):
    """Behaviour lives in subclasses of this; `actions/__init__.py` gives each its name.

    Abstract until named, so rasa-sdk registers only the named classes. Tests pass a fake client,
    or a `client_factory` that gets the tenant settings (as the tenant's default client does).
    """

    expert = EXPERT
    settings_model = HundesteuerSettings
    client_class = HundesteuerClient
    # The rate answers and the submissions name their own outage answers; this one is for the rest.
    unavailable_response = "utter_hundesteuer_nicht_erreichbar"

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

    def unavailable_values(self, settings: HundesteuerSettings) -> dict[str, Any]:
        """Every outage answer of this expert names the tax office and its page."""
        return {"kontakt": settings.kontakt, "info_url": settings.info_url}
