"""Test helpers for experts: trackers, what a dispatcher was asked to say, a running backend.

An expert's tests import these instead of building their own, so a fourth expert starts with the
same tools as the first three:

    from nrwbot.testing import make_tracker, responses_sent

    tracker = make_tracker({"muell_strasse": "Marktplatz"}, text="wann kommt die tonne", intent="muell_frage")

`running_backend` starts the reference backend (`python -m backend`) on a free port with its own
SQLite file, the demo data and a bearer token, as `nrwbot run` does; the pytest fixture
`backend_server` (module scope) wraps it.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic

from nrwbot.conversation import TENANT_SLOT
from nrwbot.settings import get_settings

Entity = dict[str, Any] | tuple[str, str]


def entity(name: str, value: str, start: int = 0) -> dict[str, Any]:
    """An extracted entity as it appears in `latest_message`."""
    return {"entity": name, "value": value, "start": start, "end": start + len(value)}


def make_tracker(
    slots: dict[str, Any] | None = None,
    *,
    text: str = "",
    intent: str = "inform",
    entities: list[Entity] | None = None,
    active_loop: str | None = None,
    events: list[dict[str, Any]] | None = None,
    tenant: str | None = None,
    metadata: dict[str, Any] | None = None,
    sender_id: str = "conversation-4711",
) -> Tracker:
    """A tracker whose latest message is `text` with the given intent and entities.

    Entities may be given as dicts or as (name, value) pairs. `tenant` sets the core tenant slot.
    """
    extracted = [e if isinstance(e, dict) else entity(*e) for e in entities or []]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": extracted,
        "metadata": metadata or {},
    }
    all_slots = {"requested_slot": None, **(slots or {})}
    if tenant is not None:
        all_slots[TENANT_SLOT] = tenant
    user_event = {"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=latest,
        events=[*(events or []), user_event],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def responses_sent(dispatcher: CollectingDispatcher) -> list[str]:
    """The names of the responses an action asked for, in order."""
    return [message.get("response") or "" for message in dispatcher.messages]


def message_for(dispatcher: CollectingDispatcher, response: str) -> dict[str, Any]:
    """The first message that asked for `response` (with its template values)."""
    return next(m for m in dispatcher.messages if m.get("response") == response)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def hung_server() -> AsyncIterator[tuple[str, list[asyncio.StreamWriter]]]:
    """A server on 127.0.0.1 that accepts connections, reads the request and never answers:
    a hung backend or action server. Yields its base URL and the connections it accepted."""
    accepted: list[asyncio.StreamWriter] = []

    async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)
        await reader.read(65536)

    server = await asyncio.start_server(accept, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", accepted
    finally:
        server.close()
        for writer in accepted:
            writer.close()


@dataclass(frozen=True)
class RunningBackend:
    """A reference backend started for a test."""

    url: str  # the API base, e.g. http://127.0.0.1:41234/api/v1
    token: str
    database: Path

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@contextmanager
def running_backend(folder: Path, *, seed_demo: bool = True) -> Iterator[RunningBackend]:
    """`python -m backend` on a free port with a fresh SQLite database in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_urlsafe(24)
    database = folder / "backend.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "BACKEND_API_TOKEN": token,
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }
    command = [sys.executable, "-m", "backend", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--seed-demo"] if seed_demo else []
    with (folder / "backend.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=get_settings().root, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", timeout=60, process=process)
        yield RunningBackend(f"http://127.0.0.1:{port}/api/v1", token, database)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_http(
    url: str, timeout: float = 120.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Polls `url` until it answers; fails early if `process` died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(
                f"the backend exited with {process.returncode} before {url} answered"
            )
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@pytest.fixture(scope="module")
def backend_server(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch
) -> Iterator[RunningBackend]:
    """A seeded reference backend for the tests of one module; clients get its token."""
    with running_backend(tmp_path_factory.mktemp("backend")) as backend:
        monkeypatch_module.setenv("NRWBOT_BACKEND_TOKEN", backend.token)
        yield backend


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch that lasts for one test module."""
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


class Lifespan:
    """Drives the ASGI lifespan protocol, so the app starts and stops as under a server."""

    def __init__(self, app: Sanic) -> None:
        self.app = app
        self.incoming: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        self.outgoing: asyncio.Queue[dict[str, str]] = asyncio.Queue()

    async def _expect(self, message_type: str) -> None:
        await self.incoming.put({"type": message_type})
        reply = asyncio.ensure_future(self.outgoing.get())
        done, _ = await asyncio.wait({reply, self.task}, return_when=asyncio.FIRST_COMPLETED)
        if reply not in done:
            reply.cancel()
            self.task.result()  # re-raise the startup error
            raise RuntimeError(f"lifespan ended without answering {message_type}")

    async def __aenter__(self) -> Lifespan:
        self.task = asyncio.ensure_future(
            self.app({"type": "lifespan"}, self.incoming.get, self.outgoing.put)
        )
        await self._expect("lifespan.startup")
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._expect("lifespan.shutdown")
        try:
            await self.task
        except AttributeError:
            # Sanic 21.12 treats the finished lifespan scope as a request afterwards and
            # fails on the missing request object; the shutdown itself has completed.
            pass
