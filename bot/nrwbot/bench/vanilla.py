"""The vanilla Rasa baseline: a `rasa init` bot, trained and served by the same Python.

Its conversations follow the init bot's own stories (greet, mood, the cheer-up image, goodbye)
and rules (goodbye, "are you a bot?"), so that both bots are driven by the same client on the
same machine in the same run, and NRWbot's figures become ratios.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from nrwbot.bench.scenarios import Conversation, Mix, Turn
from nrwbot.bench.servers import Server, free_port, launch, time_startup
from nrwbot.errors import NRWbotError

VANILLA_MIX = Mix(
    (
        Conversation("happy", 4, (Turn("hello", "How are you"), Turn("I am great", "carry on"),
                                  Turn("bye", "Bye"))),
        Conversation("sad_helped", 3, (Turn("hi"), Turn("I am sad", "Did that help"),
                                       Turn("yes", "carry on"), Turn("goodbye"))),
        Conversation("sad_not_helped", 2, (Turn("good morning"), Turn("my day was horrible"),
                                           Turn("no", "Bye"))),
        Conversation("bot_challenge", 1, (Turn("are you a bot?", "I am a bot"),)),
    )
)  # fmt: skip
STARTUP_MARKS = {
    "rasa_imported": r"Starting Rasa server on",
    "rasa_loading_model": r"Loading model",
    "rasa_server_up": r"Rasa server is up and running",
}


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONUNBUFFERED": "1",
    }


def trained_model(folder: Path) -> Path | None:
    models = sorted((folder / "models").glob("*.tar.gz"))
    return models[-1] if models else None


def init_bot(folder: Path, log: Path) -> float:
    """`rasa init --no-prompt` into `folder` (which trains its model); returns the seconds taken."""
    folder.mkdir(parents=True, exist_ok=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("wb") as out:
        result = subprocess.run(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(folder)],
            cwd=folder, env=_environment(), stdout=out, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    if result.returncode != 0 or trained_model(folder) is None:
        raise NRWbotError(f"rasa init failed (exit code {result.returncode}); see {log}")
    return round(time.monotonic() - started, 1)


def start_vanilla(folder: Path, log: Path, timeout: float = 600) -> Server:
    """`rasa run --enable-api` of the init bot on a free port; waits for its first answer."""
    model = trained_model(folder)
    if model is None:
        raise NRWbotError(f"{folder} holds no trained model; run init_bot first")
    port = free_port()
    command = [
        sys.executable, "-m", "rasa", "run", "--enable-api", "--interface", "127.0.0.1",
        "--port", str(port), "--model", str(model),
    ]  # fmt: skip
    server = launch(command, folder, _environment(), log, f"http://127.0.0.1:{port}")
    server.ports = {"rasa": port}
    try:
        time_startup(server, "hello", {"rasa_listening": f"{server.url}/"}, timeout)
    except BaseException:
        server.stop()
        raise
    for name, pattern in STARTUP_MARKS.items():
        server.startup[f"log_{name}"] = server.log.first(pattern)
    return server
