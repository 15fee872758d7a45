"""Replicas take turns per conversation: the Redis lock holds across processes, also in a burst.

Rasa's own Redis lock store reads the ticket list, changes it and writes it back in separate
steps; two replicas doing that at once get the same ticket or delete each other's, and then both
process a message of the same conversation at the same time (one of the messages is lost when
both save). Needs Redis on 127.0.0.1:6379, as on CI.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import socket
import time
import uuid
from typing import Any

import pytest
import redis

from nrwbot.lock_store import lock_store_from_url

REDIS = "redis://127.0.0.1:6379/1"
WORKERS = 6
ROUNDS = 8


def _redis_is_up() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = pytest.mark.skipif(
    not _redis_is_up(), reason="Redis on 127.0.0.1:6379 is needed (it runs on CI)"
)


def _replica(store_factory: Any, conversation: str, start_at: float) -> None:
    """One replica handling messages of one conversation; the counter is a stand-in for the
    tracker: read, work, write back, as Rasa's processing of a message does."""
    store = store_factory()
    counter = redis.Redis.from_url(REDIS)

    async def handle_messages() -> None:
        for _ in range(ROUNDS):
            async with store.lock(conversation, wait_time_in_seconds=0.01):
                seen = int(counter.get(f"test:{conversation}") or 0)
                await asyncio.sleep(0.002)
                counter.set(f"test:{conversation}", seen + 1)

    time.sleep(max(0.0, start_at - time.time()))
    asyncio.run(handle_messages())


def _nrwbot_store() -> Any:
    return lock_store_from_url(REDIS)


def _burst(store_factory: Any) -> int:
    conversation = f"burst-{uuid.uuid4().hex}"
    start_at = time.time() + 1.0
    context = multiprocessing.get_context("spawn")
    replicas = [
        context.Process(target=_replica, args=(store_factory, conversation, start_at))
        for _ in range(WORKERS)
    ]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=120)
        assert replica.exitcode == 0, "a replica failed to take the lock"
    counter = redis.Redis.from_url(REDIS)
    handled = int(counter.get(f"test:{conversation}") or 0)
    counter.delete(f"test:{conversation}")
    return handled


def test_replicas_in_a_burst_handle_one_message_at_a_time() -> None:
    assert _burst(_nrwbot_store) == WORKERS * ROUNDS
