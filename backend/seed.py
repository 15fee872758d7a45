"""Load data files into the backend: found items, ID applications and the dog-tax tariffs.

A file is one JSON object in the fixtures' format, with any of the keys `fundsachen`,
`ausweisantraege` and `hundesteuer_tarife` (one tariff per municipality), each a list; keys
starting with "_" are comments. Records are upserted by their key (a municipality's tariff is
replaced as a whole); the whole file is validated first and written in one transaction, so a bad
record changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import ValidationError, conlist
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db import create_engine, migrate
from backend.fields import (
    Amount,
    Farbe,
    Freitext,
    Fundnummer,
    Gemeinde,
    IsoDate,
    Kategorie,
    Ort,
    RequestModel,
    code_type,
    text,
    to_cents,
)
from backend.hundesteuer_tarif import ARTEN
from backend.models import (
    ausweisantraege,
    fundsachen,
    hundesteuer_gemeinden,
    hundesteuer_tarife,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"


class SeedError(ValueError):
    """A seed file cannot be loaded; the message names the file and the record."""


class FundsacheSeed(RequestModel):
    fundnummer: Fundnummer
    kategorie: Kategorie
    beschreibung: Freitext
    farbe: Farbe | None
    fundort: Ort
    funddatum: IsoDate
    status: Literal["eingelagert", "abgeholt", "verwertet"]


class AusweisantragSeed(RequestModel):
    antragsnummer: code_type(r"^[0-9A-Z]{8,10}$", "L01X00T47")  # type: ignore[valid-type]
    vorgangsnummer: code_type(r"^[A-Z]{2}-[0-9]{4}-[0-9]{6}$", "PA-2026-001000")  # type: ignore[valid-type]
    dokumentart: text(40)  # type: ignore[valid-type]
    geburtsdatum: IsoDate
    beantragt_am: IsoDate
    status: Literal["beantragt", "in_produktion", "abholbereit", "abgeholt"]
    abholort: Ort


Rates = conlist(Amount, min_items=1, max_items=20)


class TarifSeed(RequestModel):
    """One municipality's dog tax: rates per dog by position, the last one repeating."""

    gemeinde: Gemeinde
    waehrung: Literal["EUR"]
    normal: Rates  # type: ignore[valid-type]
    gefaehrlich: Rates  # type: ignore[valid-type]
    tarif_hinweis: text(300)  # type: ignore[valid-type]


Rows = list[dict[str, Any]]


def _fundsachen_rows(records: list[FundsacheSeed]) -> Rows:
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    return [record.dict() | {"erfasst_am": now} for record in records]


def _tarif_rows(records: list[TarifSeed]) -> Rows:
    return [
        {
            "gemeinde": record.gemeinde,
            "tarif_hinweis": record.tarif_hinweis,
            **{art: [to_cents(rate) for rate in getattr(record, art)] for art in ARTEN},
        }
        for record in records
    ]


@dataclass(frozen=True)
class _Section:
    """How one key of a seed file is read and written."""

    model: type[RequestModel]
    table: sa.Table  # the records' table; demo data go only into an empty one
    key: str
    rows: Callable[[list[Any]], Rows]
    write: Callable[[AsyncConnection, _Section, Rows], Awaitable[None]]
    keep: frozenset[str] = frozenset()  # columns an upsert never changes


async def _upsert(connection: AsyncConnection, section: _Section, rows: Rows) -> None:
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(section.table)
    updates = {
        name: statement.excluded[name]
        for name in rows[0]
        if name != section.key and name not in section.keep
    }
    await connection.execute(
        statement.on_conflict_do_update(index_elements=[section.key], set_=updates), rows
    )


async def _replace_tarife(connection: AsyncConnection, section: _Section, rows: Rows) -> None:
    # A municipality's tariff is replaced as a whole: it may have fewer tiers than before.
    gemeinden = [{key: row[key] for key in ("gemeinde", "tarif_hinweis")} for row in rows]
    await _upsert(connection, section, gemeinden)
    await connection.execute(
        hundesteuer_tarife.delete().where(
            hundesteuer_tarife.c.gemeinde.in_([row["gemeinde"] for row in rows])
        )
    )
    await connection.execute(
        hundesteuer_tarife.insert(),
        [
            {"gemeinde": row["gemeinde"], "art": art, "stufe": stufe, "betrag_cent": cents}
            for row in rows
            for art in ARTEN
            for stufe, cents in enumerate(row[art], start=1)
        ],
    )


_SECTIONS = {
    "fundsachen": _Section(
        FundsacheSeed,
        fundsachen,
        "fundnummer",
        _fundsachen_rows,
        _upsert,
        frozenset({"erfasst_am"}),
    ),
    "ausweisantraege": _Section(
        AusweisantragSeed,
        ausweisantraege,
        "antragsnummer",
        lambda records: [record.dict() for record in records],
        _upsert,
    ),
    "hundesteuer_tarife": _Section(
        TarifSeed, hundesteuer_gemeinden, "gemeinde", _tarif_rows, _replace_tarife
    ),
}


def read_seed_file(path: Path) -> dict[str, Rows]:
    """Validate a seed file and return the rows to write per section.

    Raises:
        SeedError: unreadable file, unknown section, an invalid or a repeated record.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SeedError(f"{path}: cannot read JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise SeedError(f"{path}: expected a JSON object with a section such as 'fundsachen'.")
    sections = {key: value for key, value in data.items() if not key.startswith("_")}
    unknown = sorted(set(sections) - set(_SECTIONS))
    if unknown or not sections:
        raise SeedError(
            f"{path}: unknown or missing sections {unknown}; expected any of {sorted(_SECTIONS)}."
        )
    rows: dict[str, Rows] = {}
    for name, items in sections.items():
        section = _SECTIONS[name]
        if not isinstance(items, list):
            raise SeedError(f"{path}: '{name}' must be a list.")
        records = []
        for index, item in enumerate(items):
            try:
                records.append(section.model.parse_obj(item))
            except ValidationError as exc:
                raise SeedError(f"{path}: {name}[{index}]: {_first_error(exc)}") from None
        counts = Counter(getattr(record, section.key) for record in records)
        repeated = sorted(key for key, count in counts.items() if count > 1)
        if repeated:
            raise SeedError(f"{path}: {name}: {section.key} {', '.join(repeated)} more than once.")
        rows[name] = section.rows(records)
    return rows


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"


async def write_rows(connection: AsyncConnection, rows: dict[str, Rows]) -> int:
    """Write the rows returned by `read_seed_file`; returns the number of records."""
    for name, section_rows in rows.items():
        if section_rows:
            section = _SECTIONS[name]
            await section.write(connection, section, section_rows)
    return sum(len(section_rows) for section_rows in rows.values())


async def seed_file(database_url: str, path: Path) -> int:
    """Write every record of a seed file; returns how many it held (a tariff is one record).

    Raises:
        SeedError: the file is invalid or clashes with stored data; nothing was written.
    """
    rows = read_seed_file(Path(path))
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        async with engine.begin() as connection:
            count = await write_rows(connection, rows)
    except IntegrityError as exc:
        raise SeedError(f"{path}: clashes with stored data ({exc.orig}).") from None
    finally:
        await engine.dispose()
    return count


async def seed_demo_if_empty_async(database_url: str) -> int:
    """Seed each file of `backend/demo/` whose tables are all still empty; returns the count."""
    demo = [read_seed_file(path) for path in sorted(DEMO_DIR.glob("*.json"))]
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        async with engine.begin() as connection:
            empty = {
                name: await connection.scalar(sa.select(sa.func.count()).select_from(section.table))
                == 0
                for name, section in _SECTIONS.items()
            }
            count = 0
            for rows in demo:
                if all(empty[section] for section in rows):
                    count += await write_rows(connection, rows)
    finally:
        await engine.dispose()
    return count


def seed_demo_if_empty(database_url: str) -> int:
    """Synchronous `seed_demo_if_empty_async`, for start-up scripts (not inside an event loop)."""
    return asyncio.run(seed_demo_if_empty_async(database_url))
