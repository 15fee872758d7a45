"""Process settings, read once from the environment with types and defaults.

Every variable is listed in `.env.example`. Secrets come only from the environment (or, for the
local API token, from a generated file that is never committed).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from nrwbot.secret_files import read_or_create_secret


def _project_root() -> Path:
    configured = os.environ.get("NRWBOT_HOME")
    if configured:
        return Path(configured).resolve()
    # bot/nrwbot/settings.py -> project root is two folders up from the package.
    return Path(__file__).resolve().parents[2]


def _path_from_env(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).resolve() if raw else default


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"Environment variable {name} must be an integer, got {raw!r}") from exc


def _networks(name: str) -> tuple[IPv4Network | IPv6Network, ...]:
    raw = os.environ.get(name, "")
    try:
        return tuple(
            ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip()
        )
    except ValueError as exc:
        raise ValueError(
            f"Environment variable {name} must list IP addresses or networks, got {raw!r}"
        ) from exc


def _secret(name: str, min_chars: int = 32) -> str:
    value = os.environ.get(name, "")
    if value and len(value) < min_chars:
        raise ValueError(
            f"Environment variable {name} must be at least {min_chars} characters long"
        )
    return value


@dataclass(frozen=True)
class Settings:
    """Typed view of the environment for one NRWbot process."""

    root: Path
    default_tenant: str
    rasa_port: int
    action_port: int
    backend_port: int
    portal_port: int
    host: str
    tracker_store_url: str
    max_message_chars: int
    # Input channels (connectors/README.md). Defaults keep Settings(...) calls in tests valid.
    max_metadata_bytes: int = 2048
    trusted_proxies: tuple[IPv4Network | IPv6Network, ...] = ()
    rest_secret: str = field(default="", repr=False)  # empty: REST only from this host
    # Only Rasa's port faces citizens; the action server and the backend stay on loopback.
    action_host: str = "127.0.0.1"
    backend_host: str = "127.0.0.1"
    # The admin app (admin/) shows citizens' messages: loopback unless behind a TLS proxy.
    admin_host: str = "127.0.0.1"
    admin_port: int = 5080
    retention_days: int = 90  # conversations are deleted this long after their last event
    # A cluster (nrwbot run --cluster): the Redis lock store and the model server's port.
    lock_store_url: str = "redis://127.0.0.1:6379/1"
    model_server_port: int = 5090

    @property
    def tenants_dir(self) -> Path:
        return _path_from_env("NRWBOT_TENANTS_DIR", self.root / "tenants")

    @property
    def domains_dir(self) -> Path:
        return self.root / "domains"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def models_dir(self) -> Path:
        return _path_from_env("NRWBOT_MODELS_DIR", self.root / "models")

    @property
    def project_dir(self) -> Path:
        """Where the composed Rasa project is written (override to compose in parallel)."""
        return _path_from_env("NRWBOT_PROJECT_DIR", self.build_dir / "project")

    @property
    def var_dir(self) -> Path:
        """Local state of `nrwbot run`: stores, generated secrets (NRWBOT_VAR_DIR, default var/)."""
        return _path_from_env("NRWBOT_VAR_DIR", self.root / "var")

    @property
    def last_export_file(self) -> Path:
        """The examples the last admin export added; `nrwbot retrain` scores models on them."""
        return self.var_dir / "nlu-last-export.yml"

    @property
    def spacy_pipeline_dir(self) -> Path:
        return self.build_dir / "spacy" / "de_nrwbot"

    @property
    def action_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/webhook"

    def api_token(self) -> str:
        """The token for Rasa's HTTP API: from NRWBOT_API_TOKEN, else a generated local one."""
        token = os.environ.get("NRWBOT_API_TOKEN")
        if token:
            return token
        return read_or_create_secret(self.var_dir / "api-token", lambda: secrets.token_urlsafe(32))

    def backend_token(self) -> str:
        """The reference backend's bearer token: NRWBOT_BACKEND_TOKEN, else a generated one."""
        token = os.environ.get("NRWBOT_BACKEND_TOKEN")
        if token:
            return token
        return read_or_create_secret(
            self.var_dir / "backend-token", lambda: secrets.token_urlsafe(32)
        )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Reads the environment once per process."""
    root = _project_root()
    return Settings(
        root=root,
        default_tenant=os.environ.get("NRWBOT_DEFAULT_TENANT", "soest"),
        rasa_port=_int("NRWBOT_RASA_PORT", 5005),
        action_port=_int("NRWBOT_ACTION_PORT", 5055),
        backend_port=_int("NRWBOT_BACKEND_PORT", 5070),
        portal_port=_int("NRWBOT_PORTAL_PORT", 8080),
        host=os.environ.get("NRWBOT_HOST", "127.0.0.1"),
        tracker_store_url=os.environ.get(
            "NRWBOT_TRACKER_STORE_URL",
            f"sqlite:///{_path_from_env('NRWBOT_VAR_DIR', root / 'var') / 'conversations.db'}",
        ),
        max_message_chars=_int("NRWBOT_MAX_MESSAGE_CHARS", 1000),
        max_metadata_bytes=_int("NRWBOT_MAX_METADATA_BYTES", 2048),
        trusted_proxies=_networks("NRWBOT_TRUSTED_PROXIES"),
        rest_secret=_secret("NRWBOT_REST_SECRET"),
        action_host=os.environ.get("NRWBOT_ACTION_HOST", "127.0.0.1"),
        backend_host=os.environ.get("NRWBOT_BACKEND_HOST", "127.0.0.1"),
        admin_host=os.environ.get("NRWBOT_ADMIN_HOST", "127.0.0.1"),
        admin_port=_int("NRWBOT_ADMIN_PORT", 5080),
        retention_days=_int("NRWBOT_RETENTION_DAYS", 90),
        lock_store_url=os.environ.get("NRWBOT_LOCK_STORE_URL", "redis://127.0.0.1:6379/1"),
        model_server_port=_int("NRWBOT_MODEL_SERVER_PORT", 5090),
    )
