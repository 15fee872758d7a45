"""Hundesteuer: tariffs and quotes per municipality, registrations and de-registrations.

The backend owns the amount: a registration names its municipality (`gemeinde`), and the annual
tax is computed here from that municipality's tariff (`backend.hundesteuer_tarif`), never taken
from the client.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import sqlalchemy as sa
from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.context import backend_context, json_body, query_params, stamp
from backend.fields import format_cents, parse
from backend.hundesteuer_tarif import GEFAEHRLICH, NORMAL, Tarif, jahressteuer_cent
from backend.models import (
    hundesteuer_abmeldungen,
    hundesteuer_anmeldungen,
    hundesteuer_gemeinden,
    hundesteuer_tarife,
)
from backend.numbering import insert_numbered, random_number
from backend.schemas import HundeabmeldungIn, HundeanmeldungIn, SteuerberechnungIn, TarifAbfrage
from backend.web import ApiError, json_response

bp = Blueprint("hundesteuer", url_prefix="/api/v1/hundesteuer")

CURRENCY = "EUR"
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


async def load_tarif(connection: AsyncConnection, gemeinde: str) -> tuple[Tarif, str]:
    """The municipality's tariff and the note on its source.

    Raises:
        ApiError: 404 for a municipality without tariff, 503 for an incomplete one.
    """
    hinweis = await connection.scalar(
        sa.select(hundesteuer_gemeinden.c.tarif_hinweis).where(
            hundesteuer_gemeinden.c.gemeinde == gemeinde
        )
    )
    if hinweis is None:
        raise ApiError(
            404, "not_found", f"Für die Gemeinde '{gemeinde}' ist kein Hundesteuertarif hinterlegt."
        )
    rows = await connection.execute(
        sa.select(hundesteuer_tarife.c.art, hundesteuer_tarife.c.betrag_cent)
        .where(hundesteuer_tarife.c.gemeinde == gemeinde)
        .order_by(hundesteuer_tarife.c.stufe)
    )
    rates: dict[str, list[int]] = {NORMAL: [], GEFAEHRLICH: []}
    for art, cents in rows:
        rates.setdefault(art, []).append(cents)
    try:
        return Tarif(normal=tuple(rates[NORMAL]), gefaehrlich=tuple(rates[GEFAEHRLICH])), hinweis
    except ValueError:
        raise ApiError(
            503,
            "not_configured",
            f"Der Hundesteuertarif der Gemeinde '{gemeinde}' ist unvollständig (nrwbot backend seed).",
        ) from None


def annual_tax(tarif: Tarif, case: SteuerberechnungIn) -> int:
    """The annual tax in cents of the dog the request describes."""
    return jahressteuer_cent(
        tarif,
        gefaehrlich=case.gefaehrlich,
        anzahl_hunde_bisher=case.anzahl_hunde_bisher,
        anzahl_gefaehrlich_bisher=case.gefaehrlich_bisher,
    )


@bp.get("/tarife")
async def tariffs(request: Request) -> HTTPResponse:
    """A municipality's yearly rates per dog by position, as decimal strings."""
    context = backend_context(request)
    query = parse(TarifAbfrage, query_params(request), context.today())
    async with context.db.connect() as connection:
        tarif, hinweis = await load_tarif(connection, query.gemeinde)
    return json_response(
        {
            "gemeinde": query.gemeinde,
            "waehrung": CURRENCY,
            NORMAL: [format_cents(cents) for cents in tarif.normal],
            GEFAEHRLICH: [format_cents(cents) for cents in tarif.gefaehrlich],
            "tarif_hinweis": hinweis,
        }
    )


@bp.post("/berechnung")
async def quote(request: Request) -> HTTPResponse:
    """The annual tax a new dog would be charged, computed as a registration would be."""
    context = backend_context(request)
    case = parse(SteuerberechnungIn, json_body(request), context.today())
    async with context.db.connect() as connection:
        tarif, hinweis = await load_tarif(connection, case.gemeinde)
    return json_response(
        {
            "gemeinde": case.gemeinde,
            "waehrung": CURRENCY,
            "jahressteuer": format_cents(annual_tax(tarif, case)),
            "tarif_hinweis": hinweis,
        }
    )


@bp.post("/anmeldungen")
async def register_dog(request: Request) -> HTTPResponse:
    """Store a registration with its computed tax under a fresh random Aktenzeichen."""
    context = backend_context(request)
    application = parse(HundeanmeldungIn, json_body(request), context.today())
    values = application.dict() | {"eingegangen_am": context.now().replace(microsecond=0)}
    year = context.today().year

    async def write(connection: AsyncConnection) -> dict[str, Any]:
        # Read in the transaction that stores: the amount is the tariff's at that moment.
        tarif, _hinweis = await load_tarif(connection, application.gemeinde)
        number = random_number("HST", year)
        await connection.execute(
            hundesteuer_anmeldungen.insert().values(
                aktenzeichen=number, jahressteuer_cent=annual_tax(tarif, application), **values
            )
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
