"""Database access: engines, schema migration and serialised transactions (SQLite, PostgreSQL)."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"
# Any fixed number; serialises concurrent migrations of several workers on PostgreSQL.
_MIGRATION_LOCK_KEY = 7_070_070
# How long a SQLite connection waits for another one's write lock before giving up.
SQLITE_BUSY_TIMEOUT_SECONDS = 30


class DatabaseURLError(ValueError):
    """The database URL names a driver the backend cannot use."""


def create_engine(database_url: str) -> AsyncEngine:
    """Create an async engine for `sqlite+aiosqlite://` or `postgresql+asyncpg://` URLs.

    A relative SQLite path is taken relative to the working directory; its folder is created.

    Raises:
        DatabaseURLError: for any other driver.
    """
    url = make_url(database_url)
    if url.drivername == "sqlite+aiosqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        sa.event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    if url.drivername == "postgresql+asyncpg":
        return create_async_engine(url, pool_pre_ping=True)
    raise DatabaseURLError(
        f"DATABASE_URL uses the driver {url.drivername!r}; the backend supports "
        "'sqlite+aiosqlite' and 'postgresql+asyncpg'."
    )


def _enable_sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@asynccontextmanager
async def exclusive_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction in which `lock_names` can serialise work on names, across processes.

    SQLite has neither row nor advisory locks, so the transaction takes the database's write
    lock up front (`BEGIN IMMEDIATE`): every such transaction then runs alone. On PostgreSQL it
    is a plain transaction; `lock_names` takes the locks it needs.
    """
    async with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # The sqlite3 module opens its own transaction only before a write; this statement,
            # sent first, opens one that holds the write lock from the start.
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield connection


async def lock_names(connection: AsyncConnection, names: Iterable[str]) -> None:
    """Hold an exclusive lock on each name until the transaction of `connection` ends.

    On PostgreSQL these are transaction-level advisory locks on a 64-bit hash of each name,
    taken in a fixed order so that two transactions never wait for each other in a circle.
    Inside an `exclusive_transaction` on SQLite the whole database is locked already.
    """
    if connection.dialect.name != "postgresql":
        return
    for key in sorted({_lock_key(name) for name in names}):
        await connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest Alembic revision (safe to call on every start)."""
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
            )
        await connection.run_sync(_upgrade_to_head)


def _upgrade_to_head(connection: Connection) -> None:
    config = Config(str(ALEMBIC_INI))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
