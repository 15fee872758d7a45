"""Fixtures for the backend tests: one database per engine, reset and seeded for every test.

Every test that takes `client` runs twice, against SQLite and against PostgreSQL on
127.0.0.1:5432 (skipped with the reason when that server is unreachable). The PostgreSQL
variant uses a database of its own, created for the session and dropped afterwards.
"""

from __future__ import annotations

import asyncio
import functools
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
from sanic import Sanic

from backend.app import create_app
from backend.db import create_engine, migrate
from backend.models import metadata
from backend.seed import DEMO_DIR, read_seed_file, write_rows
from backend.settings import BackendSettings
from nrwbot.testing import Lifespan

# A fixed "now" keeps date checks and the fixtures' 2026 dates deterministic.
FIXED_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)
# libpq's usual variables may point the tests at another server.
POSTGRES_HOST = os.environ.get("PGHOST", "127.0.0.1")
POSTGRES_PORT = int(os.environ.get("PGPORT", "5432"))
# Many apps start in this process; Sanic's test mode keeps its per-process code rewriting
# ("touch-up") from running twice on the same methods, as sanic-testing does.
Sanic.test_mode = True


class FakeClock:
    """A settable clock for the app."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


async def _admin_connection() -> tuple[asyncpg.Connection, str]:
    errors = []
    for user in (os.environ.get("PGUSER"), "postgres", "root"):
        if not user:
            continue
        try:
            connection = await asyncpg.connect(
                host=POSTGRES_HOST, port=POSTGRES_PORT, user=user, database="test", timeout=3
            )
            return connection, user
        except (OSError, asyncpg.PostgresError, asyncio.TimeoutError) as exc:
            errors.append(f"{user}: {exc}")
    raise ConnectionError("; ".join(errors))


async def _create_database(name: str) -> str:
    connection, user = await _admin_connection()
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return user


async def _drop_database(name: str) -> None:
    connection, _user = await _admin_connection()
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


# Sanic 21.12 warns on every ASGI call that start/stop listeners run as early/late as it can;
# that is expected here: the lifespan below runs them before the first request.
SANIC_ASGI_LISTENER_WARNINGS = pytest.mark.filterwarnings(
    "ignore:You have set a listener for:UserWarning"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Silence only Sanic's ASGI listener warnings, only in the backend tests."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.path).resolve().parents:
            item.add_marker(SANIC_ASGI_LISTENER_WARNINGS)


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session."""
    name = f"nrwbot_backend_test_{uuid.uuid4().hex[:12]}"
    try:
        user = asyncio.run(_create_database(name))
    except (ConnectionError, asyncpg.PostgresError) as exc:
        pytest.skip(f"PostgreSQL on {POSTGRES_HOST}:{POSTGRES_PORT} not usable: {exc}")
    yield f"postgresql+asyncpg://{user}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    asyncio.run(_drop_database(name))


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite file for this test session, in memory-backed /dev/shm where there is one.

    Every test commits several times; on a busy disk the fsyncs alone cost seconds.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        path = shm / f"nrwbot_backend_test_{uuid.uuid4().hex[:12]}.db"
    else:
        path = tmp_path_factory.mktemp("backend") / "backend.db"
    yield f"sqlite+aiosqlite:///{path}"
    for leftover in path.parent.glob(f"{path.name}*"):
        leftover.unlink()


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def database_url(request: pytest.FixtureRequest) -> str:
    """The database of the current variant."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
async def empty_database_url(database_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A new database on the current variant's server, not even migrated; dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    name = f"nrwbot_backend_empty_{uuid.uuid4().hex[:12]}"
    user = await _create_database(name)
    try:
        yield f"postgresql+asyncpg://{user}@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    finally:
        await _drop_database(name)


@functools.lru_cache(maxsize=1)
def demo_rows() -> tuple[dict[str, list[dict[str, Any]]], ...]:
    """The validated rows of every demo file, read once per session."""
    return tuple(read_seed_file(path) for path in sorted(DEMO_DIR.glob("*.json")))


async def reset_database(database_url: str) -> None:
    """Migrate, empty every table and load the demo data, in one transaction."""
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        async with engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                await connection.execute(table.delete())
            for rows in demo_rows():
                await write_rows(connection, rows)
    finally:
        await engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    """The app's clock, fixed at 2026-11-24 10:00 UTC."""
    return FakeClock()


@pytest.fixture
def settings() -> BackendSettings:
    """Default settings (5 failures per 15 minutes); tests may override the fixture."""
    return BackendSettings()


@pytest.fixture
async def seeded_database_url(database_url: str) -> str:
    """The current database, migrated, emptied and loaded with the demo data."""
    await reset_database(database_url)
    return database_url


@pytest.fixture
async def app(
    seeded_database_url: str, settings: BackendSettings, clock: FakeClock
) -> AsyncIterator[Sanic]:
    """A started app on a freshly seeded database."""
    application = create_app(seeded_database_url, settings, clock=clock)
    async with Lifespan(application):
        yield application


@pytest.fixture
async def client(app: Sanic) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client talking to the app in-process (peer address 127.0.0.1)."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://backend") as http:
        yield http


@pytest.fixture
async def second_worker(
    app: Sanic, seeded_database_url: str, settings: BackendSettings, clock: FakeClock
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of a second app on the same database, with its own engine and pool.

    It stands in for another worker process: whatever must hold across workers cannot rely on
    state inside one app.
    """
    other = create_app(seeded_database_url, settings, clock=clock)
    async with Lifespan(other):
        transport = httpx.ASGITransport(app=other, client=("127.0.0.1", 40001))
        async with httpx.AsyncClient(transport=transport, base_url="http://backend") as http:
            yield http


async def count_all_rows(database_url: str) -> dict[str, int]:
    """Row counts of every table, to prove a rejected request wrote nothing."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return {
                name: int(await connection.scalar(sa.select(sa.func.count()).select_from(table)))
                for name, table in metadata.tables.items()
            }
    finally:
        await engine.dispose()


@pytest.fixture
def row_counts(database_url: str) -> Callable[[], Awaitable[dict[str, int]]]:
    """`await row_counts()` gives the row count of every table of the current database."""
    return lambda: count_all_rows(database_url)
