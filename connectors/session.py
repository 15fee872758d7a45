"""Session ids, origin checks and rate limits of the web-chat channel (`connectors/socketio.py`).

Rasa's socket.io channel lets any socket ask for any session id and then receive that
conversation's messages. NRWbot's channel only accepts session ids it has issued itself: a random
conversation id plus an HMAC signature made with a server secret. The conversation id alone (as it
appears in the tracker store, logs or the admin review) is therefore no key to the conversation.
The REST channel uses the id check too (it refuses web-chat ids as senders), and the rate limits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from nrwbot.secret_files import read_or_create_secret

SECRET_ENV = "NRWBOT_SESSION_SECRET"
# Bound into every signature so that a signature made with the same secret for another purpose
# (should the secret ever be reused) is never a valid session id.
_PURPOSE = b"nrwbot-webchat-session:"
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # fullmatch: "$" would allow a newline
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")  # unpadded URL-safe base64 of 32 bytes
_LOCAL_ORIGIN = re.compile(r"^http://(localhost|127\.0\.0\.1)(:\d{1,5})?$")


def load_secret(var_dir: Path) -> bytes:
    """The signing secret: NRWBOT_SESSION_SECRET, else a generated one kept in `var/session-secret`.

    A generated secret survives restarts, so citizens keep their conversations when the server
    restarts; set the variable when several servers must accept each other's session ids.
    """
    configured = os.environ.get(SECRET_ENV, "")
    if configured:
        if len(configured) < 32:
            raise ValueError(f"{SECRET_ENV} must be at least 32 characters long")
        return configured.encode()
    # Created with mode 0600 in one call: never readable by others, not even for a moment.
    return read_or_create_secret(
        var_dir / "session-secret", lambda: secrets.token_urlsafe(48)
    ).encode()


class SessionSigner:
    """Issues signed session ids (`<conversation id>.<signature>`) and verifies them."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("the session secret must be at least 32 bytes long")
        self._secret = secret

    def _signature(self, conversation_id: str) -> str:
        digest = hmac.new(self._secret, _PURPOSE + conversation_id.encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()

    def issue(self) -> str:
        """A new signed session id around 128 random bits."""
        conversation_id = secrets.token_urlsafe(16)
        return f"{conversation_id}.{self._signature(conversation_id)}"

    def verify(self, session_id: object) -> str | None:
        """The conversation id of a session id this server issued, else None."""
        if not isinstance(session_id, str) or session_id.count(".") != 1:
            return None
        conversation_id, signature = session_id.split(".")
        # Shape first: compare_digest raises TypeError on non-ASCII text instead of saying no.
        if not _CONVERSATION_ID.fullmatch(conversation_id) or not _SIGNATURE.fullmatch(signature):
            return None
        # compare_digest: the time taken must not tell how much of a forged signature is right.
        if not hmac.compare_digest(signature, self._signature(conversation_id)):
            return None
        return conversation_id


def is_webchat_id(value: str) -> bool:
    """Whether `value` has the form of a web-chat conversation id, alone or as a session id.

    The REST channel refuses such senders, so that nobody who learns a web-chat conversation id
    can write into that conversation over REST (and read the answers).
    """
    return bool(_CONVERSATION_ID.fullmatch(value.split(".", 1)[0]))


def normalise_origin(origin: str) -> str:
    """Lower-cases scheme and host and drops a trailing slash, as browsers send origins."""
    return origin.strip().rstrip("/").lower()


class OriginPolicy:
    """Which web pages (origins) may use the chat, per tenant.

    Origin checks stop other websites from embedding a municipality's chat. They are no
    authentication: a non-browser client can send any Origin header, which is why session ids
    are signed.
    """

    def __init__(
        self, allowed: dict[str, Iterable[str]], local_tenants: Iterable[str] = ()
    ) -> None:
        """Args:
        allowed: tenant id -> the tenant's `allowed_origins`.
        local_tenants: demo tenants that also accept any http://localhost:<port> or
            http://127.0.0.1:<port> page.
        """
        self._allowed = {
            t: {normalise_origin(o) for o in origins} for t, origins in allowed.items()
        }
        self._local = set(local_tenants) & set(self._allowed)

    def allows(self, origin: str | None, tenant: str) -> bool:
        """Whether a page from `origin` may chat as `tenant` (no Origin: not a cross-site page)."""
        if tenant not in self._allowed:
            return False
        if origin is None:
            return True
        origin = normalise_origin(origin)
        return origin in self._allowed[tenant] or (
            tenant in self._local and bool(_LOCAL_ORIGIN.match(origin))
        )

    def allows_any(self, origin: str | None) -> bool:
        """Whether `origin` may open a socket at all: it must be allowed for some tenant."""
        return any(self.allows(origin, tenant) for tenant in self._allowed)


class RateLimiter:
    """At most `limit` events per `window` seconds per key (a sliding window)."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit, self.window, self._clock = limit, window, clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Records an event for `key` unless that would exceed the limit."""
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        # Keeps memory bounded by the sessions active within one window, not all sessions ever.
        if len(self._events) > 10_000:
            idle = [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]
            for key in idle:
                del self._events[key]


class MessageLimits:
    """A channel's message budgets: per sender (conversation) and per client address."""

    def __init__(
        self,
        per_sender: int,
        per_address: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sender = RateLimiter(per_sender, window, clock)
        # A new web-chat session or a made-up REST sender costs nothing, so the per-sender budget
        # alone would stop nobody; the address budget does.
        self.address = RateLimiter(per_address, window, clock)

    def allow(self, sender: str, address: str) -> bool:
        """Records a message unless the sender or its address is over budget."""
        # The sender's budget first: a message it may not send does not count against its
        # address, so one busy tab does not lock out others behind it (a library, a town hall).
        return self.sender.allow(sender) and self.address.allow(address)
