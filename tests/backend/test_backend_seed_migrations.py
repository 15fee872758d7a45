"""Seeding (demo data, upserts, tariffs), migrations and settings of the backend."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from backend.db import DatabaseURLError, create_engine, migrate
from backend.models import metadata
from backend.seed import (
    DEMO_DIR,
    SeedError,
    seed_demo_if_empty,
    seed_demo_if_empty_async,
    seed_file,
)
from backend.settings import PROJECT_ROOT, BackendSettings, SettingsError, database_url_from_env

TARIFF_OVERRIDE = {
    "hundesteuer_tarife": {
        "waehrung": "EUR",
        "erster_hund": "96.00",
        "zweiter_hund": "120.00",
        "weitere_hunde": "144.00",
        "gefaehrlich_erster": "600.00",
        "gefaehrlich_weitere": "700.50",
    }
}


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


async def test_seed_file_counts_and_upserts(
    seeded_database_url: str, row_counts, tmp_path: Path
) -> None:
    assert await seed_file(seeded_database_url, DEMO_DIR / "fundsachen.json") == 60
    assert await seed_file(seeded_database_url, DEMO_DIR / "ausweisantraege.json") == 30
    assert await seed_file(seeded_database_url, DEMO_DIR / "hundesteuer_tarife.json") == 5
    counts = await row_counts()
    assert (counts["fundsachen"], counts["ausweisantraege"], counts["hundesteuer_tarife"]) == (
        60,
        30,
        5,
    )
    fixture = json.loads((DEMO_DIR / "fundsachen.json").read_text(encoding="utf-8"))
    changed = fixture["fundsachen"][1] | {"beschreibung": "geändert", "status": "abgeholt"}
    assert (
        await seed_file(
            seeded_database_url, write_json(tmp_path / "f.json", {"fundsachen": [changed]})
        )
        == 1
    )
    assert (await row_counts())["fundsachen"] == 60
    engine = create_engine(seeded_database_url)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    sa.select(metadata.tables["fundsachen"]).where(
                        metadata.tables["fundsachen"].c.fundnummer == "F-2026-00002"
                    )
                )
            ).one()
    finally:
        await engine.dispose()
    assert (row.beschreibung, row.status) == ("geändert", "abgeholt")


@pytest.mark.parametrize(
    "content, message",
    [
        # A valid record is put in front of this one: the file must still change nothing.
        ({"fundsachen": [{"fundnummer": "F-2026-00099"}]}, "fundsachen[1]: kategorie"),
        ({"fundsachen": {"fundnummer": "F-2026-00099"}}, "must be a list"),
        ({"bibliothek": []}, "unknown or missing sections"),
        ({"_kommentar": "nur Kommentar"}, "unknown or missing sections"),
        (
            {"hundesteuer_tarife": TARIFF_OVERRIDE["hundesteuer_tarife"] | {"waehrung": "USD"}},
            "waehrung",
        ),
        ([1, 2], "expected a JSON object"),
    ],
)
async def test_invalid_seed_file_writes_nothing(
    seeded_database_url: str, row_counts, tmp_path: Path, content: object, message: str
) -> None:
    valid = json.loads((DEMO_DIR / "fundsachen.json").read_text(encoding="utf-8"))["fundsachen"][0]
    if isinstance(content, dict) and isinstance(content.get("fundsachen"), list):
        content = {"fundsachen": [valid | {"fundnummer": "F-2026-00098"}, *content["fundsachen"]]}
    before = await row_counts()
    with pytest.raises(SeedError, match=re.escape(message)):
        await seed_file(seeded_database_url, write_json(tmp_path / "bad.json", content))
    assert await row_counts() == before


async def test_unreadable_seed_file(seeded_database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "kaputt.json"
    path.write_text("{nicht json", encoding="utf-8")
    with pytest.raises(SeedError, match="cannot read JSON"):
        await seed_file(seeded_database_url, path)


async def test_tariffs_can_be_overridden_by_seeding(
    client: httpx.AsyncClient, seeded_database_url: str, tmp_path: Path
) -> None:
    assert (
        await seed_file(seeded_database_url, write_json(tmp_path / "t.json", TARIFF_OVERRIDE)) == 5
    )
    response = await client.get("/api/v1/hundesteuer/tarife")
    assert response.json() == TARIFF_OVERRIDE["hundesteuer_tarife"]


async def test_missing_tariffs_are_503(client: httpx.AsyncClient, seeded_database_url: str) -> None:
    engine = create_engine(seeded_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(metadata.tables["hundesteuer_tarife"].delete())
    finally:
        await engine.dispose()
    response = await client.get("/api/v1/hundesteuer/tarife")
    assert response.status_code == 503
    assert response.json()["error"] == "not_configured"


async def test_seed_demo_only_fills_empty_tables(seeded_database_url: str, row_counts) -> None:
    assert await seed_demo_if_empty_async(seeded_database_url) == 0
    engine = create_engine(seeded_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(metadata.tables["hundesteuer_tarife"].delete())
    finally:
        await engine.dispose()
    assert await seed_demo_if_empty_async(seeded_database_url) == 5
    assert (await row_counts())["hundesteuer_tarife"] == 5


def test_seed_demo_if_empty_on_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'sub' / 'neu.db'}"
    assert seed_demo_if_empty(url) == 60 + 30 + 5
    assert seed_demo_if_empty(url) == 0


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        await migrate(engine)  # idempotent
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []


def test_alembic_command_line_upgrades_and_downgrades(tmp_path: Path) -> None:
    env = os.environ | {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"}
    ini = str(PROJECT_ROOT / "backend" / "alembic.ini")
    tables = []
    for step in (["upgrade", "head"], ["downgrade", "base"]):
        result = subprocess.run(
            [sys.executable, "-m", "alembic", "-c", ini, *step],
            check=False,
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        with sqlite3.connect(tmp_path / "cli.db") as connection:
            tables.append({row[0] for row in connection.execute("SELECT name FROM sqlite_master")})
    assert set(metadata.tables) <= tables[0]
    assert not set(metadata.tables) & tables[1]


def test_unsupported_database_driver_is_named() -> None:
    with pytest.raises(DatabaseURLError, match="'postgresql\\+psycopg2'"):
        create_engine("postgresql+psycopg2://postgres@localhost/test")


def test_settings_from_environment() -> None:
    settings = BackendSettings.from_env(
        {"BACKEND_RATELIMIT_MAX_FAILURES": "3", "BACKEND_RATELIMIT_WINDOW_SECONDS": "60"}
    )
    assert (settings.ratelimit_max_failures, settings.ratelimit_window_seconds) == (3, 60)
    assert settings.api_token is None
    with pytest.raises(SettingsError, match="BACKEND_RATELIMIT_MAX_FAILURES"):
        BackendSettings.from_env({"BACKEND_RATELIMIT_MAX_FAILURES": "fünf"})
    with pytest.raises(SettingsError, match="at least 1"):
        BackendSettings.from_env({"BACKEND_RATELIMIT_WINDOW_SECONDS": "0"})


def test_default_database_is_the_sqlite_file_under_var() -> None:
    assert database_url_from_env({}) == f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'backend.db'}"
    assert (
        database_url_from_env({"DATABASE_URL": "sqlite+aiosqlite:///x.db"})
        == "sqlite+aiosqlite:///x.db"
    )
