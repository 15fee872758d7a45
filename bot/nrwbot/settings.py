"""Process settings, read once from the environment with types and defaults.

Every variable is listed in `.env.example`. Secrets come only from the environment (or, for the
local API token, from a generated file that is never committed).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


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
        return self.root / "var"

    @property
    def spacy_pipeline_dir(self) -> Path:
        return self.build_dir / "spacy" / "de_nrwbot"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"

    def api_token(self) -> str:
        """The token for Rasa's HTTP API: from NRWBOT_API_TOKEN, else a generated local one."""
        token = os.environ.get("NRWBOT_API_TOKEN")
        if token:
            return token
        token_file = self.var_dir / "api-token"
        if not token_file.exists():
            token_file.parent.mkdir(parents=True, exist_ok=True)
            token_file.write_text(secrets.token_urlsafe(32))
            token_file.chmod(0o600)
        return token_file.read_text().strip()


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
            "NRWBOT_TRACKER_STORE_URL", f"sqlite:///{root / 'var' / 'conversations.db'}"
        ),
        max_message_chars=_int("NRWBOT_MAX_MESSAGE_CHARS", 1000),
    )
