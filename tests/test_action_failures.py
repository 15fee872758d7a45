"""nrwbot.action_failures: a failed or hung action server call is answered politely."""

from __future__ import annotations

import asyncio
import time

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from nrwbot import action_failures
from nrwbot.testing import hung_server
from tests.harness import ROOT, free_port

DOMAIN = Domain.from_path(str(ROOT / "bot" / "domain.yml"))


@pytest.fixture(autouse=True)
def _patched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NRWBOT_ACTION_TIMEOUT", "1.5")
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)  # undone after each test
    monkeypatch.setattr(action_failures, "_down_until", 0.0)
    monkeypatch.setattr(action_failures, "_probed_at", 0.0)
    action_failures.install()


async def _run(url: str, tracker: DialogueStateTracker) -> tuple[list, float]:
    action = RemoteAction("action_session_start", EndpointConfig(url=url))
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    started = time.monotonic()
    events = await action.run(CollectingOutputChannel(), nlg, tracker, DOMAIN)
    return events, time.monotonic() - started


async def test_a_dead_action_server_gets_the_contact_of_the_default_municipality() -> None:
    events, _ = await _run(f"http://127.0.0.1:{free_port()}/webhook", DialogueStateTracker("a", []))
    (said,) = events
    assert isinstance(said, BotUttered)
    assert "technischen Störung" in said.text and "02921" in said.text  # Soest, the default


async def test_a_hung_action_server_is_given_up_after_the_configured_timeout() -> None:
    tracker = DialogueStateTracker.from_dict("b", [], DOMAIN.slots)
    for slot, value in [
        ("contact_office", "Bürgerbüro Lippstadt"),
        ("contact_phone", "02941 980-0"),
        ("contact_email", "info@stadt.lippstadt.de"),
    ]:
        tracker.update(SlotSet(slot, value))
    async with hung_server() as (url, accepted):
        events, took = await _run(f"{url}/webhook", tracker)
    assert accepted and took < 3
    assert "Bürgerbüro Lippstadt" in events[0].text and "02941 980-0" in events[0].text


async def test_after_a_failure_the_turn_goes_on_at_once_with_one_apology() -> None:
    url = f"http://127.0.0.1:{free_port()}/webhook"
    tracker = DialogueStateTracker("c", [])
    first, _ = await _run(url, tracker)
    tracker.update(first[0])
    # The next action of the same turn: no second wait, no second apology.
    again, took = await _run(url, tracker)
    assert again == [] and took < 0.5
    # Another conversation in the same minute still hears why nothing works.
    other, took = await _run(url, DialogueStateTracker("d", []))
    assert "technischen Störung" in other[0].text and took < 0.5


def test_the_health_check_sits_next_to_the_webhook() -> None:
    assert action_failures.health_url("http://127.0.0.1:5055/webhook") == (
        "http://127.0.0.1:5055/health"
    )
    assert action_failures.health_url("http://nginx:5055/webhook/") == "http://nginx:5055/health"


async def test_once_the_action_server_is_back_the_bot_uses_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        body = b'{"events": [], "responses": []}'
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    monkeypatch.setattr(action_failures, "_down_until", time.monotonic() + 60)  # it failed before
    try:
        events, took = await _run(f"http://127.0.0.1:{port}/webhook", DialogueStateTracker("e", []))
    finally:
        server.close()
    assert events == [] and took < 1  # the action ran: no apology
    assert action_failures._down_until == 0.0
