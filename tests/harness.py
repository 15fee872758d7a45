"""Fixtures that train (or reuse) the model, start servers on free ports and chat with the bot.

Integration tests use `bot` to hold whole conversations in-process against the trained model and a
real action server, and `free_port`/`wait_for_http` to start real servers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from nrwbot.testing import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[1]


def server_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NRWBOT_HOME": str(ROOT),
        "PYTHONPATH": str(ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": "127.0.0.1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **extra,
    }


def tenants_pointing_to(folder: Path, backend_url: str) -> Path:
    """Copies of the tenant files whose experts call the backend at `backend_url`."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    for source in (ROOT / "tenants").glob("*.yml"):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for settings in (data.get("experts") or {}).values():
            if settings and "backend_url" in settings:
                settings["backend_url"] = backend_url
        (folder / source.name).write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    return folder


def run_env(tmp: Path, rasa_port: int, action_port: int, **extra: str) -> dict[str, str]:
    """Environment for `nrwbot run` on free ports; its `var/` (stores, secrets) is `tmp/var`.

    The tenant files are copied so that the experts call the backend this run starts.
    """
    backend_port = free_port()
    var = tmp / "var"
    tenants = tenants_pointing_to(tmp / "tenants", f"http://127.0.0.1:{backend_port}/api/v1")
    defaults = {
        "NRWBOT_RASA_PORT": str(rasa_port),
        "NRWBOT_ACTION_PORT": str(action_port),
        "NRWBOT_BACKEND_PORT": str(backend_port),
        "NRWBOT_PORTAL_PORT": str(free_port()),
        "NRWBOT_ADMIN_PORT": str(free_port()),
        "NRWBOT_MODEL_SERVER_PORT": str(free_port()),
        "NRWBOT_VAR_DIR": str(var),
        "NRWBOT_TENANTS_DIR": str(tenants),
        "NRWBOT_TRACKER_STORE_URL": f"sqlite:///{var / 'conversations.db'}",
        "DATABASE_URL": f"sqlite+aiosqlite:///{var / 'backend.db'}",
    }
    environment = server_env(**{**defaults, **extra})
    for inherited in ("NRWBOT_BACKEND_TOKEN", "BACKEND_API_TOKEN", "NRWBOT_DATA_KEY"):
        if inherited not in extra:
            environment.pop(inherited, None)
    return environment


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current inputs, trained only if no cached one matches."""
    from nrwbot.project import load_project
    from nrwbot.spacy_pipeline import build_pipeline
    from nrwbot.training import train

    project = load_project()
    build_pipeline(project.settings.spacy_pipeline_dir)
    return train(project.settings, project.compose())


def start_action_server(port: int, log: Path, root: Path = ROOT, **env: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    env = server_env(NRWBOT_HOME=str(root), PYTHONPATH=str(root), **env)
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    wait_for_http(f"http://127.0.0.1:{port}/health", process=process)
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def action_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("actions") / "action-server.log"
    process = start_action_server(port, log)
    yield f"http://127.0.0.1:{port}/webhook"
    stop(process)


@dataclass
class Bot:
    """Chats with an in-process Rasa agent; each sender id is one conversation."""

    agent: Any

    async def say(self, sender: str, text: str, tenant: str | None = None) -> list[str]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        metadata = {"tenant": tenant} if tenant else None
        messages = await self.agent.handle_message(
            UserMessage(text, CollectingOutputChannel(), sender, metadata=metadata)
        )
        return [m.get("text", "") for m in messages or []]

    async def tracker(self, sender: str) -> Any:
        return await self.agent.tracker_store.retrieve(sender)

    async def slot(self, sender: str, name: str) -> Any:
        return (await self.tracker(sender)).get_slot(name)


async def load_bot(model: Path, action_url: str) -> Bot:
    """Loads the model in-process, calling the action server at `action_url`."""
    from rasa.core.agent import load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    endpoints = AvailableEndpoints(action=EndpointConfig(url=action_url))
    return Bot(await load_agent(model_path=str(model), endpoints=endpoints))


@pytest_asyncio.fixture(scope="session")
async def bot(trained_model: Path, action_server_url: str) -> AsyncIterator[Bot]:
    yield await load_bot(trained_model, action_server_url)


def joined(messages: list[str]) -> str:
    return "\n".join(messages)
