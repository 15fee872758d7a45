"""Hundesteuer: tariff table, registrations (Anmeldungen) and de-registrations (Abmeldungen)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.context import backend_context, json_body, stamp
from backend.fields import format_cents, parse, to_cents
from backend.models import hundesteuer_abmeldungen, hundesteuer_anmeldungen, hundesteuer_tarife
from backend.numbering import insert_numbered, random_number
from backend.schemas import HundeabmeldungIn, HundeanmeldungIn
from backend.web import ApiError, json_response

bp = Blueprint("hundesteuer", url_prefix="/api/v1/hundesteuer")

CURRENCY = "EUR"
TARIFFS = (
    "erster_hund",
    "zweiter_hund",
    "weitere_hunde",
    "gefaehrlich_erster",
    "gefaehrlich_weitere",
)
RECEIVED = "eingegangen"


def registration(row: Row) -> dict[str, Any]:
    """A stored registration in the wire format."""
    data = dict(row._mapping)
    data["aufnahmedatum"] = data["aufnahmedatum"].isoformat()
    data["jahressteuer"] = format_cents(data.pop("jahressteuer_cent"))
    data["eingegangen_am"] = stamp(data["eingegangen_am"])
    return data


@bp.get("/tarife")
async def tariffs(request: Request) -> HTTPResponse:
    """The yearly rate per dog for each tier, as decimal strings."""
    async with backend_context(request).db.connect() as connection:
        rows = await connection.execute(sa.select(hundesteuer_tarife))
        cents = {row.tarif: row.betrag_cent for row in rows}
    missing = [name for name in TARIFFS if name not in cents]
    if missing:
        raise ApiError(
            503,
            "not_configured",
            "Die Hundesteuertarife sind noch nicht eingespielt (nrwbot backend seed).",
        )
    return json_response({"waehrung": CURRENCY} | {n: format_cents(cents[n]) for n in TARIFFS})


@bp.post("/anmeldungen")
async def register_dog(request: Request) -> HTTPResponse:
    """Store a registration under a fresh random Aktenzeichen of the current year."""
    context = backend_context(request)
    application = parse(HundeanmeldungIn, json_body(request), context.today())
    values = application.dict(exclude={"jahressteuer"})
    values.update(
        jahressteuer_cent=to_cents(application.jahressteuer),
        eingegangen_am=context.now().replace(microsecond=0),
    )
    year = context.today().year

    async def write(connection: AsyncConnection) -> dict[str, Any]:
        number = random_number("HST", year)
        await connection.execute(
            hundesteuer_anmeldungen.insert().values(aktenzeichen=number, **values)
        )
        return await _load_registration(connection, number)  # type: ignore[return-value]

    return json_response(await insert_numbered(context.db, write), status=201)


async def _load_registration(connection: AsyncConnection, number: str) -> dict[str, Any] | None:
    row = (
        await connection.execute(
            sa.select(hundesteuer_anmeldungen).where(
                hundesteuer_anmeldungen.c.aktenzeichen == number
            )
        )
    ).first()
    return None if row is None else registration(row)


@bp.post("/abmeldungen")
async def deregister_dog(request: Request) -> HTTPResponse:
    """Store a de-registration; an Aktenzeichen, if given, must exist."""
    context = backend_context(request)
    notice = parse(HundeabmeldungIn, json_body(request), context.today())
    values = notice.dict()
    values.update(status=RECEIVED, eingegangen_am=context.now().replace(microsecond=0))
    year = context.today().year

    async def write(connection: AsyncConnection) -> dict[str, Any]:
        if (
            notice.aktenzeichen is not None
            and await _load_registration(connection, notice.aktenzeichen) is None
        ):
            raise ApiError(
                404,
                "not_found",
                f"Es gibt keine Anmeldung mit dem Aktenzeichen {notice.aktenzeichen}.",
            )
        number = random_number("HSA", year)
        result = await connection.execute(
            hundesteuer_abmeldungen.insert().values(vorgangsnummer=number, **values)
        )
        return {"id": result.inserted_primary_key[0], "vorgangsnummer": number, "status": RECEIVED}

    return json_response(await insert_numbered(context.db, write), status=201)
