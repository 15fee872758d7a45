"""Seeding (demo data, upserts, tariffs), migrations and settings of the backend."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from backend.db import ALEMBIC_INI, DatabaseURLError, create_engine, migrate
from backend.models import metadata
from backend.seed import (
    DEMO_DIR,
    SeedError,
    seed_demo_if_empty,
    seed_demo_if_empty_async,
    seed_file,
)
from backend.settings import PROJECT_ROOT, BackendSettings, SettingsError, database_url_from_env
from tests.backend.conftest import count_all_rows

TARIFF_OVERRIDE = {
    "hundesteuer_tarife": [
        {
            "gemeinde": "soest",
            "waehrung": "EUR",
            "normal": ["96.00", "120.00"],
            "gefaehrlich": ["700.50"],
            "tarif_hinweis": "Stand: Hundesteuersatzung 2027.",
        }
    ]
}


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


async def test_seed_file_counts_and_upserts(
    seeded_database_url: str, row_counts, tmp_path: Path
) -> None:
    assert await seed_file(seeded_database_url, DEMO_DIR / "fundsachen.json") == 60
    assert await seed_file(seeded_database_url, DEMO_DIR / "ausweisantraege.json") == 30
    assert await seed_file(seeded_database_url, DEMO_DIR / "hundesteuer_tarife.json") == 2
    counts = await row_counts()
    assert (
        counts["fundsachen"],
        counts["ausweisantraege"],
        counts["hundesteuer_gemeinden"],
        counts["hundesteuer_tarife"],
    ) == (60, 30, 2, 10)
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
            {
                "hundesteuer_tarife": [
                    TARIFF_OVERRIDE["hundesteuer_tarife"][0] | {"waehrung": "USD"}
                ]
            },
            "hundesteuer_tarife[0]: waehrung",
        ),
        (
            {"hundesteuer_tarife": [TARIFF_OVERRIDE["hundesteuer_tarife"][0] | {"normal": []}]},
            "hundesteuer_tarife[0]: normal",
        ),
        (
            {
                "hundesteuer_tarife": [
                    TARIFF_OVERRIDE["hundesteuer_tarife"][0] | {"gemeinde": "Soest"}
                ]
            },
            "hundesteuer_tarife[0]: gemeinde",
        ),
        ({"hundesteuer_tarife": TARIFF_OVERRIDE["hundesteuer_tarife"] * 2}, "soest more than once"),
        # The one-municipality format of version 0.1: which municipality's rates are these?
        ({"hundesteuer_tarife": {"waehrung": "EUR", "erster_hund": "85.80"}}, "must be a list"),
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


async def test_a_seeded_tariff_replaces_the_municipality_s_tariff(
    client: httpx.AsyncClient, seeded_database_url: str, tmp_path: Path
) -> None:
    assert (
        await seed_file(seeded_database_url, write_json(tmp_path / "t.json", TARIFF_OVERRIDE)) == 1
    )
    response = await client.get("/api/v1/hundesteuer/tarife", params={"gemeinde": "soest"})
    # Fewer tiers than before: the old third rate is gone, not left behind.
    assert response.json() == TARIFF_OVERRIDE["hundesteuer_tarife"][0] | {"gemeinde": "soest"}
    quote = await client.post(
        "/api/v1/hundesteuer/berechnung",
        json={"gemeinde": "soest", "gefaehrlich": False, "anzahl_hunde_bisher": 4},
    )
    assert quote.json()["jahressteuer"] == "120.00"
    lippstadt = await client.get("/api/v1/hundesteuer/tarife", params={"gemeinde": "lippstadt"})
    assert lippstadt.json()["normal"] == ["84.00", "102.00", "120.00"]


async def test_an_incomplete_tariff_is_503(
    client: httpx.AsyncClient, seeded_database_url: str
) -> None:
    tarife = metadata.tables["hundesteuer_tarife"]
    engine = create_engine(seeded_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                tarife.delete().where(tarife.c.gemeinde == "soest", tarife.c.art == "gefaehrlich")
            )
    finally:
        await engine.dispose()
    response = await client.get("/api/v1/hundesteuer/tarife", params={"gemeinde": "soest"})
    assert response.status_code == 503
    assert response.json()["error"] == "not_configured"


async def test_seed_demo_only_fills_empty_tables(seeded_database_url: str, row_counts) -> None:
    assert await seed_demo_if_empty_async(seeded_database_url) == 0
    engine = create_engine(seeded_database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(metadata.tables["hundesteuer_tarife"].delete())
            await connection.execute(metadata.tables["hundesteuer_gemeinden"].delete())
    finally:
        await engine.dispose()
    assert await seed_demo_if_empty_async(seeded_database_url) == 2
    counts = await row_counts()
    assert (counts["hundesteuer_gemeinden"], counts["hundesteuer_tarife"]) == (2, 10)


def test_seed_demo_if_empty_on_a_new_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'sub' / 'neu.db'}"
    assert seed_demo_if_empty(url) == 60 + 30 + 2
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


async def test_upgrade_to_0002_keeps_registrations_and_drops_the_unowned_tariffs(
    empty_database_url: str,
) -> None:
    def upgrade_to(connection: sa.engine.Connection, revision: str) -> None:
        config = Config(str(ALEMBIC_INI))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    registrations = metadata.tables["hundesteuer_anmeldungen"]
    engine = create_engine(empty_database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(upgrade_to, "0001")
            # Five named rates of an unnamed municipality, as version 0.1 seeded them.
            await connection.execute(
                sa.text("INSERT INTO hundesteuer_tarife (tarif, betrag_cent) VALUES ('x', 8580)")
            )
            await connection.execute(
                registrations.insert().values(
                    aktenzeichen="HST-2026-00001",
                    halter_name="Erika Mustermann",
                    strasse="Am Vreithof 8",
                    plz="59494",
                    ort="Soest",
                    hund_name="Bello",
                    rasse="Dackel",
                    aufnahmedatum=date(2026, 1, 2),
                    gefaehrlich=False,
                    anzahl_hunde_bisher=0,
                    jahressteuer_cent=8580,
                    eingegangen_am=datetime(2026, 1, 2, 9, 0),
                )
            )
            await connection.execute(
                metadata.tables["hundesteuer_abmeldungen"]
                .insert()
                .values(
                    vorgangsnummer="HSA-2026-00001",
                    aktenzeichen="HST-2026-00001",
                    grund="verstorben",
                    datum=date(2026, 2, 1),
                    status="eingegangen",
                    eingegangen_am=datetime(2026, 2, 1, 9, 0),
                )
            )
        await migrate(engine)
        async with engine.connect() as connection:
            old = (await connection.execute(sa.select(registrations))).one()
            assert (old.jahressteuer_cent, old.gemeinde, old.anzahl_gefaehrlich_bisher) == (
                8580,
                None,
                None,
            )
            counts = {
                name: await connection.scalar(sa.select(sa.func.count()).select_from(table))
                for name, table in metadata.tables.items()
            }
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
    finally:
        await engine.dispose()
    assert differences == []
    assert (counts["hundesteuer_tarife"], counts["hundesteuer_abmeldungen"]) == (0, 1)
    # Starting with --seed-demo fills the emptied tariff table again.
    await seed_demo_if_empty_async(empty_database_url)
    assert (await count_all_rows(empty_database_url))["hundesteuer_gemeinden"] == 2


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
