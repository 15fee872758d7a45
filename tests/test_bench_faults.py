"""nrwbot.bench.faults: injecting a fault into a process, and the figures of a fault run."""

from __future__ import annotations

import subprocess
import sys

import gevent
import psutil

from nrwbot.bench.faults import Fault, Injected, fault_figures, inject
from nrwbot.bench.report import Sample


def _sample(started: float, outcome: str, latency_ms: float = 200) -> Sample:
    return Sample("faq", started, latency_ms, outcome)


def test_a_suspension_stops_the_process_for_the_hold_and_lets_it_go_on() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        statuses: list[str] = []
        injected, greenlet = inject(
            Fault("x", "suspend", at_s=0.1, hold_s=0.4), lambda: process.pid
        )
        sampler = gevent.spawn_later(
            0.3, lambda: statuses.append(psutil.Process(process.pid).status())
        )
        gevent.joinall([greenlet, sampler])
        assert statuses == [psutil.STATUS_STOPPED]
        assert psutil.Process(process.pid).status() != psutil.STATUS_STOPPED
        assert injected.began is not None and injected.ended - injected.began >= 0.4
    finally:
        process.kill()


def test_a_kill_ends_the_process() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    injected, greenlet = inject(Fault("x", "kill", at_s=0.05), lambda: process.pid)
    greenlet.join()
    assert process.wait(timeout=5) == -9 and injected.began == injected.ended


def test_a_missing_process_is_reported_not_hidden() -> None:
    injected, greenlet = inject(Fault("action_server", "kill", at_s=0), lambda: None)
    greenlet.join()
    figures = fault_figures(Fault("action_server", "kill", at_s=0), injected, [])
    assert figures["error"] == "no action_server process found"


def test_figures_of_a_suspension() -> None:
    fault = Fault("action_server", "suspend", at_s=10, hold_s=10)
    samples = [
        _sample(1005, "ok"),  # before
        _sample(1012, "unexpected", latency_ms=8000),  # the apology after the action timeout
        _sample(1015, "ok"),  # a message that needs no action (a rule's response)
        _sample(1019, "error"),
        _sample(1024, "unexpected", latency_ms=500),  # after, while Rasa counts it down
        _sample(1036, "ok"),
        _sample(1040, "ok"),
    ]
    figures = fault_figures(fault, Injected(began=1010, ended=1020), samples)
    assert figures["messages_during"] == 4 and figures["not_answered_properly_during"] == 3
    assert figures["error_rate_during"] == 0.75
    assert figures["recovery_s"] == 4.5  # the last spoiled answer came at 1024.5
    assert figures["error_rate_before"] == 0.0


def test_a_kill_lasts_until_the_last_spoiled_answer() -> None:
    fault = Fault("action_server", "kill", at_s=10)
    samples = [_sample(1011, "unexpected"), _sample(1013, "unexpected"), _sample(1030, "ok")]
    figures = fault_figures(fault, Injected(began=1010, ended=1010), samples)
    assert figures["messages_during"] == 2 and figures["not_answered_properly_during"] == 2
    assert figures["recovery_s"] == 3.2


def test_a_fault_nobody_noticed_took_no_time_to_recover() -> None:
    fault = Fault("action_server", "kill", at_s=10)
    figures = fault_figures(fault, Injected(began=1010, ended=1010), [_sample(1012, "ok")])
    assert figures["not_answered_properly_during"] == 0 and figures["recovery_s"] == 0.0
