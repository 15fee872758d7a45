"""Database access: async engine creation and schema migration for SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

ALEMBIC_INI = Path(__file__).resolve().parent / "alembic.ini"
# Any fixed number; serialises concurrent migrations of several workers on PostgreSQL.
_MIGRATION_LOCK_KEY = 7_070_070


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
        engine = create_async_engine(url)
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


async def migrate_url(database_url: str) -> None:
    """Migrate the database behind a URL with a short-lived engine."""
    engine = create_engine(database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
