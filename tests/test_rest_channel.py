"""The REST channel in-process over ASGI, with chosen peer addresses (no socket, no model).

httpx's ASGI transport lets a test be any client address, which a real server on 127.0.0.1
cannot; the scripted bot of tests/fake_webchat_bot.py answers "metadaten" with the metadata it
was given.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from ipaddress import ip_network
from typing import Any

import httpx
import pytest
import pytest_asyncio
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from connectors.rest import TOO_FAST, HardenedRestInput
from tests.fake_webchat_bot import scripted_bot

CITIZEN_SECRET = b"c" * 32
REST_SECRET = "portal-shared-secret-0123456789abcdef"
PUBLIC = "203.0.113.9"
_apps = itertools.count()

Post = Callable[..., Awaitable[httpx.Response]]


class ScriptedAgent:
    tracker_store = None
    loaded = True

    def is_ready(self) -> bool:
        return self.loaded

    async def handle_message(self, message: UserMessage) -> None:
        await scripted_bot(message)


async def _app(channel: HardenedRestInput) -> Sanic:
    app = Sanic(f"rest_channel_test_{next(_apps)}")
    register([channel], app, route="/webhooks/")
    app.ctx.agent = ScriptedAgent()
    await app._startup()  # what an ASGI server's lifespan start does: finalise the routes
    return app


@pytest_asyncio.fixture
async def rest(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Callable[..., Awaitable[Post]]]:
    """Builds a channel and returns a `post(body, peer=…, headers=…)` for it."""
    # Sanic rewrites its own methods at start ("touch-up") once per process unless in test mode.
    monkeypatch.setattr(Sanic, "test_mode", True)
    clients: list[httpx.AsyncClient] = []

    async def build(**options: Any) -> Post:
        options = {
            "rest_secret": REST_SECRET,
            "trusted_proxies": (),
            "citizen_secret": CITIZEN_SECRET,
            **options,
        }
        app = await _app(HardenedRestInput(**options))

        async def post(
            body: object, peer: str = "127.0.0.1", headers: dict[str, Any] | None = None
        ) -> httpx.Response:
            transport = httpx.ASGITransport(app=app, client=(peer, 40000))  # type: ignore[arg-type]
            client = httpx.AsyncClient(transport=transport, base_url="http://bot.test")
            clients.append(client)
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            return await client.post("/webhooks/rest/webhook", content=raw, headers=headers)

        return post

    yield build
    for client in clients:
        await client.aclose()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def hallo(sender: str = "anna", **extra: Any) -> dict[str, Any]:
    return {"sender": sender, "message": "Hallo", **extra}


async def test_the_server_itself_needs_no_secret(rest: Any) -> None:
    post = await rest()
    for peer in ("127.0.0.1", "::1"):
        reply = await post(hallo(), peer=peer)
        assert reply.status_code == 200 and reply.json()[0]["text"] == "Echo: Hallo"


async def test_other_addresses_need_the_shared_secret(rest: Any) -> None:
    post = await rest()
    for headers in (
        None,
        bearer("wrong-secret"),
        bearer(REST_SECRET + "x"),
        bearer(REST_SECRET[:-1]),
        {"Authorization": REST_SECRET},
        {"Authorization": f"Basic {REST_SECRET}"},
        {"Authorization": "Bearer geheim-ä".encode()},  # non-ASCII must not end in a 500
    ):
        refused = await post(hallo(), peer=PUBLIC, headers=headers)
        assert refused.status_code == 403, headers
        assert "Bearer" in refused.json()["error"]
    assert (await post(hallo(), peer=PUBLIC, headers=bearer(REST_SECRET))).status_code == 200


async def test_without_a_secret_only_the_server_itself_may_use_rest(rest: Any) -> None:
    post = await rest(rest_secret="")
    assert (await post(hallo(), peer=PUBLIC)).status_code == 403
    assert (await post(hallo(), peer=PUBLIC, headers=bearer(""))).status_code == 403
    assert (
        await post(hallo(), peer="10.0.0.7", headers={"Authorization": "Bearer "})
    ).status_code == 403
    assert (await post(hallo())).status_code == 200


async def test_a_request_forwarded_by_a_proxy_on_this_host_is_not_local(rest: Any) -> None:
    # A reverse proxy on the same machine connects from 127.0.0.1 on behalf of anyone.
    post = await rest()
    forwarded = {"X-Forwarded-For": PUBLIC}
    assert (await post(hallo(), headers=forwarded)).status_code == 403
    assert (await post(hallo(), headers={**forwarded, **bearer(REST_SECRET)})).status_code == 200


async def test_the_citizen_key_is_set_by_the_server(rest: Any) -> None:
    post = await rest(trusted_proxies=(ip_network("127.0.0.1"),))
    spoofed = {"tenant": "soest", "nrwbot_citizen": {"key": "someone-else", "address": "1.1.1.1"}}
    headers = {"X-Forwarded-For": "6.6.6.6, 198.51.100.1", **bearer(REST_SECRET)}
    reply = await post(
        {"sender": "portal:4711", "message": "metadaten", "metadata": spoofed}, headers=headers
    )
    metadata = json.loads(reply.json()[0]["text"])
    key = hmac.new(CITIZEN_SECRET, b"rest:portal:4711", hashlib.sha256).hexdigest()
    assert metadata == {
        "tenant": "soest",
        "nrwbot_citizen": {"key": key, "address": "198.51.100.1"},
    }
    plain = await post({"sender": "anna", "message": "metadaten"})
    assert json.loads(plain.json()[0]["text"])["nrwbot_citizen"]["address"] == "127.0.0.1"


async def test_too_many_messages_per_sender_or_address_get_429(rest: Any) -> None:
    post = await rest(messages_per_minute=3, messages_per_minute_per_address=5)
    assert [(await post(hallo("anna"))).status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = await post(hallo("anna"))
    assert refused.json()["error"] == TOO_FAST and refused.headers["retry-after"] == "60"
    # Made-up senders from the same address share its budget; another address has its own.
    assert (await post(hallo("ben"))).status_code == 200
    assert (await post(hallo("carla"))).status_code == 200
    assert (await post(hallo("dora"))).status_code == 429
    auth = bearer(REST_SECRET)
    assert (await post(hallo("dora"), peer=PUBLIC, headers=auth)).status_code == 200


async def test_webchat_ids_and_big_metadata_are_refused(rest: Any) -> None:
    from connectors.session import SessionSigner

    post = await rest()
    session_id = SessionSigner(CITIZEN_SECRET).issue()
    for sender in (session_id, session_id.split(".")[0]):
        assert (await post(hallo(sender))).status_code == 400
    big = await post(hallo(metadata={"blob": "x" * 5_000_000}))
    assert big.status_code == 413 and "error" in big.json()
    assert (await post(hallo(metadata={"page": "x" * 3000}))).status_code == 413


async def test_ready_answers_only_once_a_model_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Sanic, "test_mode", True)
    app = await _app(HardenedRestInput(rest_secret=REST_SECRET, citizen_secret=CITIZEN_SECRET))
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
        app.ctx.agent.loaded = False
        loading = await client.get("/webhooks/rest/ready")
        app.ctx.agent.loaded = True
        ready = await client.get("/webhooks/rest/ready")
    assert (loading.status_code, loading.json()) == (503, {"status": "loading"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
