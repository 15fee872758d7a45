"""Every POST endpoint answers malformed bodies with a 400 in the error format and writes nothing."""

from __future__ import annotations

import json

import httpx
import pytest

VALID_BODIES = {
    "/api/v1/fundsachen": {
        "kategorie": "Schlüssel",
        "beschreibung": "Autoschlüssel",
        "fundort": "Markt",
        "funddatum": "2026-11-20",
    },
    "/api/v1/fundsachen/F-2026-00016/ansprueche": {
        "name": "Erika",
        "kontakt": "erika@example.org",
        "beschreibung": "meins",
    },
    "/api/v1/suchauftraege": {
        "beschreibung": "Schirm",
        "name": "Max",
        "kontakt": "max@example.org",
    },
    "/api/v1/hundesteuer/anmeldungen": {
        "halter_name": "Erika",
        "strasse": "Markt 1",
        "plz": "59494",
        "ort": "Soest",
        "hund_name": "Bello",
        "rasse": "Dackel",
        "aufnahmedatum": "2026-11-01",
        "gefaehrlich": False,
        "anzahl_hunde_bisher": 0,
        "gemeinde": "soest",
    },
    "/api/v1/hundesteuer/berechnung": {
        "gemeinde": "soest",
        "gefaehrlich": False,
        "anzahl_hunde_bisher": 0,
    },
    "/api/v1/hundesteuer/abmeldungen": {
        "halter_name": "Erika",
        "strasse": "Markt 1",
        "plz": "59494",
        "ort": "Soest",
        "grund": "abgegeben",
        "datum": "2026-11-01",
    },
    "/api/v1/ausweisantraege/status": {"nummer": "L58W7L8N1", "geburtsdatum": "1953-01-03"},
}
ENDPOINTS = sorted(VALID_BODIES)
RAW_BODIES = {
    "malformed JSON": (b'{"kategorie": ', "invalid_json"),
    "empty body": (b"", "invalid_json"),
    "not UTF-8": (b'{"name": "\xff"}', "invalid_json"),
    "NaN constant": (b'{"name": NaN}', "invalid_json"),
    "too deeply nested": (b"[" * 60_000, "invalid_json"),
    "list body": (b"[]", "invalid_body"),
    "string body": (b'"hallo"', "invalid_body"),
    "number body": (b"42", "invalid_body"),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_valid_bodies_are_accepted(client: httpx.AsyncClient, endpoint: str) -> None:
    # Guards the other tests: they must fail because of the one thing they change.
    response = await client.post(endpoint, json=VALID_BODIES[endpoint])
    assert response.status_code in (200, 201), response.text


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_unparseable_or_non_object_body(
    client: httpx.AsyncClient, row_counts, endpoint: str
) -> None:
    before = await row_counts()
    for case, (raw, code) in RAW_BODIES.items():
        response = await client.post(
            endpoint, content=raw, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400, case
        assert response.json()["error"] == code, case
        assert response.json()["message"], case
    assert await row_counts() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_unknown_field_wrong_type_and_overlong_text(
    client: httpx.AsyncClient, row_counts, endpoint: str
) -> None:
    before = await row_counts()
    valid = VALID_BODIES[endpoint]
    text_field = next(name for name, value in valid.items() if isinstance(value, str))
    for body, field in [
        (valid | {"unbekannt": 1}, "unbekannt"),
        (valid | {text_field: ["Liste"]}, text_field),
        (valid | {text_field: {"a": 1}}, text_field),
        (valid | {text_field: "x" * 600}, text_field),
    ]:
        response = await client.post(endpoint, json=body)
        assert response.status_code == 400, (body, response.text)
        error = response.json()
        assert error["error"] == "validation_error"
        assert field in {detail["field"] for detail in error["details"]}
    assert await row_counts() == before


async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    body = VALID_BODIES["/api/v1/suchauftraege"] | {"beschreibung": "x" * 70_000}
    response = await client.post("/api/v1/suchauftraege", json=body)
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


# Characters no field may hold: a lone surrogate cannot even be stored (it used to give a 500),
# control characters break logs and letters, bidi controls make a text read differently than it
# is stored ("Trojan Source"), and line separators smuggle line breaks past a single-line check.
FORBIDDEN_CHARACTERS = {
    "lone surrogate": "\ud800",
    "low surrogate": "\udfff",
    "NUL": "\x00",
    "escape": "\x1b",
    "DEL": "\x7f",
    "C1 control": "\x85",
    "tab": "\t",
    "carriage return": "\r",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    **{f"bidi U+{ord(c):04X}": c for c in "\u202a\u202b\u202c\u202d\u202e"},
    **{f"bidi U+{ord(c):04X}": c for c in "\u2066\u2067\u2068\u2069\u200e\u200f\u061c"},
}
MULTI_LINE_FIELDS = {"beschreibung"}


def string_fields(endpoint: str) -> list[str]:
    return [name for name, value in VALID_BODIES[endpoint].items() if isinstance(value, str)]


def raw_json(body: dict[str, object]) -> bytes:
    # ensure_ascii escapes a lone surrogate as \ud800, exactly as a client would send it.
    return json.dumps(body, ensure_ascii=True).encode("ascii")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_forbidden_characters_in_any_text_field_are_400_naming_it(
    client: httpx.AsyncClient, row_counts, endpoint: str
) -> None:
    before = await row_counts()
    for field in string_fields(endpoint):
        original = VALID_BODIES[endpoint][field]
        for case, character in FORBIDDEN_CHARACTERS.items():
            # In the middle, so stripping cannot remove it.
            value = original[:1] + character + original[1:]
            response = await client.post(
                endpoint,
                content=raw_json(VALID_BODIES[endpoint] | {field: value}),
                headers={"Content-Type": "application/json"},
            )
            assert response.status_code == 400, (field, case, response.text)
            error = response.json()
            assert error["error"] == "validation_error", (field, case)
            assert field in {detail["field"] for detail in error["details"]}, (field, case)
    assert await row_counts() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_line_breaks_only_in_multi_line_text(
    client: httpx.AsyncClient, endpoint: str
) -> None:
    for field in string_fields(endpoint):
        original = VALID_BODIES[endpoint][field]
        body = VALID_BODIES[endpoint] | {field: original[:1] + "\n" + original[1:]}
        response = await client.post(endpoint, json=body)
        if field in MULTI_LINE_FIELDS:
            assert response.status_code in (200, 201), (field, response.text)
        else:
            assert response.status_code == 400, (field, response.text)
            assert field in {d["field"] for d in response.json()["details"]}, field


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_lone_surrogate_in_a_field_name_is_400(
    client: httpx.AsyncClient, endpoint: str
) -> None:
    body = raw_json(VALID_BODIES[endpoint] | {"x\ud800": "y"})
    response = await client.post(
        endpoint, content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "validation_error"


async def test_forbidden_characters_in_search_parameters_are_400(
    client: httpx.AsyncClient,
) -> None:
    for character in ("\x00", "\u202e", "\n"):
        response = await client.get("/api/v1/fundsachen", params={"q": f"Schl{character}üssel"})
        assert response.status_code == 400, repr(character)
        assert response.json()["details"][0]["field"] == "q"
