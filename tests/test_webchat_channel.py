"""The web-chat channel over real socket.io connections, against a scripted bot (no model).

The client is python-socketio's, over long polling (its WebSocket transport needs a newer aiohttp
than Rasa pins); the browser tests in tests/browser cover WebSocket.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
import socketio

from connectors.socketio import NOT_ALLOWED, TOO_FAST, WebChatInput
from tests import fake_webchat_bot
from tests.harness import free_port, stop

pytestmark = pytest.mark.integration
LOCAL = "http://localhost:8080"
PER_ADDRESS = 30
_addresses = (f"198.51.100.{n}" for n in itertools.count(1))


@pytest.fixture(scope="module")
def bot_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    # The test client is the "proxy" on 127.0.0.1, so that every Chat can be its own address.
    process = fake_webchat_bot.start(
        port,
        tmp_path_factory.mktemp("fakebot") / "bot.log",
        messages_per_address=PER_ADDRESS,
        NRWBOT_TRUSTED_PROXIES="127.0.0.1",
    )
    yield f"http://127.0.0.1:{port}"
    stop(process)


class Chat:
    """One socket, with what it received, from its own client address (X-Forwarded-For)."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address or next(_addresses)
        self.sio = socketio.AsyncClient(reconnection=False)
        self.received: list[dict[str, Any]] = []
        self.confirmed: list[str] = []
        self.sio.on("bot_uttered", self.received.append)
        self.sio.on("session_confirm", self.confirmed.append)

    async def open(self, url: str, origin: str = LOCAL, session_id: object = None) -> str:
        # The first entry is the client's own claim, which a proxy chain must not believe.
        forwarded = f"127.0.0.1, {self.address}"
        headers = {"Origin": origin, "X-Forwarded-For": forwarded}
        await self.sio.connect(url, headers=headers, transports=["polling"])
        return await self.request(session_id)

    async def close(self) -> None:
        # abort: a graceful close over long polling waits for the pending poll (up to 25 s).
        await self.sio.eio.disconnect(abort=True)

    async def request(self, session_id: object) -> str:
        before = len(self.confirmed)
        await self.sio.emit("session_request", {"session_id": session_id})
        await until(lambda: len(self.confirmed) > before)
        return self.confirmed[-1]

    async def say(self, text: str, session_id: str | None = None, **custom: Any) -> dict[str, Any]:
        before = len(self.received)
        data = {"message": text, "customData": {"tenant": "soest", **custom}}
        await self.sio.emit(
            "user_uttered", {**data, "session_id": session_id or self.confirmed[-1]}
        )
        await until(lambda: len(self.received) > before)
        return self.received[-1]


async def until(condition: Any, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("nothing arrived")


@pytest_asyncio.fixture
async def chat() -> AsyncIterator[Chat]:
    client = Chat()
    yield client
    await client.close()


async def test_a_confirmed_socket_receives_the_bots_answers(bot_url: str, chat: Chat) -> None:
    # Rasa 3.6's own channel never awaits enter_room, so with session persistence this hangs.
    await chat.open(bot_url)
    assert await chat.say("Hallo") == {"text": "Echo: Hallo"}


async def test_an_unknown_session_id_is_answered_with_a_fresh_signed_one(
    bot_url: str, chat: Chat
) -> None:
    confirmed = await chat.open(bot_url, session_id="the-id-someone-else-uses")
    assert confirmed != "the-id-someone-else-uses" and confirmed.count(".") == 1


async def test_a_reloaded_page_keeps_its_session_id(bot_url: str, chat: Chat) -> None:
    first = await chat.open(bot_url)
    await chat.close()
    again = Chat()
    assert await again.open(bot_url, session_id=first) == first
    assert (await again.say("noch da?"))["text"] == "Echo: noch da?"
    await again.close()


async def test_nobody_joins_a_conversation_by_knowing_its_id(bot_url: str, chat: Chat) -> None:
    victim_session = await chat.open(bot_url)
    conversation_id = victim_session.split(".")[0]  # what the tracker store and logs show
    intruder = Chat()
    await intruder.open(bot_url)
    for guess in (conversation_id, conversation_id + ".forged", victim_session[:-2] + "xx"):
        assert await intruder.request(guess) != victim_session
    await chat.say("meine Ausweisnummer")
    # A message naming the victim's session from the intruder's socket is not delivered either.
    await intruder.sio.emit("user_uttered", {"message": "zeig her", "session_id": victim_session})
    await asyncio.sleep(0.5)
    assert intruder.received == []
    assert [m["text"] for m in chat.received] == ["Echo: meine Ausweisnummer"]
    await intruder.close()


async def test_a_malformed_session_id_is_answered_with_a_fresh_one(
    bot_url: str, chat: Chat
) -> None:
    issued = await chat.open(bot_url)
    conversation = issued.split(".")[0]
    # Non-ASCII made hmac.compare_digest raise TypeError: no session_confirm at all.
    for malformed in (conversation + "." + "ä" * 43, "ä" * 22 + ".x", [issued], {"a": 1}):
        confirmed = await chat.request(malformed)
        assert confirmed not in (issued, malformed) and confirmed.count(".") == 1
    assert (await chat.say("noch da?"))["text"] == "Echo: noch da?"


async def test_custom_data_reaches_the_bot_as_metadata_with_the_citizen_key(
    bot_url: str, chat: Chat
) -> None:
    session_id = await chat.open(bot_url)
    spoofed = {"key": "someone-else", "address": "127.0.0.1"}
    reply = await chat.say(
        "metadaten", page="/hundesteuer.html", expert="x", nrwbot_citizen=spoofed
    )
    message = f"socketio:{session_id.split('.')[0]}".encode()
    key = hmac.new(fake_webchat_bot.TEST_SECRET.encode(), message, hashlib.sha256).hexdigest()
    assert json.loads(reply["text"]) == {
        "expert": "x",
        "page": "/hundesteuer.html",
        "tenant": "soest",
        "nrwbot_citizen": {"key": key, "address": chat.address},
    }


async def test_big_custom_data_is_refused(bot_url: str, chat: Chat) -> None:
    await chat.open(bot_url)
    assert (await chat.say("Hallo", page="x" * 3000))["text"] == NOT_ALLOWED


async def test_a_typed_intent_shortcut_is_neutralised(bot_url: str, chat: Chat) -> None:
    await chat.open(bot_url)
    assert (await chat.say('/greet{"tenant": "gotham"}'))[
        "text"
    ] == 'Echo: greet{"tenant": "gotham"}'


async def test_buttons_arrive_as_quick_replies_and_custom_json_stays_with_the_sender(
    bot_url: str, chat: Chat
) -> None:
    await chat.open(bot_url)
    reply = await chat.say("knöpfe")
    assert [b["title"] for b in reply["quick_replies"]] == ["Ja, bitte", "Nein"]
    assert (await chat.say("custom")) == {"custom": {"room": "someone-else", "kind": "test"}}


@pytest.mark.parametrize(
    ("origin", "tenant"),
    [("https://www.soest.de", "lippstadt"), (LOCAL, "gotham"), (LOCAL, 42)],
)
async def test_a_tenant_the_page_may_not_use_is_refused(
    bot_url: str, chat: Chat, origin: str, tenant: object
) -> None:
    await chat.open(bot_url, origin=origin)
    assert (await chat.say("Hallo", tenant=tenant))["text"] == NOT_ALLOWED


async def test_a_page_from_a_foreign_origin_cannot_open_a_socket(bot_url: str) -> None:
    with pytest.raises(socketio.exceptions.ConnectionError):
        await Chat().open(bot_url, origin="https://evil.example")


async def test_overlong_and_too_many_messages_get_a_polite_answer(bot_url: str, chat: Chat) -> None:
    await chat.open(bot_url)
    assert "zu lang" in (await chat.say("x" * 1001))["text"]
    replies = [await chat.say(f"Nachricht {n}") for n in range(20)]
    assert replies[-1]["text"] == TOO_FAST
    assert sum(r["text"] == TOO_FAST for r in replies) == 1, (
        "20 per minute, the overlong one included"
    )


async def test_fresh_sessions_from_one_address_share_its_budget(bot_url: str) -> None:
    # A new session is free to get, so the per-conversation limit alone would not hold anyone.
    first = Chat()
    second, elsewhere = Chat(first.address), Chat()
    for client in (first, second, elsewhere):
        await client.open(bot_url)
    replies = [(await first.say(f"a{n}"))["text"] for n in range(21)]
    assert replies[-1] == TOO_FAST and TOO_FAST not in replies[:-1]
    replies = [(await second.say(f"b{n}"))["text"] for n in range(PER_ADDRESS - 20 + 1)]
    assert replies[-1] == TOO_FAST and TOO_FAST not in replies[:-1]
    assert (await elsewhere.say("Hallo"))["text"] == "Echo: Hallo"
    for client in (first, second, elsewhere):
        await client.close()


async def test_the_widget_and_tenant_info_are_served(bot_url: str) -> None:
    async with httpx.AsyncClient(base_url=bot_url) as http:
        script = await http.get("/widget/widget.js")
        assert script.status_code == 200 and "javascript" in script.headers["content-type"]
        allowed = await http.get("/widget/tenants/soest.json", headers={"Origin": LOCAL})
        assert allowed.headers["access-control-allow-origin"] == LOCAL
        assert allowed.json()["bot_name"] == "Jägerken"
        foreign = await http.get(
            "/widget/tenants/soest.json", headers={"Origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in foreign.headers
        default = await http.get("/widget/tenants/_default.json")
        assert default.json()["id"] == "soest"
        assert (await http.get("/widget/tenants/gotham.json")).status_code == 404
        assert (await http.get("/widget/tenants/soest")).status_code == 404


def test_a_demo_tenant_without_a_tenant_file_stops_the_server_at_start() -> None:
    with pytest.raises(ValueError, match="local_origin_tenants names unknown tenants gotham"):
        WebChatInput.from_credentials({"local_origin_tenants": ["soest", "gotham"]})
