"""The message metadata both channels pass to Rasa: bounded in size, with a server-set citizen key.

Rasa stores a message's metadata with its event in the tracker store, so a channel that accepted
any size would let one request write megabytes into every later tracker load. Backend clients
need a per-citizen key for fair limits; the channel sets it under `nrwbot_citizen` and overwrites
whatever a client sent under that name, so nobody can spend another citizen's budget.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any, TypedDict

CITIZEN_KEY = "nrwbot_citizen"


class Citizen(TypedDict):
    """`metadata["nrwbot_citizen"]`: who sent a message, as far as the channel can tell."""

    key: str  # HMAC-SHA256 (hex) of "<channel>:<sender or conversation id>", session secret
    address: str  # the client address (connectors/client_address.py)


def metadata_size(metadata: Mapping[str, Any]) -> int:
    """Bytes of `metadata` as compact UTF-8 JSON, the form in which it is stored."""
    return len(
        json.dumps(metadata, ensure_ascii=False, separators=(",", ":"), default=str).encode()
    )


def citizen_key(secret: bytes, channel: str, sender: str) -> str:
    """A stable pseudonym for one conversation of one channel; without the secret it is no id."""
    # The session signatures of connectors/session.py use the same secret over
    # "nrwbot-webchat-session:<id>"; no channel has that name, so a key never signs a session.
    return hmac.new(secret, f"{channel}:{sender}".encode(), hashlib.sha256).hexdigest()


def with_citizen(
    metadata: Mapping[str, Any] | None, secret: bytes, channel: str, sender: str, address: str
) -> dict[str, Any]:
    """`metadata` with `nrwbot_citizen` set by the server (a client's value is replaced)."""
    citizen: Citizen = {"key": citizen_key(secret, channel, sender), "address": address}
    return {**(metadata or {}), CITIZEN_KEY: citizen}
