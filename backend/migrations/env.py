"""Alembic environment: runs on a connection handed in by `backend.db.migrate`, or from the CLI.

Programmatic use shares the caller's (async) connection through `config.attributes["connection"]`,
so the server can migrate inside its running event loop. From the command line the URL comes
from `DATABASE_URL` (default: the SQLite file under `var/`).
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from backend.models import metadata
from backend.settings import database_url_from_env

config = context.config


def run_migrations(connection: Connection) -> None:
    """Run the pending migrations on an open synchronous connection."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_url(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


def run_offline(url: str) -> None:
    """Emit SQL instead of executing it (`alembic upgrade head --sql`)."""
    context.configure(url=url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


shared_connection = config.attributes.get("connection")
if shared_connection is not None:
    run_migrations(shared_connection)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    if context.is_offline_mode():
        run_offline(database_url_from_env())
    else:
        asyncio.run(_run_from_url(database_url_from_env()))
