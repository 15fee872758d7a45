"""The retraining the admin app runs in the background, one at a time, with its progress.

A platform admin starts it; a worker thread runs `nrwbot.retraining.retrain` (which also holds
the lock that keeps a `nrwbot retrain` in a terminal from running at the same time) while the
models page reads a snapshot of its state. Start, result, release and failure go to the audit
log with the account that started it.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from admin import audit
from admin.audit import AuditLog
from nrwbot.errors import NRWbotError
from nrwbot.project import Project
from nrwbot.retraining import Outcome, Progress, bar_percent, component_of, retrain

LOG_LINES = 30
Run = Callable[..., Outcome]  # retrain(project, progress, full=…)


@dataclass(frozen=True)
class JobState:
    """What the models page shows of the current or last retraining."""

    running: bool = False
    account: str = ""
    full: bool = False
    started_at: float | None = None
    finished_at: float | None = None
    phase: int = 0
    component: str = ""
    bar: str = ""
    lines: tuple[str, ...] = ()
    outcome: Outcome | None = None
    error: str = ""


@dataclass
class _Recorder:
    """The progress of the running job, written by the worker thread."""

    lock: threading.Lock
    state: JobState
    lines: deque[str] = field(default_factory=lambda: deque(maxlen=LOG_LINES))

    def phase(self, number: int, text: str) -> None:
        with self.lock:
            self.state = replace(self.state, phase=number, component="", bar="")
            self.lines.append(f"[{number}] {text}")

    def line(self, text: str) -> None:
        with self.lock:
            if bar_percent(text) is not None:
                self.state = replace(self.state, bar=text[-160:])
                return
            component = component_of(text)
            if component:
                self.state = replace(self.state, component=component, bar="")
            self.lines.append(text[-300:])


class Retrainer:
    """Starts retrainings in a worker thread and keeps the state of the last one."""

    def __init__(
        self,
        project: Callable[[], Project],
        models_dir: Path,
        log: AuditLog,
        run: Run = retrain,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.project = project
        self.models_dir = models_dir
        self.log = log
        self.run = run
        self.clock = clock
        self._lock = threading.Lock()
        self._recorder = _Recorder(self._lock, JobState())
        self._thread: threading.Thread | None = None

    def state(self) -> JobState:
        """A snapshot, safe to render while the job runs."""
        with self._lock:
            return replace(self._recorder.state, lines=tuple(self._recorder.lines))

    def start(self, account: str, full: bool = False) -> bool:
        """Starts a retraining unless one runs in this app; False if one does."""
        with self._lock:
            if self._recorder.state.running:
                return False
            self._recorder = _Recorder(
                self._lock, JobState(True, account, full, started_at=self.clock())
            )
            recorder = self._recorder
        self.log.record(
            account, audit.RETRAIN_STARTED, "full training" if full else "fine-tuning if possible"
        )
        self._thread = threading.Thread(
            target=self._work, args=(recorder, account, full), name="retraining", daemon=True
        )
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Waits for the running job (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _work(self, recorder: _Recorder, account: str, full: bool) -> None:
        progress: Progress = recorder
        outcome, error = None, ""
        try:
            outcome = self.run(self.project(), progress, full=full)
        except NRWbotError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - the page must show a failure, not hang
            error = f"unexpected error: {exc!r}"
        if outcome is not None:
            self.log.record(account, audit.RETRAINED, outcome.summary())
            if outcome.released is not None:
                self.log.record(
                    account, audit.RELEASED, f"{outcome.released.model} (by retraining)"
                )
        else:
            self.log.record(account, audit.RETRAIN_FAILED, error)
        with self._lock:
            recorder.state = replace(
                recorder.state,
                running=False,
                finished_at=self.clock(),
                outcome=outcome,
                error=error,
            )
