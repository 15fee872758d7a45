"""Simulated citizens over the REST channel, with locust as a library.

Each locust user is one citizen after another: it draws a conversation from the mix, holds it
under a fresh sender id (so no two users share a conversation lock), pauses for the think time
between messages if one is set, then starts the next conversation. Every message is one locust
request, recorded with its own latency; `nrwbot.bench.report` turns them into figures.

Importing this module imports locust, which patches the standard library for gevent: the bench
command imports it before anything else opens a socket, and no test imports it.
"""

from __future__ import annotations

import itertools
import random
import sys
import time
import uuid
from dataclasses import dataclass
from ipaddress import IPv4Network
from typing import Any

import gevent
import psutil
from locust import FastHttpUser, constant, task
from locust.env import Environment

from nrwbot.bench.report import Sample
from nrwbot.bench.scenarios import Conversation, Mix, Turn
from nrwbot.bench.servers import WEBHOOK

_default_unraisablehook = sys.unraisablehook


def _quiet_at_shutdown(unraisable: Any) -> None:
    # With gevent's patched locks, logging's weakref callbacks ask greenlet for the current
    # thread while the interpreter shuts down, which greenlet >= 3.5.1 refuses with this error.
    # It is harmless (the process is exiting) and only printed, so it is not printed.
    exc = unraisable.exc_value
    if isinstance(exc, RuntimeError) and "greenlet is being finalized" in str(exc):
        return
    _default_unraisablehook(unraisable)


sys.unraisablehook = _quiet_at_shutdown


@dataclass(frozen=True)
class Load:
    """One measured run: concurrent citizens, think time, and how long it is measured."""

    users: int
    think_s: float
    duration_s: float
    warmup_s: float


# RFC 2544's network for benchmarks: never a real citizen's address.
CITIZEN_ADDRESSES = IPv4Network("198.18.0.0/15")


class UnexpectedAnswer(Exception):
    """The bot answered, but not as the conversation expects (the answer does not match)."""


@dataclass
class RunOutcome:
    """What one run recorded: the samples, its measured window and the load generator's state."""

    samples: list[Sample]
    window: tuple[float, float]
    client_cpu_percent: float  # of one core, over the whole run: near 100 means the client limits


def _citizen(
    url: str, mix: Mix, think_s: float, rng: random.Random, rest_secret: str | None
) -> type[FastHttpUser]:
    addresses = itertools.cycle(CITIZEN_ADDRESSES.hosts())

    def pause() -> None:
        if think_s > 0:
            gevent.sleep(rng.uniform(0.5, 1.5) * think_s)

    def headers() -> dict[str, str]:
        # As through a portal's reverse proxy: each conversation is a citizen with an address of
        # its own, so NRWbot's per-address rate limit applies to it and not to the whole bench.
        if not rest_secret:
            return {}
        return {"Authorization": f"Bearer {rest_secret}", "X-Forwarded-For": str(next(addresses))}

    class Citizen(FastHttpUser):
        host = url
        wait_time = constant(0)  # the think time is paused inside the conversation
        network_timeout = 120.0
        connection_timeout = 10.0

        @task
        def converse(self) -> None:
            conversation = mix.choose(rng)
            sender, citizen = f"bench-{uuid.uuid4().hex[:12]}", headers()
            for turn in conversation.play(rng):
                pause()
                if not self._say(conversation, sender, citizen, turn):
                    return  # a citizen whose message failed gives up this conversation

        def _say(
            self, conversation: Conversation, sender: str, citizen: dict[str, str], turn: Turn
        ) -> bool:
            body: dict[str, Any] = {"sender": sender, "message": turn.text}
            if conversation.metadata:
                body["metadata"] = conversation.metadata
            with self.client.post(
                WEBHOOK, json=body, headers=citizen, name=conversation.name, catch_response=True
            ) as response:
                if response.status_code != 200:
                    error = getattr(response, "error", None)
                    response.failure(
                        f"{type(error).__name__}: {error}"
                        if error and not response.status_code
                        else f"HTTP {response.status_code}"
                    )
                    return False
                try:
                    messages = response.json()
                except ValueError:
                    response.failure("answer is not JSON")
                    return False
                texts = "\n".join(str(m.get("text") or "") for m in messages if isinstance(m, dict))
                if not messages:
                    response.failure("no answer")
                    return False
                if not turn.answered_as_expected(texts):
                    response.failure(UnexpectedAnswer(f"{turn.text!r} → {texts[:120]!r}"))
                else:
                    response.success()
                return True

    return Citizen


def drive(url: str, mix: Mix, load: Load, seed: int, rest_secret: str | None = None) -> RunOutcome:
    """Runs `load.users` citizens against `url` for warm-up plus duration; returns the samples.

    Args:
        rest_secret: NRWbot's REST secret; with it, every conversation comes through loopback as
            from a reverse proxy, with an `X-Forwarded-For` address of its own.
    """
    rng = random.Random(seed)
    citizen = _citizen(url, mix, load.think_s, rng, rest_secret)
    env = Environment(user_classes=[citizen], host=url)
    samples: list[Sample] = []

    def on_request(
        name: str, response_time: float, exception: Exception | None, start_time: float, **_: Any
    ) -> None:
        if exception is None:
            outcome, error = "ok", None
        elif isinstance(exception, UnexpectedAnswer):
            outcome, error = "unexpected", str(exception)
        else:
            outcome, error = "error", str(exception)[:200]
        samples.append(Sample(name, start_time, response_time, outcome, error))

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    client = psutil.Process()
    cpu_before = sum(client.cpu_times()[:2])
    begin = time.time()
    runner.start(load.users, spawn_rate=max(load.users, 1))
    gevent.sleep(load.warmup_s + load.duration_s)
    end = time.time()
    cpu_percent = 100 * (sum(client.cpu_times()[:2]) - cpu_before) / (end - begin)
    runner.quit()
    return RunOutcome(samples, (begin + load.warmup_s, end), round(cpu_percent, 1))
