"""Fundbüro: search found items, report a find, claim an item, file a search request."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sanic import Blueprint, Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.context import backend_context, json_body, path_code, query_params
from backend.fields import Fundnummer, parse
from backend.models import fund_ansprueche, fundsachen, suchauftraege
from backend.numbering import insert_numbered, next_number
from backend.schemas import AnspruchIn, FundsacheIn, FundsachenSuche, SuchauftragIn
from backend.search import colour_matches, place_matches, score_item
from backend.web import ApiError, json_response

bp = Blueprint("fundsachen", url_prefix="/api/v1")

IN_STORAGE = "eingelagert"
RECEIVED = "eingegangen"
PUBLIC_COLUMNS = (
    fundsachen.c.fundnummer,
    fundsachen.c.kategorie,
    fundsachen.c.beschreibung,
    fundsachen.c.farbe,
    fundsachen.c.fundort,
    fundsachen.c.funddatum,
    fundsachen.c.status,
)


def public_item(row: Row) -> dict[str, Any]:
    """The published fields of an item (never the finder's data)."""
    item = {column.name: row._mapping[column.name] for column in PUBLIC_COLUMNS}
    item["funddatum"] = item["funddatum"].isoformat()
    return item


@bp.get("/fundsachen")
async def search_items(request: Request) -> HTTPResponse:
    """Ranked search over the items still in storage."""
    context = backend_context(request)
    search = parse(FundsachenSuche, query_params(request), context.today())
    statement = sa.select(*PUBLIC_COLUMNS).where(fundsachen.c.status == IN_STORAGE)
    if search.von is not None:
        statement = statement.where(fundsachen.c.funddatum >= search.von)
    if search.bis is not None:
        statement = statement.where(fundsachen.c.funddatum <= search.bis)
    async with context.db.connect() as connection:
        items = [public_item(row) for row in await connection.execute(statement)]

    table = context.synonyms
    if search.kategorie:
        items = [i for i in items if table.same_category(search.kategorie, i["kategorie"])]
    if search.farbe:
        items = [i for i in items if colour_matches(search.farbe, i)]
    if search.ort:
        items = [i for i in items if place_matches(search.ort, i["fundort"])]
    terms = table.query_terms(search.q)
    for item in items:
        item["score"] = score_item(item, terms)
    if terms:
        items = [item for item in items if item["score"] > 0]
    # Best score first, then the most recent find, then a stable order.
    items.sort(key=lambda item: item["fundnummer"])
    items.sort(key=lambda item: (item["score"], item["funddatum"]), reverse=True)
    return json_response({"items": items[: search.limit], "total": len(items)})


@bp.get("/fundsachen/<fundnummer:str>")
async def get_item(request: Request, fundnummer: str) -> HTTPResponse:
    """One item by its Fundnummer."""
    number = path_code(Fundnummer, fundnummer, "fundnummer")
    async with backend_context(request).db.connect() as connection:
        row = (
            await connection.execute(
                sa.select(*PUBLIC_COLUMNS).where(fundsachen.c.fundnummer == number)
            )
        ).first()
    if row is None:
        raise ApiError(404, "not_found", f"Es gibt keine Fundsache mit der Nummer {number}.")
    return json_response(public_item(row))


@bp.post("/fundsachen")
async def report_find(request: Request) -> HTTPResponse:
    """A citizen reports a found item; it gets the next Fundnummer of its year."""
    context = backend_context(request)
    report = parse(FundsacheIn, json_body(request), context.today())
    values = report.dict()
    values.update(status=IN_STORAGE, erfasst_am=context.now().replace(microsecond=0))

    async def write(connection: AsyncConnection) -> dict[str, Any]:
        number = await next_number(connection, fundsachen.c.fundnummer, "F", report.funddatum.year)
        await connection.execute(fundsachen.insert().values(fundnummer=number, **values))
        row = (
            await connection.execute(
                sa.select(*PUBLIC_COLUMNS).where(fundsachen.c.fundnummer == number)
            )
        ).one()
        return public_item(row)

    return json_response(await insert_numbered(context.db, write), status=201)


@bp.post("/fundsachen/<fundnummer:str>/ansprueche")
async def claim_item(request: Request, fundnummer: str) -> HTTPResponse:
    """Someone claims an item that is still in storage."""
    context = backend_context(request)
    number = path_code(Fundnummer, fundnummer, "fundnummer")
    claim = parse(AnspruchIn, json_body(request), context.today())
    async with context.db.begin() as connection:
        status = await connection.scalar(
            sa.select(fundsachen.c.status)
            .where(fundsachen.c.fundnummer == number)
            .with_for_update()
        )
        if status is None:
            raise ApiError(404, "not_found", f"Es gibt keine Fundsache mit der Nummer {number}.")
        if status != IN_STORAGE:
            raise ApiError(
                409,
                "not_in_storage",
                f"Die Fundsache {number} ist nicht mehr im Fundbüro (Status: {status}).",
            )
        result = await connection.execute(
            fund_ansprueche.insert().values(
                fundnummer=number,
                status=RECEIVED,
                eingegangen_am=context.now().replace(microsecond=0),
                **claim.dict(),
            )
        )
    claim_id = result.inserted_primary_key[0]
    return json_response({"id": claim_id, "fundnummer": number, "status": RECEIVED}, status=201)


@bp.post("/suchauftraege")
async def file_search_request(request: Request) -> HTTPResponse:
    """Someone asks the Fundbüro to look out for a lost item."""
    context = backend_context(request)
    order = parse(SuchauftragIn, json_body(request), context.today())
    async with context.db.begin() as connection:
        result = await connection.execute(
            suchauftraege.insert().values(
                status=RECEIVED, eingegangen_am=context.now().replace(microsecond=0), **order.dict()
            )
        )
    return json_response({"id": result.inserted_primary_key[0], "status": RECEIVED}, status=201)
