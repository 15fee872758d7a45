"""Hundesteuer: tariff table, registrations (Anmeldungen) and de-registrations (Abmeldungen)."""

from __future__ import annotations

import unicodedata
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
# A de-registration the tax office verifies before acting on it.
TO_CHECK = "zu_pruefen"


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


def same_owner(given: str | None, registered: str) -> bool:
    """Whether the name given with a de-registration is the registered owner's.

    Case, spacing and Unicode spelling variants do not matter; the tax office sees both names
    when the answer is no.
    """
    return given is not None and _comparable(given) == _comparable(registered)


def _comparable(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@bp.post("/abmeldungen")
async def deregister_dog(request: Request) -> HTTPResponse:
    """Store a de-registration; its status says whether the tax office must check it first.

    `eingegangen` only if the Aktenzeichen names a registration and the owner's name matches
    it. Everything else is stored as `zu_pruefen`: name and address are no secret, so they
    alone must not cancel someone's dog tax. An unknown Aktenzeichen is a 404 (a typo, most
    likely; there are far too many to find one by trying).
    """
    context = backend_context(request)
    notice = parse(HundeabmeldungIn, json_body(request), context.today())
    values = notice.dict() | {"eingegangen_am": context.now().replace(microsecond=0)}
    year = context.today().year

    async def write(connection: AsyncConnection) -> dict[str, Any]:
        status = TO_CHECK
        if notice.aktenzeichen is not None:
            owner = await connection.scalar(
                sa.select(hundesteuer_anmeldungen.c.halter_name).where(
                    hundesteuer_anmeldungen.c.aktenzeichen == notice.aktenzeichen
                )
            )
            if owner is None:
                raise ApiError(
                    404,
                    "not_found",
                    f"Es gibt keine Anmeldung mit dem Aktenzeichen {notice.aktenzeichen}.",
                )
            if same_owner(notice.halter_name, owner):
                status = RECEIVED
        number = random_number("HSA", year)
        result = await connection.execute(
            hundesteuer_abmeldungen.insert().values(vorgangsnummer=number, status=status, **values)
        )
        return {"id": result.inserted_primary_key[0], "vorgangsnummer": number, "status": status}

    return json_response(await insert_numbered(context.db, write), status=201)
