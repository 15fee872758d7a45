"""Starting a server under test and timing it: stamped logs, readiness probes, first answer."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx
import psutil

from nrwbot.errors import NRWbotError

WEBHOOK = "/webhooks/rest/webhook"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class StampedLog:
    """Reads a child's output into a file, each line prefixed with seconds since `started`."""

    path: Path
    started: float
    lines: list[tuple[float, str]] = field(default_factory=list)

    def follow(self, stream: IO[bytes]) -> threading.Thread:
        def pump() -> None:
            with self.path.open("w", encoding="utf-8") as out:
                for raw in iter(stream.readline, b""):
                    stamp = time.monotonic() - self.started
                    line = raw.decode("utf-8", "replace").rstrip()
                    self.lines.append((stamp, line))
                    out.write(f"{stamp:8.2f}s {line}\n")
                    out.flush()

        thread = threading.Thread(target=pump, name=f"log {self.path.name}", daemon=True)
        thread.start()
        return thread

    def first(self, pattern: str) -> float | None:
        """Seconds until the first line matching `pattern` appeared, if one did."""
        compiled = re.compile(pattern)
        return next((round(t, 2) for t, line in self.lines if compiled.search(line)), None)


@dataclass
class Server:
    """A server process under test, its stamped log and its start-up times in seconds."""

    process: subprocess.Popen[bytes]
    log: StampedLog
    url: str
    startup: dict[str, float | None] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)  # the ports of its components, by name
    rest_secret: str | None = field(default=None, repr=False)  # NRWbot's, when the bench set one

    def stop(self, timeout: float = 30) -> None:
        """SIGINT (a clean Ctrl-C for `nrwbot run`), then SIGKILL to the whole process group."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def launch(
    command: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path, url: str
) -> Server:
    """Starts `command` in its own process group, its output stamped into `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    stamped = StampedLog(log, started)
    assert process.stdout is not None  # stdout=PIPE
    stamped.follow(process.stdout)
    return Server(process, stamped, url)


def answers(url: str, message: str) -> bool:
    """Whether the bot at `url` answers `message` over REST with some text, in a new conversation."""
    body = {"sender": f"bench-start-{uuid.uuid4().hex[:8]}", "message": message}
    try:
        response = httpx.post(f"{url}{WEBHOOK}", json=body, timeout=30)
        return response.status_code == 200 and any(m.get("text") for m in response.json())
    except (httpx.HTTPError, ValueError):
        return False


def _up(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code < 500
    except httpx.HTTPError:
        return False


def time_startup(
    server: Server, first_message: str, probes: Mapping[str, str], timeout: float
) -> dict[str, float | None]:
    """Seconds from process start until each probe URL answers and the bot first answers.

    Raises:
        NRWbotError: the process exited, or the bot gave no answer within `timeout`.
    """
    process, log, url = server.process, server.log, server.url
    ready: dict[str, float | None] = dict.fromkeys(probes)
    while True:
        elapsed = time.monotonic() - log.started
        if process.poll() is not None:
            raise NRWbotError(
                f"{process.args!r:.200} exited with {process.returncode}; see {log.path}"
            )
        if elapsed > timeout:
            raise NRWbotError(f"{url} gave no answer within {timeout:.0f} s; see {log.path}")
        for name, probe in probes.items():
            if ready[name] is None and _up(probe):
                ready[name] = round(time.monotonic() - log.started, 2)
        if all(v is not None for v in ready.values()) and answers(url, first_message):
            ready["first_answer"] = round(time.monotonic() - log.started, 2)
            server.startup = ready
            return ready
        time.sleep(0.25)


def listener(port: int) -> psutil.Process | None:
    """The process listening on TCP `port` on this machine, if this user may see it."""
    try:
        connections = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:
        return None
    for conn in connections:
        if (
            conn.status == psutil.CONN_LISTEN
            and conn.laddr
            and conn.laddr.port == port
            and conn.pid
        ):
            return psutil.Process(conn.pid)
    return None
