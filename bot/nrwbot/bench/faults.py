"""The bench's fault runs: a component suspended or killed while citizens keep writing.

A suspended action server accepts connections and answers nothing (a hang); a killed one is gone
until `nrwbot run` restarts it. Each fault run drives the usual mix and injects the fault at a
fixed second; the figures are the share of messages sent during the fault that got no proper
answer, and how long after the fault ended the last such answer came ("recovery").
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import gevent

from nrwbot.bench.report import Sample
from nrwbot.bench.scenarios import Mix


@dataclass(frozen=True)
class Fault:
    """What happens to which component, when, and for how long (0 for a kill)."""

    component: str
    kind: str  # "suspend" or "kill"
    at_s: float
    hold_s: float = 0.0


ACTION_SERVER_FAULTS = (
    Fault("action_server", "suspend", at_s=10.0, hold_s=10.0),
    Fault("action_server", "kill", at_s=10.0),
)


@dataclass
class Injected:
    """When a fault began and ended (epoch s), filled in by the greenlet that injects it."""

    began: float | None = None
    ended: float | None = None
    error: str | None = None


def inject(fault: Fault, find_pid: Callable[[], int | None]) -> tuple[Injected, Any]:
    """Starts a greenlet that injects `fault` `fault.at_s` seconds from now."""
    injected = Injected()

    def run() -> None:
        gevent.sleep(fault.at_s)
        pid = find_pid()
        if pid is None:
            injected.error = f"no {fault.component} process found"
            return
        injected.began = time.time()
        if fault.kind == "kill":
            os.kill(pid, signal.SIGKILL)
            injected.ended = injected.began
            return
        os.kill(pid, signal.SIGSTOP)
        try:
            gevent.sleep(fault.hold_s)
        finally:
            os.kill(pid, signal.SIGCONT)
            injected.ended = time.time()

    return injected, gevent.spawn(run)


def fault_figures(fault: Fault, injected: Injected, samples: list[Sample]) -> dict[str, Any]:
    """Error rate of the messages sent while the fault lasted, and the time to recover."""
    figures: dict[str, Any] = {
        "component": fault.component,
        "kind": fault.kind,
        "at_s": fault.at_s,
        "hold_s": fault.hold_s,
    }
    if injected.began is None or injected.ended is None:
        return {**figures, "error": injected.error or "the fault was not injected"}
    before = [s for s in samples if s.started < injected.began]
    failures = [s for s in samples if s.started >= injected.began and s.outcome != "ok"]
    # The fault lasts, as citizens see it, until the last message it spoiled was answered: a
    # killed server must first be restarted, and Rasa counts a failed one down for a while.
    last = max((s.started for s in failures), default=injected.began)
    recovered_at = max((s.started + s.latency_ms / 1000 for s in failures), default=injected.ended)
    during = [s for s in samples if injected.began <= s.started <= max(last, injected.ended)]
    return {
        **figures,
        "messages_during": len(during),
        "not_answered_properly_during": len(failures),
        "error_rate_during": round(len(failures) / len(during), 3) if during else None,
        "recovery_s": round(max(0.0, recovered_at - injected.ended), 1),
        "error_rate_before": (
            round(sum(s.outcome != "ok" for s in before) / len(before), 3) if before else None
        ),
    }


FAULT_USERS, FAULT_THINK_S, FAULT_DURATION_S = 5, 1.0, 45.0
SETTLE_AFTER_FAULT_S = 10.0  # a killed server is restarted (1 s) and up again before the next run


def fault_runs(
    url: str,
    mix: Mix,
    rest_secret: str | None,
    find_pid: Callable[[], int | None],
    seed: int,
    say: Callable[[str], None],
) -> list[dict[str, Any]]:
    """The action server suspended, then killed, while `FAULT_USERS` citizens write."""
    # Imported here: locust (in the driver) patches the standard library for gevent, which the
    # figures above and their tests must not trigger.
    from nrwbot.bench.driver import Load, drive

    load = Load(FAULT_USERS, FAULT_THINK_S, FAULT_DURATION_S, warmup_s=0.0)
    runs = []
    for fault in ACTION_SERVER_FAULTS:
        injected, greenlet = inject(fault, find_pid)
        outcome = drive(url, mix, load, seed, rest_secret)
        greenlet.join()
        figures = fault_figures(fault, injected, outcome.samples)
        runs.append(figures)
        say(
            f"fault: {fault.component} {fault.kind} at {fault.at_s:g} s: "
            f"{figures.get('not_answered_properly_during')} of {figures.get('messages_during')} "
            f"messages without a proper answer, recovered after {figures.get('recovery_s')} s"
            + (f" ({figures['error']})" if "error" in figures else "")
        )
        time.sleep(SETTLE_AFTER_FAULT_S)
    return runs
