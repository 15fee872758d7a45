"""Load data files into the backend: found items, ID applications and the dog-tax tariffs.

A file is one JSON object in the fixtures' format, with any of the keys `fundsachen` (list),
`ausweisantraege` (list) and `hundesteuer_tarife` (object); keys starting with "_" are
comments. Records are upserted by their key; the whole file is validated first and written in
one transaction, so a bad record changes nothing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.db import create_engine, migrate
from backend.fields import (
    Amount,
    Farbe,
    Freitext,
    Fundnummer,
    IsoDate,
    Kategorie,
    Ort,
    RequestModel,
    code_type,
    text,
    to_cents,
)
from backend.models import ausweisantraege, fundsachen, hundesteuer_tarife

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


class TarifeSeed(RequestModel):
    waehrung: Literal["EUR"]
    erster_hund: Amount
    zweiter_hund: Amount
    weitere_hunde: Amount
    gefaehrlich_erster: Amount
    gefaehrlich_weitere: Amount


def _fundsachen_rows(records: list[FundsacheSeed]) -> list[dict[str, Any]]:
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    return [record.dict() | {"erfasst_am": now} for record in records]


def _tarife_rows(tarife: TarifeSeed) -> list[dict[str, Any]]:
    amounts = tarife.dict(exclude={"waehrung"})
    return [{"tarif": name, "betrag_cent": to_cents(value)} for name, value in amounts.items()]


# key in the file -> (record model, is a list, table, key column, rows builder, never updated)
_SECTIONS: dict[
    str, tuple[type[RequestModel], bool, sa.Table, str, Callable[..., Any], set[str]]
] = {
    "fundsachen": (FundsacheSeed, True, fundsachen, "fundnummer", _fundsachen_rows, {"erfasst_am"}),
    "ausweisantraege": (
        AusweisantragSeed,
        True,
        ausweisantraege,
        "antragsnummer",
        lambda records: [record.dict() for record in records],
        set(),
    ),
    "hundesteuer_tarife": (TarifeSeed, False, hundesteuer_tarife, "tarif", _tarife_rows, set()),
}


def read_seed_file(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Validate a seed file and return the rows to upsert per section.

    Raises:
        SeedError: unreadable file, unknown section or an invalid record.
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
    rows: dict[str, list[dict[str, Any]]] = {}
    for key, value in sections.items():
        model, is_list, _table, _key, build, _keep = _SECTIONS[key]
        if is_list != isinstance(value, list):
            raise SeedError(f"{path}: '{key}' must be a {'list' if is_list else 'JSON object'}.")
        items = value if is_list else [value]
        records = []
        for index, item in enumerate(items):
            try:
                records.append(model.parse_obj(item))
            except ValidationError as exc:
                where = f"{key}[{index}]" if is_list else key
                raise SeedError(f"{path}: {where}: {_first_error(exc)}") from None
        rows[key] = build(records if is_list else records[0])
    return rows


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"


async def _upsert(connection: AsyncConnection, section: str, rows: list[dict[str, Any]]) -> None:
    _model, _is_list, table, key, _build, keep = _SECTIONS[section]
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    updates = {
        name: statement.excluded[name] for name in rows[0] if name != key and name not in keep
    }
    await connection.execute(
        statement.on_conflict_do_update(index_elements=[key], set_=updates), rows
    )


async def write_rows(connection: AsyncConnection, rows: dict[str, list[dict[str, Any]]]) -> int:
    """Upsert the rows returned by `read_seed_file`; returns their number."""
    for section, section_rows in rows.items():
        if section_rows:
            await _upsert(connection, section, section_rows)
    return sum(len(section_rows) for section_rows in rows.values())


async def seed_file(database_url: str, path: Path) -> int:
    """Upsert every record of a seed file; returns how many records (tariffs: rates) it held.

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
                section: await connection.scalar(sa.select(sa.func.count()).select_from(table)) == 0
                for section, (_m, _l, table, _k, _b, _keep) in _SECTIONS.items()
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
