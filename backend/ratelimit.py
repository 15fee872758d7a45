"""Limit on failed Ausweis status checks, kept in the database so it holds across workers.

Each failed check stores one timestamp per key (conversation id, client address, application
number). A key with `max_failures` failures inside the sliding window blocks every further
check that involves it, correct or not, until enough of them have aged out. Keys are stored
as SHA-256 digests: the table needs to recognise a key, not to read it.

Checking and recording are separate statements, so a caller must run both in one
`backend.db.exclusive_transaction` after `backend.db.lock_names` on the keys' digests;
otherwise simultaneous guesses all read the same count and all get through.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.models import ausweis_fehlversuche


@dataclass(frozen=True)
class RateLimitKey:
    """One dimension the limit is counted in, e.g. ("client", "203.0.113.7")."""

    kind: str
    value: str

    def digest(self) -> str:
        """The stored form of the key."""
        return hashlib.sha256(f"{self.kind}\x00{self.value}".encode()).hexdigest()


@dataclass(frozen=True)
class FailureLimiter:
    """Sliding-window counter of failures per key."""

    max_failures: int
    window: timedelta

    async def retry_after(
        self, connection: AsyncConnection, keys: Iterable[RateLimitKey], now: datetime
    ) -> int | None:
        """Seconds until every key is usable again, or None if none is exhausted."""
        digests = [key.digest() for key in keys]
        rows = await connection.execute(
            sa.select(ausweis_fehlversuche.c.schluessel, ausweis_fehlversuche.c.zeitpunkt)
            .where(ausweis_fehlversuche.c.schluessel.in_(digests))
            .where(ausweis_fehlversuche.c.zeitpunkt > now - self.window)
            .order_by(ausweis_fehlversuche.c.zeitpunkt)
        )
        times: dict[str, list[datetime]] = defaultdict(list)
        for digest, moment in rows:
            times[digest].append(moment)
        waits = [
            # The key frees up when its oldest surplus failure leaves the window.
            (moments[len(moments) - self.max_failures] + self.window - now).total_seconds()
            for moments in times.values()
            if len(moments) >= self.max_failures
        ]
        if not waits:
            return None
        return max(1, math.ceil(max(waits)))

    async def record_failure(
        self, connection: AsyncConnection, keys: Iterable[RateLimitKey], now: datetime
    ) -> None:
        """Store one failure for each key and drop failures that left the window."""
        await connection.execute(
            ausweis_fehlversuche.insert(),
            [{"schluessel": key.digest(), "zeitpunkt": now} for key in keys],
        )
        await connection.execute(
            ausweis_fehlversuche.delete().where(
                ausweis_fehlversuche.c.zeitpunkt <= now - self.window
            )
        )
