"""ExpertAction: settings, client, work and the one answer to a backend failure."""

from __future__ import annotations

import logging

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from nrwbot.sdk import ExpertAction
from nrwbot.service_client import ServiceClient, ServiceUnavailable
from nrwbot.testing import make_tracker, responses_sent
from tests.settings_models import MuellSettings

SETTINGS = MuellSettings(backend_url="http://muell.test/api")


class MuellClient(ServiceClient):
    async def termine(self) -> str:
        return "Dienstag"


class FailingClient(MuellClient):
    async def termine(self) -> str:
        raise ServiceUnavailable("GET /termine: ConnectError")


class ActionMuellTermine(ExpertAction[MuellSettings]):
    expert = "muell"
    settings_model = MuellSettings
    client_class = MuellClient
    unavailable_response = "utter_muell_nicht_erreichbar"

    def name(self) -> str:
        return "action_muell_termine"

    async def respond(self, dispatcher, tracker, domain, settings):  # type: ignore[no-untyped-def]
        termin = await self.backend(settings).termine()
        dispatcher.utter_message(response="utter_muell_termin", termin=termin)
        return [SlotSet("muell_termin", termin)]

    def answer_backend_failure(self, dispatcher, tracker, settings, error):  # type: ignore[no-untyped-def]
        return [*super().answer_backend_failure(dispatcher, tracker, settings, error),
                SlotSet("muell_termin", None)]  # fmt: skip


async def test_the_work_gets_typed_settings_and_the_tenants_client() -> None:
    action = ActionMuellTermine(settings_of=lambda tracker: SETTINGS)
    assert isinstance(action.backend(SETTINGS), MuellClient)
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, make_tracker(), {})
    assert responses_sent(dispatcher) == ["utter_muell_termin"]
    assert events == [SlotSet("muell_termin", "Dienstag")]


async def test_a_backend_failure_is_answered_politely_and_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    action = ActionMuellTermine(FailingClient("http://x"), settings_of=lambda tracker: SETTINGS)
    dispatcher = CollectingDispatcher()
    with caplog.at_level(logging.WARNING, logger="nrwbot.experts"):
        events = await action.run(dispatcher, make_tracker(text="wann kommt die tonne"), {})
    assert responses_sent(dispatcher) == ["utter_muell_nicht_erreichbar"]
    assert events == [SlotSet("muell_termin", None)]
    (record,) = caplog.records
    assert "expert=muell action=action_muell_termine conversation=conversation-4711" in (
        record.getMessage()
    )
    assert "ServiceUnavailable" in record.getMessage() and "tonne" not in record.getMessage()


def test_an_expert_action_is_abstract_until_it_does_its_work() -> None:
    with pytest.raises(TypeError):
        ExpertAction()  # type: ignore[abstract]
