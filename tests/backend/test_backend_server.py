"""`python -m backend` starts a real server that migrates, seeds and answers over TCP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backend.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = os.environ | {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'server.db'}"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backend",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--seed-demo",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"server exited early:\n{process.stdout.read()}")
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("server did not answer /health within 30 s")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_server_serves_the_seeded_demo_data(server: str) -> None:
    with httpx.Client(base_url=server, timeout=5) as client:
        search = client.get("/api/v1/fundsachen", params={"q": "Schluessel"})
        assert search.status_code == 200
        assert search.json()["total"] == 3
        status = client.post(
            "/api/v1/ausweisantraege/status",
            json={"nummer": "RL7098T23", "geburtsdatum": "1949-10-22"},
        )
        assert status.json()["status"] == "abholbereit"
        bad = client.post("/api/v1/suchauftraege", content=b"[1]")
        assert bad.status_code == 400
        assert bad.json()["error"] == "invalid_body"
        big = client.post("/api/v1/suchauftraege", content=b"{" + b" " * 70_000 + b"}")
        assert big.status_code == 413
        assert big.json()["error"] == "payload_too_large"
