"""The OpenAPI 3.0 document of the backend: request bodies from the pydantic models, the rest here."""

from __future__ import annotations

import copy
import html
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from backend import __version__
from backend.schemas import (
    AnspruchIn,
    AusweisStatusAnfrage,
    FundsacheIn,
    FundsachenSuche,
    HundeabmeldungIn,
    HundeanmeldungIn,
    SteuerberechnungIn,
    SuchauftragIn,
    TarifAbfrage,
)

REF = "#/components/schemas/{model}"
REQUEST_MODELS: tuple[type[BaseModel], ...] = (
    AnspruchIn,
    AusweisStatusAnfrage,
    FundsacheIn,
    HundeabmeldungIn,
    HundeanmeldungIn,
    SteuerberechnungIn,
    SuchauftragIn,
)
STRING, INTEGER, DATE = (
    {"type": "string"},
    {"type": "integer"},
    {"type": "string", "format": "date"},
)
EINGEGANGEN = {"type": "string", "enum": ["eingegangen"]}


def _obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {m.__name__: m.schema(ref_template=REF) for m in REQUEST_MODELS}
    fundsache = _obj(
        {
            "fundnummer": {"type": "string", "example": "F-2026-00061"},
            "kategorie": STRING,
            "beschreibung": STRING,
            "farbe": {"type": "string", "nullable": True},
            "fundort": STRING,
            "funddatum": DATE,
            "status": {"type": "string", "example": "eingelagert"},
        }
    )
    treffer = copy.deepcopy(fundsache)
    treffer["properties"]["score"] = {"type": "number", "minimum": 0, "maximum": 1}
    treffer["required"].append("score")
    anmeldung = copy.deepcopy(schemas["HundeanmeldungIn"])
    anmeldung.pop("additionalProperties", None)
    tarif = {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$", "example": "85.80"}
    hinweis = {"type": "string", "description": "Source and date of the rates; say it with them."}
    gemeinde = {"type": "string", "example": "soest"}
    anmeldung["properties"]["aktenzeichen"] = {"type": "string", "example": "HST-2026-7K3M9QTX"}
    anmeldung["properties"]["jahressteuer"] = tarif | {
        "description": "Computed by the backend from the municipality's tariff."
    }
    anmeldung["properties"]["eingegangen_am"] = {"type": "string", "format": "date-time"}
    anmeldung["required"] = list(anmeldung["properties"])
    rates = {"type": "array", "items": tarif, "minItems": 1}
    schemas.update(
        Error=_obj(
            {
                "error": {"type": "string", "example": "validation_error"},
                "message": STRING,
                "details": {
                    "type": "array",
                    "items": _obj({"field": STRING, "message": STRING}),
                },
                "retry_after": {"type": "integer", "description": "only with rate_limited"},
            },
            ["error", "message"],
        ),
        Fundsache=fundsache,
        Fundsachentreffer=treffer,
        Suchergebnis=_obj(
            {"items": {"type": "array", "items": _ref("Fundsachentreffer")}, "total": INTEGER}
        ),
        Anspruch=_obj({"id": INTEGER, "fundnummer": STRING, "status": EINGEGANGEN}),
        Eingang=_obj({"id": INTEGER, "status": EINGEGANGEN}),
        Tarife=_obj(
            {
                "gemeinde": gemeinde,
                "waehrung": {"type": "string", "enum": ["EUR"]},
                "normal": rates
                | {"description": "Per dog by position (1st, 2nd, ...); the last repeats."},
                "gefaehrlich": rates
                | {"description": "The same for dangerous and listed dogs (§§ 3, 10 LHundG)."},
                "tarif_hinweis": hinweis,
            }
        ),
        Steuerberechnung=_obj(
            {
                "gemeinde": gemeinde,
                "waehrung": {"type": "string", "enum": ["EUR"]},
                "jahressteuer": tarif,
                "tarif_hinweis": hinweis,
            }
        ),
        Hundeanmeldung=anmeldung,
        Abmeldung=_obj(
            {
                "id": INTEGER,
                "vorgangsnummer": {"type": "string", "example": "HSA-2026-4D9RZ2PW"},
                "status": {
                    "type": "string",
                    "enum": ["eingegangen", "zu_pruefen"],
                    "description": "eingegangen: Aktenzeichen and owner name match a "
                    "registration; zu_pruefen: the tax office checks it first.",
                },
            }
        ),
        Ausweisstatus=_obj(
            {
                "status": {
                    "type": "string",
                    "enum": ["beantragt", "in_produktion", "abholbereit", "abgeholt"],
                },
                "dokumentart": STRING,
                "abholort": STRING,
                "beantragt_am": DATE,
            }
        ),
    )
    return schemas


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _op(
    summary: str, ok: tuple[str, str, str], errors: tuple[str, ...], **extra: Any
) -> dict[str, Any]:
    status, schema, description = ok
    responses = {status: _json(schema, description)}
    responses.update({code: {"$ref": f"#/components/responses/E{code}"} for code in errors})
    return {"summary": summary, "responses": responses, **extra}


def _body(model: type[BaseModel]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(model.__name__)}}}


def _path_param(name: str, pattern: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": pattern},
    }


def _paths() -> dict[str, Any]:
    search_props = FundsachenSuche.schema()["properties"]
    search_params = [
        {"name": name, "in": "query", "required": False, "schema": schema}
        for name, schema in search_props.items()
    ]
    fundnummer = _path_param("fundnummer", r"^F-[0-9]{4}-[0-9]{5}$")
    citizen = {
        "name": "X-Citizen-Key",
        "in": "header",
        "required": False,
        "description": "Pseudonymous key of the citizen (e.g. an HMAC of the conversation); "
        "failed checks are limited per key.",
        "schema": {"type": "string", "maxLength": 128, "pattern": r"^[A-Za-z0-9_.:-]+$"},
    }
    conversation = {
        "name": "X-Conversation-Id",
        "in": "header",
        "required": False,
        "description": "Older spelling of the citizen key; used only without X-Citizen-Key.",
        "schema": {"type": "string", "maxLength": 128},
    }
    forwarded = {
        "name": "X-Forwarded-For",
        "in": "header",
        "required": False,
        "description": "The citizen's address; believed only from BACKEND_TRUSTED_PROXIES, "
        "rightmost untrusted entry.",
        "schema": {"type": "string"},
    }
    health = {"type": "object", "properties": {"status": {"type": "string", "enum": ["ok"]}}}
    return {
        "/health": {
            "get": {
                "summary": "Liveness check",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The service runs.",
                        "content": {"application/json": {"schema": health}},
                    }
                },
            }
        },
        "/api/v1/fundsachen": {
            "get": _op(
                "Search found items in storage (ranked, with synonyms)",
                ("200", "Suchergebnis", "Matching items, best first."),
                ("400",),
                parameters=search_params,
            ),
            "post": _op(
                "Report a found item",
                ("201", "Fundsache", "The stored item."),
                ("400",),
                requestBody=_body(FundsacheIn),
            ),
        },
        "/api/v1/fundsachen/{fundnummer}": {
            "get": _op(
                "One found item",
                ("200", "Fundsache", "The item."),
                ("400", "404"),
                parameters=[fundnummer],
            ),
        },
        "/api/v1/fundsachen/{fundnummer}/ansprueche": {
            "post": _op(
                "Claim a found item",
                ("201", "Anspruch", "The claim was received."),
                ("400", "404", "409"),
                parameters=[fundnummer],
                requestBody=_body(AnspruchIn),
            ),
        },
        "/api/v1/suchauftraege": {
            "post": _op(
                "File a search request for a lost item",
                ("201", "Eingang", "The request was received."),
                ("400",),
                requestBody=_body(SuchauftragIn),
            ),
        },
        "/api/v1/hundesteuer/tarife": {
            "get": _op(
                "A municipality's yearly dog tax per dog and position",
                ("200", "Tarife", "The municipality's tariff."),
                ("400", "404", "503"),
                parameters=[
                    {"name": name, "in": "query", "required": True, "schema": schema}
                    for name, schema in TarifAbfrage.schema()["properties"].items()
                ],
            ),
        },
        "/api/v1/hundesteuer/berechnung": {
            "post": _op(
                "Quote the yearly tax of a new dog (as a registration would compute it)",
                ("200", "Steuerberechnung", "The annual tax of that dog."),
                ("400", "404", "503"),
                requestBody=_body(SteuerberechnungIn),
            ),
        },
        "/api/v1/hundesteuer/anmeldungen": {
            "post": _op(
                "Register a dog; the backend computes and stores its yearly tax",
                ("201", "Hundeanmeldung", "The stored registration."),
                ("400", "404", "503"),
                requestBody=_body(HundeanmeldungIn),
            ),
        },
        "/api/v1/hundesteuer/abmeldungen": {
            "post": _op(
                "De-register a dog",
                ("201", "Abmeldung", "The notice was received."),
                ("400", "404"),
                requestBody=_body(HundeabmeldungIn),
            ),
        },
        "/api/v1/ausweisantraege/status": {
            "post": _op(
                "Status of an ID card or passport application (number + birth date)",
                ("200", "Ausweisstatus", "Number and birth date match."),
                ("400", "404", "429"),
                parameters=[citizen, conversation, forwarded],
                requestBody=_body(AusweisStatusAnfrage),
            ),
        },
    }


_ERRORS = {
    "400": "Invalid input (validation_error, invalid_json, invalid_body).",
    "404": "Not found (not_found): no such record or municipality; for the ID status also a "
    "wrong birth date.",
    "409": "The item is no longer in storage (not_in_storage).",
    "429": "Too many failed checks (rate_limited); see the Retry-After header.",
    "503": "The municipality's tariff is incomplete (not_configured).",
}


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The complete OpenAPI 3.0.3 document."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "NRWbot reference municipal backend",
            "version": __version__,
            "description": "Fundsachen, Hundesteuer and Ausweisanträge for the NRWbot experts.",
        },
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "responses": {f"E{code}": _json("Error", text) for code, text in _ERRORS.items()},
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Required only when BACKEND_API_TOKEN is set.",
                }
            },
        },
        "security": [{}, {"bearerAuth": []}],
    }


def docs_page() -> str:
    """A minimal HTML index of the API (no external resources)."""
    items = []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            items.append(
                f"<li><code>{method.upper()} {html.escape(path)}</code> – "
                f"{html.escape(operation['summary'])}</li>"
            )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>NRWbot backend API</title></head><body><main>"
        "<h1>NRWbot reference municipal backend</h1>"
        '<p>Machine-readable description: <a href="/openapi.json">openapi.json</a> (OpenAPI 3.0).</p>'
        f"<ul>{''.join(items)}</ul></main></body></html>"
    )
