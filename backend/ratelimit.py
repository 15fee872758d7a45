"""Limit on failed Ausweis status checks, kept in the database so it holds across workers.

Each failed check stores one timestamp per key (application number, citizen key, client
address). A key with as many failures inside the sliding window as its kind allows blocks every
further check that involves it, correct or not, until enough of them have aged out. Keys are stored
as SHA-256 digests: the table needs to recognise a key, not to read it.

Checking and recording are separate statements, so a caller must run both in one
`backend.db.exclusive_transaction` after `backend.db.lock_names` on the keys' digests;
otherwise simultaneous guesses all read the same count and all get through.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.models import ausweis_fehlversuche

# The kinds of key failures are counted by.
NUMBER_KEY = "nummer"
CITIZEN_KEY = "citizen"
ADDRESS_KEY = "client"


@dataclass(frozen=True)
class RateLimitKey:
    """One dimension the limit is counted in, e.g. ("client", "203.0.113.7").

    `kind` chooses the limit (see `FailureLimiter.limits`); `value` identifies the key.
    """

    kind: str
    value: str

    def digest(self) -> str:
        """The stored form of the key."""
        return hashlib.sha256(f"{self.kind}\x00{self.value}".encode()).hexdigest()


@dataclass(frozen=True)
class FailureLimiter:
    """Sliding-window counter of failures per key, with a limit per kind of key.

    Attributes:
        limits: failures allowed inside the window, by `RateLimitKey.kind`.
        window: length of the sliding window.
    """

    limits: Mapping[str, int]
    window: timedelta

    async def retry_after(
        self, connection: AsyncConnection, keys: Iterable[RateLimitKey], now: datetime
    ) -> int | None:
        """Seconds until every key is usable again, or None if none is exhausted."""
        limit_of = {key.digest(): self.limits[key.kind] for key in keys}
        rows = await connection.execute(
            sa.select(ausweis_fehlversuche.c.schluessel, ausweis_fehlversuche.c.zeitpunkt)
            .where(ausweis_fehlversuche.c.schluessel.in_(list(limit_of)))
            .where(ausweis_fehlversuche.c.zeitpunkt > now - self.window)
            .order_by(ausweis_fehlversuche.c.zeitpunkt)
        )
        times: dict[str, list[datetime]] = defaultdict(list)
        for digest, moment in rows:
            times[digest].append(moment)
        waits = [
            # The key frees up when its oldest surplus failure leaves the window.
            (moments[len(moments) - limit_of[digest]] + self.window - now).total_seconds()
            for digest, moments in times.items()
            if len(moments) >= limit_of[digest]
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
