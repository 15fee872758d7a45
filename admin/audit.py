"""The audit log: who did what and when (logins, annotations, exports, retrainings, releases)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from admin.db import audit_log

LOGIN_SUCCEEDED = "login_succeeded"
LOGIN_FAILED = "login_failed"
LOGIN_LOCKED = "login_locked"
LOGOUT = "logout"
ANNOTATED = "annotated"
ACCOUNT_SAVED = "account_saved"
EXPORTED = "exported"
RETRAIN_STARTED = "retrain_started"
RETRAINED = "retrained"
RETRAIN_FAILED = "retrain_failed"
RELEASED = "released"
ROLLED_BACK = "rolled_back"


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: float
    account: str
    action: str
    detail: str


class AuditLog:
    """Appends to and reads the audit log table."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def record(self, account: str, action: str, detail: str = "") -> None:
        """Writes one entry; `detail` must not contain citizens' texts or passwords."""
        with self.engine.begin() as connection:
            connection.execute(
                audit_log.insert().values(
                    at=self.clock(), account=account, action=action, detail=detail
                )
            )

    def entries(self, limit: int = 50, offset: int = 0) -> list[AuditEntry]:
        """Newest first."""
        query = (
            sa.select(audit_log.c.at, audit_log.c.account, audit_log.c.action, audit_log.c.detail)
            .order_by(audit_log.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as connection:
            return [AuditEntry(*row) for row in connection.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.scalar(sa.select(sa.func.count()).select_from(audit_log)) or 0)
