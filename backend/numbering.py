"""Sequential file numbers such as F-2026-00061, HST-2026-00001 and HSA-2026-00001.

The next number is the highest existing one of the same prefix and year plus one. Two
concurrent requests may pick the same number; the unique key makes the loser fail, and
`insert_numbered` retries it with the next number.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

logger = logging.getLogger(__name__)
DIGITS = 5
ATTEMPTS = 10
ResultT = TypeVar("ResultT")


class NumberRangeExhausted(RuntimeError):
    """All numbers of a prefix and year are used up."""


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
    """Run `write` (which draws a number and inserts) in one transaction, retrying collisions."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with engine.begin() as connection:
                return await write(connection)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
            logger.info("Number collision, retrying (attempt %d)", attempt)
    raise AssertionError("unreachable")
