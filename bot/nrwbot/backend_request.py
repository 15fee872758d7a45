"""Who a backend request is made for: the tenant's bearer token and the citizen behind the chat.

The action server calls every backend from its own address, so without more a backend would count
all citizens as one client. While an action runs, `citizen_scope` holds the conversation it serves;
`ServiceClient` adds from it, to every request of every expert:

* `Authorization: Bearer …` — the backend token of the conversation's tenant
  (`NRWBOT_BACKEND_TOKEN_<TENANT>`, else `NRWBOT_BACKEND_TOKEN`);
* `X-Citizen-Key` — the pseudonymous key the channel derived from the signed session or REST
  sender (`metadata.nrwbot_citizen.key`), else a digest of the conversation id;
* `X-Forwarded-For` — the citizen's address as the channel saw it, so the backend (which trusts
  the action server as a proxy) can keep a gentle per-address limit.
"""

from __future__ import annotations

import contextvars
import hashlib
import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

TOKEN_ENV = "NRWBOT_BACKEND_TOKEN"
CITIZEN_METADATA = "nrwbot_citizen"
_KEY = re.compile(r"^[A-Za-z0-9_.:-]{16,128}$")


@dataclass(frozen=True)
class Citizen:
    """The conversation an action serves, as far as a backend needs to know it."""

    tenant: str | None
    key: str
    address: str | None = None

    @classmethod
    def from_tracker(cls, tracker: Mapping[str, Any]) -> Citizen:
        """Reads a tracker as the action server receives it (JSON)."""
        latest = tracker.get("latest_message") or {}
        metadata = latest.get("metadata") if isinstance(latest, dict) else None
        given = (metadata or {}).get(CITIZEN_METADATA) if isinstance(metadata, dict) else None
        given = given if isinstance(given, dict) else {}
        key = given.get("key")
        if not (isinstance(key, str) and _KEY.match(key)):
            sender = str(tracker.get("sender_id") or "")
            key = hashlib.sha256(f"conversation:{sender}".encode()).hexdigest()
        tenant = (tracker.get("slots") or {}).get("tenant")
        return cls(
            tenant=tenant if isinstance(tenant, str) else None,
            key=key,
            address=_address(given.get("address")),
        )


def _address(raw: Any) -> str | None:
    try:
        return str(ipaddress.ip_address(raw)) if isinstance(raw, str) else None
    except ValueError:
        return None


_current: contextvars.ContextVar[Citizen | None] = contextvars.ContextVar(
    "nrwbot_citizen", default=None
)


@contextmanager
def citizen_scope(citizen: Citizen) -> Iterator[None]:
    """Backend requests made inside this block are made for `citizen`."""
    reset = _current.set(citizen)
    try:
        yield
    finally:
        _current.reset(reset)


def backend_token(tenant: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The bearer token for the tenant's backend, if one is configured."""
    env = os.environ if environ is None else environ
    if tenant:
        specific = env.get(f"{TOKEN_ENV}_{re.sub(r'[^A-Z0-9]', '_', tenant.upper())}")
        if specific:
            return specific
    return env.get(TOKEN_ENV) or None


def backend_headers() -> dict[str, str]:
    """Headers for a backend request made now (empty outside any conversation and token)."""
    citizen = _current.get()
    headers: dict[str, str] = {}
    token = backend_token(citizen.tenant if citizen else None)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if citizen is not None:
        headers["X-Citizen-Key"] = citizen.key
        if citizen.address:
            headers["X-Forwarded-For"] = citizen.address
    return headers
