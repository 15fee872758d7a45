"""`nrwbot run` restarts a crashed component with a growing pause and says so."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from nrwbot import runner
from nrwbot.runner import RESTART_LIMIT, Restarts, Service


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(runner.time, "monotonic", clock)
    return clock


def _crashed() -> Service:
    service = Service("backend", ["python", "-m", "backend"], "http://127.0.0.1:5070/")
    service.process = SimpleNamespace(returncode=-9)  # type: ignore[assignment]
    return service


def test_a_crash_is_restarted_after_a_pause_that_grows(
    clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    restarts, started, service = Restarts(), [], _crashed()
    for pause in (1, 2, 4):
        assert restarts.due(service, started.append)  # the crash is noticed: a pause begins
        before = len(started)
        clock.now += pause - 0.1
        restarts.due(service, started.append)
        assert len(started) == before  # not yet
        clock.now += 0.1
        assert restarts.due(service, started.append)
        assert len(started) == before + 1  # restarted after exactly the pause
        clock.now += 1  # and crashes again soon after
    out = capsys.readouterr().out
    assert "backend exited with code -9; restarting it in 1 s (restart 1" in out
    assert "restarting it in 4 s (restart 3" in out and "backend restarted." in out


def test_one_that_keeps_crashing_stops_the_stack(clock: Clock) -> None:
    restarts, started, service = Restarts(), [], _crashed()
    for _ in range(RESTART_LIMIT):
        assert restarts.due(service, started.append)
        clock.now += 60
        assert restarts.due(service, started.append)
        clock.now += 1
    assert len(started) == RESTART_LIMIT
    assert not restarts.due(service, started.append)


def test_a_component_that_ran_a_while_starts_counting_afresh(clock: Clock) -> None:
    restarts, started, service = Restarts(), [], _crashed()
    for _ in range(RESTART_LIMIT + 3):
        assert restarts.due(service, started.append)
        clock.now += 31
        assert restarts.due(service, started.append)
        clock.now += 120  # ran two minutes before the next crash
    assert len(started) == RESTART_LIMIT + 3
