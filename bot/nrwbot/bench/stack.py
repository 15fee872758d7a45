"""`nrwbot bench --start`: an isolated `nrwbot run` on free ports, with its own var/ and tenants.

Like `tests/harness.run_env`: stores, secrets and the backend database live in a temporary
folder, the tenant files are copied so that the experts call this run's backend, and the
composed project goes to a temporary folder too. The model is the cached one for the current
inputs; the bench never trains NRWbot, so that the start-up time it measures is a start.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from nrwbot.bench.servers import Server, free_port, launch, time_startup
from nrwbot.errors import NRWbotError
from nrwbot.settings import get_settings

# Lines of `nrwbot run`'s output that mark where its start-up time goes.
STARTUP_MARKS = {
    "processes_started": r"NRWbot is starting",
    "action_server_listening": r"Action endpoint is up and running",
    "rasa_imported": r"Starting Rasa server on",
    "rasa_loading_model": r"Loading model",
    "rasa_spacy_loaded": r"Trying to load SpaCy model",
    "rasa_server_up": r"Rasa server is up and running",
}
# Secrets and proxy settings of the caller's own stack: the started one makes its own.
NOT_INHERITED = (
    "NRWBOT_REST_SECRET",
    "NRWBOT_TRUSTED_PROXIES",
    "NRWBOT_BACKEND_TOKEN",
    "BACKEND_API_TOKEN",
    "NRWBOT_DATA_KEY",
    "NRWBOT_API_TOKEN",
)


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def cached_model(project_dir: Path) -> Path:
    """The trained model for the current inputs, composed into `project_dir` to find it.

    Raises:
        NRWbotError: no model matches; the bench would otherwise time a training.
    """
    from nrwbot.project import load_project
    from nrwbot.training import model_path

    with _environment(NRWBOT_PROJECT_DIR=str(project_dir)):
        project = load_project()
        model = model_path(project.settings, project.compose())
    if not model.exists():
        raise NRWbotError(
            f"No trained model for the current inputs ({model.name}): run `nrwbot train` first. "
            "The bench never trains NRWbot, so that it times a start and not a training."
        )
    return model


def _tenants_calling(folder: Path, tenants: Path, backend_url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(tenants.glob("*.yml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for settings in (data.get("experts") or {}).values():
            if settings and "backend_url" in settings:
                settings["backend_url"] = backend_url
        (folder / source.name).write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    return folder


def start_nrwbot(workdir: Path, log: Path, timeout: float = 600) -> Server:
    """Starts `nrwbot run` in `workdir` and waits for its first answer, timing the way there."""
    settings = get_settings()
    model = cached_model(workdir / "project")
    ports = {name: free_port() for name in ("rasa", "action", "backend", "portal", "admin")}
    var = workdir / "var"
    tenants = _tenants_calling(
        workdir / "tenants", settings.tenants_dir, f"http://127.0.0.1:{ports['backend']}/api/v1"
    )
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        NRWBOT_HOME=str(settings.root),
        NRWBOT_RASA_PORT=str(ports["rasa"]),
        NRWBOT_ACTION_PORT=str(ports["action"]),
        NRWBOT_BACKEND_PORT=str(ports["backend"]),
        NRWBOT_PORTAL_PORT=str(ports["portal"]),
        NRWBOT_ADMIN_PORT=str(ports["admin"]),
        NRWBOT_VAR_DIR=str(var),
        NRWBOT_TENANTS_DIR=str(tenants),
        NRWBOT_PROJECT_DIR=str(workdir / "project"),
        NRWBOT_MODELS_DIR=str(model.parent),
        NRWBOT_TRACKER_STORE_URL=f"sqlite:///{var / 'conversations.db'}",
        DATABASE_URL=f"sqlite+aiosqlite:///{var / 'backend.db'}",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONUNBUFFERED="1",
    )
    # The bench talks to it like a portal's reverse proxy on this host: with the REST secret and
    # each conversation's own address in X-Forwarded-For (see nrwbot.bench.driver).
    rest_secret = secrets.token_urlsafe(32)
    env.update(NRWBOT_REST_SECRET=rest_secret, NRWBOT_TRUSTED_PROXIES="127.0.0.1/32,::1/128")
    url = f"http://127.0.0.1:{ports['rasa']}"
    server = launch([sys.executable, "-m", "nrwbot.cli", "run"], settings.root, env, log, url)
    server.ports = ports
    server.rest_secret = rest_secret
    probes = {
        "backend_ready": f"http://127.0.0.1:{ports['backend']}/openapi.json",
        "action_server_ready": f"http://127.0.0.1:{ports['action']}/health",
        "admin_ready": f"http://127.0.0.1:{ports['admin']}/",
        "portal_ready": f"http://127.0.0.1:{ports['portal']}/",
        "rasa_listening": f"{url}/",
    }
    try:
        time_startup(server, "Hallo", probes, timeout)
    except BaseException:
        server.stop()
        raise
    for name, pattern in STARTUP_MARKS.items():
        server.startup[f"log_{name}"] = server.log.first(pattern)
    return server
