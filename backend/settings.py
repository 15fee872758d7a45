"""Typed settings of the reference backend, each environment variable read once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'backend.db'}"


class SettingsError(ValueError):
    """An environment variable of the backend has an unusable value."""


@dataclass(frozen=True)
class BackendSettings:
    """Runtime settings of the backend process.

    Attributes:
        ratelimit_max_failures: failed Ausweis status checks allowed per key and window
            (`BACKEND_RATELIMIT_MAX_FAILURES`, default 5).
        ratelimit_window_seconds: length of that window (`BACKEND_RATELIMIT_WINDOW_SECONDS`,
            default 900 = 15 minutes).
        api_token: if set, every `/api/v1` request must send `Authorization: Bearer <token>`
            (`BACKEND_API_TOKEN`, default unset = no authentication; bind to loopback then).
        timezone: the municipality's time zone for "today" in date checks (`BACKEND_TIMEZONE`).
        max_body_bytes: largest accepted request body (`BACKEND_MAX_BODY_BYTES`, default 64 KiB).
    """

    ratelimit_max_failures: int = 5
    ratelimit_window_seconds: int = 900
    api_token: str | None = None
    timezone: str = "Europe/Berlin"
    max_body_bytes: int = 65536

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BackendSettings:
        """Read the settings from the environment (or the given mapping)."""
        env = os.environ if environ is None else environ
        return cls(
            ratelimit_max_failures=_int(env, "BACKEND_RATELIMIT_MAX_FAILURES", 5, minimum=1),
            ratelimit_window_seconds=_int(env, "BACKEND_RATELIMIT_WINDOW_SECONDS", 900, minimum=1),
            api_token=env.get("BACKEND_API_TOKEN") or None,
            timezone=env.get("BACKEND_TIMEZONE") or "Europe/Berlin",
            max_body_bytes=_int(env, "BACKEND_MAX_BODY_BYTES", 65536, minimum=1024),
        )


def database_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    """Return `DATABASE_URL`, or the SQLite file `var/backend.db` under the project root."""
    env = os.environ if environ is None else environ
    return env.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}.") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}.")
    return value
