"""Peak resident memory of the servers under test, sampled with psutil during the whole bench."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

import psutil

MB = 1024 * 1024


def tree_rss(process: psutil.Process) -> int | None:
    """Resident bytes of a process and its descendants; None once it is gone."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return None
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


class MemorySampler:
    """Samples the resident memory of named processes every `interval` seconds in a thread."""

    def __init__(self, processes: Mapping[str, psutil.Process], interval: float = 0.5) -> None:
        self.processes = dict(processes)
        self.interval = interval
        self.samples: list[tuple[float, str, int]] = []  # (epoch s, name, bytes)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="bench-memory", daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stopped.is_set():
            now = time.time()
            for name, process in self.processes.items():
                rss = tree_rss(process)
                if rss is not None:
                    self.samples.append((now, name, rss))
            time.sleep(self.interval)

    def peak_mb(self, name: str, window: tuple[float, float] | None = None) -> float | None:
        """Highest sample of `name` in MB, within `window` (epoch s) if given."""
        values = [
            rss
            for t, n, rss in self.samples
            if n == name and (window is None or window[0] <= t <= window[1])
        ]
        return round(max(values) / MB, 1) if values else None
