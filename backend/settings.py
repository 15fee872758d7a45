"""Typed settings of the reference backend, each environment variable read once."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'backend.db'}"
DEFAULT_TRUSTED_PROXIES = "127.0.0.1,::1"
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


class SettingsError(ValueError):
    """An environment variable of the backend has an unusable value."""


@dataclass(frozen=True)
class BackendSettings:
    """Runtime settings of the backend process.

    Attributes:
        ratelimit_max_failures: failed Ausweis status checks allowed per application number
            and per citizen key within the window (`BACKEND_RATELIMIT_MAX_FAILURES`, default 5).
        ratelimit_max_failures_per_address: failed checks allowed per client address within the
            window (`BACKEND_RATELIMIT_MAX_FAILURES_PER_ADDRESS`, default 30): gentler, since
            an office or a carrier's NAT puts many citizens behind one address.
        ratelimit_window_seconds: length of that window (`BACKEND_RATELIMIT_WINDOW_SECONDS`,
            default 900 = 15 minutes).
        trusted_proxies: peers whose `X-Forwarded-For` is believed, e.g. the action server
            (`BACKEND_TRUSTED_PROXIES`, comma-separated addresses or CIDR networks, default
            "127.0.0.1,::1").
        api_token: if set, every `/api/v1` request must send `Authorization: Bearer <token>`
            (`BACKEND_API_TOKEN`, default unset = no authentication; bind to loopback then).
        timezone: the municipality's time zone for "today" in date checks (`BACKEND_TIMEZONE`).
        max_body_bytes: largest accepted request body (`BACKEND_MAX_BODY_BYTES`, default 64 KiB).
    """

    ratelimit_max_failures: int = 5
    ratelimit_max_failures_per_address: int = 30
    ratelimit_window_seconds: int = 900
    trusted_proxies: tuple[IPNetwork, ...] = field(
        default_factory=lambda: parse_networks(DEFAULT_TRUSTED_PROXIES)
    )
    api_token: str | None = None
    timezone: str = "Europe/Berlin"
    max_body_bytes: int = 65536

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> BackendSettings:
        """Read the settings from the environment (or the given mapping)."""
        env = os.environ if environ is None else environ
        return cls(
            ratelimit_max_failures=_int(env, "BACKEND_RATELIMIT_MAX_FAILURES", 5, minimum=1),
            ratelimit_max_failures_per_address=_int(
                env, "BACKEND_RATELIMIT_MAX_FAILURES_PER_ADDRESS", 30, minimum=1
            ),
            ratelimit_window_seconds=_int(env, "BACKEND_RATELIMIT_WINDOW_SECONDS", 900, minimum=1),
            trusted_proxies=_networks(env, "BACKEND_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES),
            api_token=env.get("BACKEND_API_TOKEN") or None,
            timezone=env.get("BACKEND_TIMEZONE") or "Europe/Berlin",
            max_body_bytes=_int(env, "BACKEND_MAX_BODY_BYTES", 65536, minimum=1024),
        )


def database_url_from_env(environ: Mapping[str, str] | None = None) -> str:
    """Return `DATABASE_URL`, or the SQLite file `var/backend.db` under the project root."""
    env = os.environ if environ is None else environ
    return env.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def parse_networks(raw: str) -> tuple[IPNetwork, ...]:
    """Comma-separated IP addresses or CIDR networks, e.g. "127.0.0.1, 10.0.0.0/8, ::1".

    Raises:
        ValueError: an entry is neither, or there is none.
    """
    entries = [entry.strip() for entry in raw.split(",") if entry.strip()]
    if not entries:
        raise ValueError("expected at least one IP address or network")
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _networks(env: Mapping[str, str], name: str, default: str) -> tuple[IPNetwork, ...]:
    raw = env.get(name) or default
    try:
        return parse_networks(raw)
    except ValueError as exc:
        raise SettingsError(
            f"{name} must list IP addresses or CIDR networks separated by commas, "
            f"got {raw!r}: {exc}"
        ) from None


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
