"""Every expert's backend request carries the tenant's token and the citizen it is made for."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

import actions  # noqa: F401  (installs the citizen scope)
from nrwbot.backend_request import Citizen, backend_headers, backend_token, citizen_scope
from nrwbot.service_client import ServiceClient

KEY = "a" * 64


def tracker_json(sender: str = "conv-1", metadata: dict | None = None) -> dict:
    return {
        "sender_id": sender,
        "slots": {"tenant": "lippstadt"},
        "latest_message": {"text": "x", "metadata": metadata or {}},
        "events": [],
    }


def test_the_channel_key_and_address_are_used() -> None:
    citizen = Citizen.from_tracker(
        tracker_json(metadata={"nrwbot_citizen": {"key": KEY, "address": "203.0.113.7"}})
    )
    assert citizen == Citizen(tenant="lippstadt", key=KEY, address="203.0.113.7")


@pytest.mark.parametrize(
    "given",
    [None, {"key": "x"}, {"key": "a b" * 10}, "not a mapping", {"key": KEY, "address": "nope"}],
)
def test_a_missing_or_malformed_key_falls_back_to_the_conversation(given: object) -> None:
    citizen = Citizen.from_tracker(tracker_json("conv-9", {"nrwbot_citizen": given}))
    if isinstance(given, dict) and given.get("key") == KEY:
        assert citizen.key == KEY and citizen.address is None
    else:
        assert citizen.key == hashlib.sha256(b"conversation:conv-9").hexdigest()


def test_a_tenant_token_wins_over_the_global_one() -> None:
    env = {"NRWBOT_BACKEND_TOKEN": "global", "NRWBOT_BACKEND_TOKEN_LIPPSTADT": "lipp"}
    assert backend_token("lippstadt", env) == "lipp"
    assert backend_token("soest", env) == "global"
    assert backend_token(None, {}) is None


async def test_a_client_sends_token_key_and_address_inside_the_scope(monkeypatch) -> None:
    monkeypatch.setenv("NRWBOT_BACKEND_TOKEN", "s3cret")
    seen: list[httpx.Headers] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json={})

    client = ServiceClient("http://backend", transport=httpx.MockTransport(answer))
    with citizen_scope(Citizen("soest", KEY, "198.51.100.4")):
        await client.get_json("/x")
    await client.get_json("/y")
    assert seen[0]["Authorization"] == "Bearer s3cret"
    assert seen[0]["X-Citizen-Key"] == KEY and seen[0]["X-Forwarded-For"] == "198.51.100.4"
    assert "X-Citizen-Key" not in seen[1] and seen[1]["Authorization"] == "Bearer s3cret"


class _RecordHeaders(Action):
    def name(self) -> str:
        return "action_test_record_headers"

    async def run(self, dispatcher, tracker, domain):  # type: ignore[no-untyped-def]
        dispatcher.utter_message(text=repr(backend_headers()))
        return []


async def test_the_action_server_runs_each_action_in_its_citizens_scope(monkeypatch) -> None:
    monkeypatch.delenv("NRWBOT_BACKEND_TOKEN", raising=False)
    executor = ActionExecutor()
    executor.register_action(_RecordHeaders())
    metadata = {"nrwbot_citizen": {"key": KEY, "address": "192.0.2.1"}}
    result = await executor.run(
        {"next_action": "action_test_record_headers", "tracker": tracker_json(metadata=metadata)}
    )
    text = result["responses"][0]["text"]
    assert KEY in text and "192.0.2.1" in text
    assert backend_headers() == {}
