"""Sessions, CSRF tokens and login lockout, kept in the admin database (so they hold across workers).

The session cookie carries a random token signed with the app secret; the database keeps only the
token's SHA-256, the account and the session's CSRF token. After `MAX_FAILURES` failed logins within
`LOCKOUT_SECONDS` for an account or from an address, logins for it are refused until the failures
are that old.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from admin.db import login_failures, sessions

SESSION_COOKIE = "nrwbot_admin"
LOGIN_COOKIE = "nrwbot_admin_login"
IDLE_SECONDS = 60 * 60
MAX_AGE_SECONDS = 12 * 60 * 60
MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


class Signer:
    """HMAC-SHA256 signatures with the app secret."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(("nrwbot-admin:" + secret).encode()).digest()

    def mac(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, value: str) -> str:
        return f"{value}.{self.mac(value)}"

    def unsign(self, signed: str | None) -> str | None:
        value, _, mac = (signed or "").rpartition(".")
        if value and hmac.compare_digest(mac.encode(), self.mac(value).encode()):
            return value
        return None

    def login_token(self, nonce: str) -> str:
        """The login form's CSRF token for the nonce in the login cookie."""
        return self.mac("login:" + nonce)

    def login_token_valid(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token:
            return False
        return hmac.compare_digest(token.encode(), self.login_token(nonce).encode())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    """A logged-in account and the CSRF token its forms carry."""

    account: str
    csrf: str

    def csrf_valid(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(str(token).encode(), self.csrf.encode())


class SessionStore:
    """Server-side sessions behind signed cookies."""

    def __init__(
        self, engine: Engine, signer: Signer, clock: Callable[[], float] = time.time
    ) -> None:
        self.engine = engine
        self.signer = signer
        self.clock = clock

    def create(self, account: str) -> tuple[str, Session]:
        """A new session (a fresh token on every login); returns the cookie value."""
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(32), self.clock()
        with self.engine.begin() as connection:
            connection.execute(
                sessions.delete().where(
                    (sessions.c.last_seen < now - IDLE_SECONDS)
                    | (sessions.c.created_at < now - MAX_AGE_SECONDS)
                )
            )
            connection.execute(
                sessions.insert().values(
                    digest=_digest(token), account=account, csrf=csrf, created_at=now, last_seen=now
                )
            )
        return self.signer.sign(token), Session(account, csrf)

    def load(self, cookie: str | None) -> Session | None:
        """The session of a cookie, if its signature is valid and it has not expired."""
        token = self.signer.unsign(cookie)
        if token is None:
            return None
        now = self.clock()
        with self.engine.begin() as connection:
            row = connection.execute(
                sa.select(sessions).where(sessions.c.digest == _digest(token))
            ).first()
            if row is None:
                return None
            if row.last_seen < now - IDLE_SECONDS or row.created_at < now - MAX_AGE_SECONDS:
                connection.execute(sessions.delete().where(sessions.c.digest == row.digest))
                return None
            if now - row.last_seen > 30:
                connection.execute(
                    sessions.update().where(sessions.c.digest == row.digest).values(last_seen=now)
                )
        return Session(row.account, row.csrf)

    def delete(self, cookie: str | None) -> None:
        token = self.signer.unsign(cookie)
        if token is not None:
            with self.engine.begin() as connection:
                connection.execute(sessions.delete().where(sessions.c.digest == _digest(token)))


class LoginGuard:
    """Counts failed logins per account name and per client address."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def locked(self, account: str, address: str) -> bool:
        since = self.clock() - LOCKOUT_SECONDS
        failures = login_failures.c
        with self.engine.connect() as connection:
            for column, value in ((failures.account, account), (failures.address, address)):
                query = (
                    sa.select(sa.func.count())
                    .select_from(login_failures)
                    .where(column == value, failures.at > since)
                )
                if int(connection.scalar(query) or 0) >= MAX_FAILURES:
                    return True
        return False

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self.engine.begin() as connection:
            connection.execute(
                login_failures.delete().where(login_failures.c.at < now - LOCKOUT_SECONDS)
            )
            connection.execute(
                login_failures.insert().values(account=account[:64], address=address[:64], at=now)
            )

    def succeeded(self, account: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(login_failures.delete().where(login_failures.c.account == account))
