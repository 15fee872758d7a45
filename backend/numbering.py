"""File numbers: random for citizens' cases (HST-2026-7K3M9QTX), sequential for found items.

An Aktenzeichen or Vorgangsnummer names a citizen's case, so it must not be guessable from the
one before: `random_number` draws 8 characters of Crockford's base32 (digits and capitals
without I, L, O, U – nothing to misread) from `secrets`, 40 bits a year and prefix. Found items
keep sequential numbers (F-2026-00061): those are public anyway, listed in every search result.

Either way two requests may pick the same number; the unique key makes the loser fail, and
`insert_numbered` retries it with a fresh one.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)
DIGITS = 5
ATTEMPTS = 10
CROCKFORD_BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_LENGTH = 8
ResultT = TypeVar("ResultT")


class NumberRangeExhausted(RuntimeError):
    """All numbers of a prefix and year are used up."""


def random_code(length: int) -> str:
    """`length` random characters of Crockford's base32."""
    return "".join(secrets.choice(CROCKFORD_BASE32) for _ in range(length))


def random_number(prefix: str, year: int) -> str:
    """A fresh unguessable number `<prefix>-<year>-<8 characters>`, e.g. HST-2026-7K3M9QTX."""
    return f"{prefix}-{year:04d}-{random_code(RANDOM_LENGTH)}"


async def next_number(
    connection: AsyncConnection, column: sa.Column, prefix: str, year: int
) -> str:
    """The next free number `<prefix>-<year>-<5 digits>` for the given column."""
    stem = f"{prefix}-{year:04d}-"
    highest = await connection.scalar(sa.select(sa.func.max(column)).where(column.like(f"{stem}%")))
    counter = int(highest[len(stem) :]) + 1 if highest else 1
    if counter >= 10**DIGITS:
        raise NumberRangeExhausted(f"No {prefix} numbers left for {year}.")
    return f"{stem}{counter:0{DIGITS}d}"


async def insert_numbered(
    engine: AsyncEngine, write: Callable[[AsyncConnection], Awaitable[ResultT]]
) -> ResultT:
    """Run `write` (which draws a number and inserts) in one transaction, retrying collisions.

    Each attempt is a transaction of its own: on PostgreSQL a failed insert spoils the rest of
    its transaction.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with engine.begin() as connection:
                return await write(connection)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
            logger.info("Number collision, retrying (attempt %d)", attempt)
    raise AssertionError("unreachable")
