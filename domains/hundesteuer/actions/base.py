"""Base for the expert's actions and the default backend client of a tenant."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from rasa_sdk import Action

from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.client import HundesteuerClient

ClientFactory = Callable[[HundesteuerSettings], HundesteuerClient]


def default_client(settings: HundesteuerSettings) -> HundesteuerClient:
    """A client for the tenant's backend; built per call, so nothing connects at import."""
    return HundesteuerClient(settings.backend_url)


class HundesteuerAction(Action, ABC):
    """Behaviour lives in subclasses of this; `actions/__init__.py` gives each its name.

    Abstract until named, so rasa-sdk registers only the named classes.
    """

    @abstractmethod
    def name(self) -> str: ...


class BackendAction(HundesteuerAction, ABC):
    """An action that talks to the backend through an injectable client."""

    def __init__(self, client_factory: ClientFactory | None = None) -> None:
        self._client_factory = client_factory or default_client
