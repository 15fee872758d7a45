"""`nrwbot run`: starts every NRWbot process in the foreground, restarts one that crashes, and
stops them together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from nrwbot.release import MODEL_PATH
from nrwbot.settings import Settings


@dataclass
class Service:
    """One child process with the URL a person would open."""

    name: str
    command: list[str]
    url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    # A replica may die without stopping the rest: the load balancer skips it. It is not restarted
    # here, because a restarting Rasa accepts connections before its model is loaded, and a
    # request nginx gave up on there would later be processed twice (Kubernetes keeps such a pod
    # out of the Service until its readiness probe answers).
    replica: bool = False


def server_environment(settings: Settings) -> dict[str, str]:
    """Variables that `endpoints.yml` and the servers read (`${…}` placeholders)."""
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    return {
        "NRWBOT_HOME": str(settings.root),
        "NRWBOT_ACTION_URL": settings.action_url,
        "NRWBOT_TRACKER_STORE_URL": settings.tracker_store_url,
        "NRWBOT_VAR_DIR": str(settings.var_dir),
        "NRWBOT_MODEL_SERVER_URL": f"{model_server_url(settings)}{MODEL_PATH}",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(settings.root), os.environ.get("PYTHONPATH")])
        ),
    }


def model_server_url(settings: Settings) -> str:
    """Where the Rasa servers poll for the released model (loopback: only they need it)."""
    return f"http://127.0.0.1:{settings.model_server_port}"


def model_server_service(settings: Settings) -> Service:
    """Serves the released model (nrwbot.release) to every Rasa server, which polls it."""
    command = [
        sys.executable, "-m", "nrwbot.model_server", "--models-dir", str(settings.models_dir),
        "--port", str(settings.model_server_port),
    ]  # fmt: skip
    return Service("model server", command, f"{model_server_url(settings)}/health")


def rasa_service(
    settings: Settings,
    port: int,
    *,
    endpoints: str = "endpoints.yml",
    interface: str | None = None,
    name: str = "rasa",
    extra_env: dict[str, str] | None = None,
) -> Service:
    """One Rasa server; it pulls the released model from the model server and polls for the next."""
    command = [
        sys.executable, "-m", "nrwbot.rasa_server", "run",
        "--interface", interface or settings.host,
        "--port", str(port),
        "--enable-api",
        "--credentials", str(settings.root / "credentials.yml"),
        "--endpoints", str(settings.root / endpoints),
    ]  # fmt: skip
    return Service(
        name,
        command,
        f"http://{interface or settings.host}:{port}/webhooks/rest/webhook",
        {"SANIC_HOST": interface or settings.host, "NRWBOT_API_TOKEN": settings.api_token(),
         **(extra_env or {})},
    )  # fmt: skip


def action_service(settings: Settings, port: int, name: str = "action server") -> Service:
    """One action server, on the action host (loopback unless configured)."""
    command = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    return Service(
        name,
        command,
        f"http://{settings.action_host}:{port}/health",
        {"SANIC_HOST": settings.action_host, "NRWBOT_BACKEND_TOKEN": settings.backend_token()},
    )


def backend_service(settings: Settings) -> Service:
    """The reference municipal backend with the demo data, authentication on."""
    command = [
        sys.executable, "-m", "backend", "--host", settings.backend_host,
        "--port", str(settings.backend_port), "--seed-demo",
    ]  # fmt: skip
    env = {
        "BACKEND_API_TOKEN": settings.backend_token(),
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite+aiosqlite:///{settings.var_dir / 'backend.db'}",
    }
    url = f"http://{settings.backend_host}:{settings.backend_port}/openapi.json"
    return Service("backend", command, url, env)


def portal_service(settings: Settings) -> Service:
    """The demo service portal with the widget."""
    base = f"http://{settings.host}"
    command = [
        sys.executable, "-m", "portal", "--host", settings.host,
        "--port", str(settings.portal_port), "--bot-url", f"{base}:{settings.rasa_port}",
    ]  # fmt: skip
    return Service("demo portal", command, f"{base}:{settings.portal_port}/")


def admin_service(settings: Settings) -> Service:
    """The admin app (admin/): review and annotate citizens' messages."""
    command = [
        sys.executable, "-m", "admin", "--host", settings.admin_host,
        "--port", str(settings.admin_port),
    ]  # fmt: skip
    return Service("admin", command, f"http://{settings.admin_host}:{settings.admin_port}/")


def services(settings: Settings) -> list[Service]:
    """The processes of a local NRWbot; secrets go in their environment, never on a command line.

    Rasa runs the released model (`nrwbot.release.serve_at_start` chose it), so a release or
    rollback from the admin app reaches it within one polling interval, as in a cluster.
    """
    return [
        portal_service(settings),
        backend_service(settings),
        admin_service(settings),
        model_server_service(settings),
        action_service(settings, settings.action_port),
        rasa_service(settings, settings.rasa_port),
    ]


RETENTION_INTERVAL_SECONDS = 24 * 3600
RETENTION_FIRST_RUN_SECONDS = 60  # after the servers have started, not competing with them


def _delete_expired(settings: Settings) -> None:
    from nrwbot.retention import delete_older_than

    try:
        deleted = delete_older_than(settings.tracker_store_url, settings.retention_days)
    except Exception as exc:  # the chat goes on; the next run tries again
        print(f"retention: deleting old conversations failed: {exc}", flush=True)
        return
    if deleted.conversations:
        print(
            f"retention: deleted {deleted.conversations} conversations older than "
            f"{settings.retention_days} days",
            flush=True,
        )


def start_retention(settings: Settings, stopped: threading.Event) -> threading.Thread:
    """Deletes expired conversations soon after start and then once a day, until `stopped`."""

    def loop() -> None:
        wait = RETENTION_FIRST_RUN_SECONDS
        while not stopped.wait(wait):
            _delete_expired(settings)
            wait = RETENTION_INTERVAL_SECONDS

    thread = threading.Thread(target=loop, name="nrwbot-retention", daemon=True)
    thread.start()
    return thread


def _stop(running: list[Service]) -> None:
    for service in running:
        if service.process and service.process.poll() is None:
            service.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 10
    for service in running:
        if service.process is None:
            continue
        try:
            service.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            service.process.kill()


RESTART_LIMIT = 5  # restarts in a row, each soon after the last start, before giving up
STABLE_SECONDS = 60.0  # a component that ran this long counts as recovered
MAX_BACKOFF_SECONDS = 30.0


@dataclass
class Restarts:
    """Restarts crashed components with a growing pause, and gives up on one that keeps dying."""

    counts: dict[str, int] = field(default_factory=dict)
    started: dict[str, float] = field(default_factory=dict)
    waiting: dict[str, float] = field(default_factory=dict)

    def due(self, service: Service, start: Callable[[Service], None]) -> bool:
        """Handles an exited `service`; False when it keeps crashing and the stack should stop."""
        now = time.monotonic()
        if service.name not in self.waiting:
            code = service.process.returncode if service.process else None
            if now - self.started.get(service.name, 0.0) > STABLE_SECONDS:
                self.counts[service.name] = 0
            count = self.counts.get(service.name, 0) + 1
            if count > RESTART_LIMIT:
                print(f"{service.name} exited with code {code} again; giving up and stopping.")
                return False
            pause = min(MAX_BACKOFF_SECONDS, 2.0 ** (count - 1))
            print(
                f"{service.name} exited with code {code}; restarting it in {pause:.0f} s "
                f"(restart {count} of at most {RESTART_LIMIT}).",
                flush=True,
            )
            self.counts[service.name] = count
            self.waiting[service.name] = now + pause
        if now >= self.waiting[service.name]:
            del self.waiting[service.name]
            start(service)
            self.started[service.name] = now
            print(f"{service.name} restarted.", flush=True)
        return True


def run_foreground(settings: Settings, extra: list[Service] | None = None) -> int:
    """Starts all services; returns on Ctrl-C or when one keeps crashing, stopping all of them."""
    return run_services(settings, [*(extra or []), *services(settings)])


def run_services(settings: Settings, running: list[Service]) -> int:
    """Starts the given services and restarts any that crashes (`Restarts`); returns on Ctrl-C,
    or when one keeps crashing, stopping all of them."""
    env = {**os.environ, **server_environment(settings)}

    def start(service: Service) -> None:
        service.process = subprocess.Popen(
            service.command, cwd=settings.root, env={**env, **service.env}
        )

    for service in running:
        start(service)
    print("\nNRWbot is starting (the Rasa server needs about 30 s to load the model):")
    for service in running:
        print(f"  {service.name:14} {service.url}")
    print(
        f'\nChat:  curl -s {running[-1].url} -d \'{{"sender":"a","message":"Hallo"}}\'\n'
        f"HTTP API token: {settings.var_dir / 'api-token'} (or NRWBOT_API_TOKEN); "
        f"backend token: {settings.var_dir / 'backend-token'} (or NRWBOT_BACKEND_TOKEN)\n"
        "Stop with Ctrl-C.\n",
        flush=True,
    )
    stop_requested = False

    def _request_stop(signum: int, _frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGINT, _request_stop)
    signal.signal(signal.SIGTERM, _request_stop)
    retention_stopped = threading.Event()
    start_retention(settings, retention_stopped)
    lost: list[Service] = []
    restarts = Restarts()
    exit_code = 0
    try:
        while not stop_requested:
            exited = [s for s in running if s.process and s.process.poll() is not None]
            for service in [s for s in exited if s.replica and s not in lost]:
                code = service.process.returncode if service.process else None
                print(f"{service.name} exited with code {code}; the others go on.")
                lost.append(service)
            for service in [s for s in exited if not s.replica]:
                if not restarts.due(service, start):
                    exit_code = 1
                    stop_requested = True
            time.sleep(0.5)
    finally:
        retention_stopped.set()
        _stop(running)
    return exit_code
