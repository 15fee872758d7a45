"""Hundesteuer: tariffs, registrations with Aktenzeichen, de-registrations."""

from __future__ import annotations

import re

import httpx
import pytest
import sqlalchemy as sa

from backend.db import create_engine
from backend.models import hundesteuer_abmeldungen

REGISTRATION = {
    "halter_name": "Erika Mustermann",
    "strasse": "Am Vreithof 8",
    "plz": "59494",
    "ort": "Soest",
    "hund_name": "Bello",
    "rasse": "Labrador-Mischling",
    "aufnahmedatum": "2026-11-15",
    "chipnummer": "276098106532195",
    "gefaehrlich": False,
    "anzahl_hunde_bisher": 1,
    "ermaessigung": "keine",
    "jahressteuer": "102.00",
}
# Crockford's base32: digits and capitals without I, L, O and U.
AKTENZEICHEN = re.compile(r"HST-2026-[0-9A-HJKMNP-TV-Z]{8}")
VORGANGSNUMMER = re.compile(r"HSA-2026-[0-9A-HJKMNP-TV-Z]{8}")
DEREGISTRATION_BY_ADDRESS = {
    "halter_name": "Erika Mustermann",
    "strasse": "Am Vreithof 8",
    "plz": "59494",
    "ort": "Soest",
    "hund_name": "Bello",
    "grund": "verzogen",
    "datum": "2026-12-31",
}


async def test_tariffs_are_soest_values_as_decimal_strings(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/hundesteuer/tarife")
    assert response.status_code == 200
    assert response.json() == {
        "waehrung": "EUR",
        "erster_hund": "85.80",
        "zweiter_hund": "102.00",
        "weitere_hunde": "118.80",
        "gefaehrlich_erster": "444.00",
        "gefaehrlich_weitere": "600.00",
    }


async def test_registration_gets_an_unguessable_aktenzeichen(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    assert first.status_code == 201
    body = first.json()
    assert AKTENZEICHEN.fullmatch(body["aktenzeichen"]), body["aktenzeichen"]
    assert body["eingegangen_am"] == "2026-11-24T10:00:00Z"
    assert {k: body[k] for k in REGISTRATION} == REGISTRATION
    numbers = {body["aktenzeichen"]}
    for _ in range(9):
        response = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
        numbers.add(response.json()["aktenzeichen"])
    # Random, not counted: ten registrations share no number and no common tail.
    assert len(numbers) == 10
    assert "HST-2026-00001" not in numbers and "HST-2026-00002" not in numbers


async def test_amount_is_normalised_in_the_receipt(client: httpx.AsyncClient) -> None:
    body = REGISTRATION | {"chipnummer": None, "ermaessigung": None, "jahressteuer": "85.8"}
    created = (await client.post("/api/v1/hundesteuer/anmeldungen", json=body)).json()
    assert created["jahressteuer"] == "85.80"
    assert created["chipnummer"] is None


async def test_a_registration_cannot_be_read_back(client: httpx.AsyncClient) -> None:
    # Name, address and chip number are nobody's business who merely holds the Aktenzeichen.
    created = (await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)).json()
    response = await client.get(f"/api/v1/hundesteuer/anmeldungen/{created['aktenzeichen']}")
    assert response.status_code in (404, 405)
    assert REGISTRATION["halter_name"] not in response.text
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert not any(path.startswith("/api/v1/hundesteuer/anmeldungen/") for path in paths)


async def test_number_collisions_are_retried(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["AAAAAAAA", "AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "CCCCCCCC", "DDDDDDDD"])
    monkeypatch.setattr("backend.numbering.random_code", lambda length: next(draws))
    first = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    second = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    assert [first.json()["aktenzeichen"], second.json()["aktenzeichen"]] == [
        "HST-2026-AAAAAAAA",
        "HST-2026-BBBBBBBB",
    ]
    notices = [
        await client.post("/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS)
        for _ in range(2)
    ]
    assert [notice.json()["vorgangsnummer"] for notice in notices] == [
        "HSA-2026-CCCCCCCC",
        "HSA-2026-DDDDDDDD",
    ]


INVALID_REGISTRATIONS = [
    ({"plz": "5949"}, "plz"),
    ({"plz": 59494}, "plz"),
    ({"chipnummer": "27609810653219"}, "chipnummer"),
    ({"chipnummer": "27609810653219X"}, "chipnummer"),
    ({"gefaehrlich": "nein"}, "gefaehrlich"),
    ({"gefaehrlich": 0}, "gefaehrlich"),
    ({"anzahl_hunde_bisher": 21}, "anzahl_hunde_bisher"),
    ({"anzahl_hunde_bisher": -1}, "anzahl_hunde_bisher"),
    ({"anzahl_hunde_bisher": "1"}, "anzahl_hunde_bisher"),
    ({"anzahl_hunde_bisher": True}, "anzahl_hunde_bisher"),
    ({"ermaessigung": "rabatt"}, "ermaessigung"),
    ({"jahressteuer": 102.0}, "jahressteuer"),
    ({"jahressteuer": "102,00"}, "jahressteuer"),
    ({"jahressteuer": "-5.00"}, "jahressteuer"),
    ({"aufnahmedatum": "2026-11-25"}, "aufnahmedatum"),
    ({"aufnahmedatum": "2026-11-31"}, "aufnahmedatum"),
    ({"aufnahmedatum": "1899-12-31"}, "aufnahmedatum"),
    ({"hund_name": "B" * 101}, "hund_name"),
    ({"halter_name": "   "}, "halter_name"),
    ({"rasse": "Dackel\x00"}, "rasse"),
]


async def test_invalid_registration_writes_nothing(client: httpx.AsyncClient, row_counts) -> None:
    before = await row_counts()
    for change, field in INVALID_REGISTRATIONS:
        response = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION | change)
        assert response.status_code == 400, change
        assert field in {detail["field"] for detail in response.json()["details"]}, change
    assert await row_counts() == before


async def test_registration_without_required_field(client: httpx.AsyncClient) -> None:
    body = {k: v for k, v in REGISTRATION.items() if k != "gefaehrlich"}
    response = await client.post("/api/v1/hundesteuer/anmeldungen", json=body)
    assert response.status_code == 400
    assert response.json()["details"] == [{"field": "gefaehrlich", "message": "field required"}]


async def deregister(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    body = {"grund": "verstorben", "datum": "2026-11-20"} | fields
    return await client.post("/api/v1/hundesteuer/abmeldungen", json=body)


async def stored_status(database_url: str, vorgangsnummer: str) -> str:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return str(
                await connection.scalar(
                    sa.select(hundesteuer_abmeldungen.c.status).where(
                        hundesteuer_abmeldungen.c.vorgangsnummer == vorgangsnummer
                    )
                )
            )
    finally:
        await engine.dispose()


async def test_deregistration_by_aktenzeichen_and_owner_name(
    client: httpx.AsyncClient, database_url: str
) -> None:
    created = (await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)).json()
    # Case and spacing do not matter for the name.
    response = await deregister(
        client, aktenzeichen=created["aktenzeichen"], halter_name="  erika   MUSTERMANN "
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "vorgangsnummer", "status"}
    assert VORGANGSNUMMER.fullmatch(body["vorgangsnummer"]), body
    assert body["status"] == "eingegangen"
    assert isinstance(body["id"], int)
    assert await stored_status(database_url, body["vorgangsnummer"]) == "eingegangen"


@pytest.mark.parametrize(
    "owner",
    [{}, {"halter_name": "Max Mustermann"}],
    ids=["without-name", "other-name"],
)
async def test_aktenzeichen_without_the_owner_name_is_checked_by_the_office(
    client: httpx.AsyncClient, database_url: str, owner: dict[str, str]
) -> None:
    created = (await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)).json()
    response = await deregister(client, aktenzeichen=created["aktenzeichen"], **owner)
    assert response.status_code == 201
    assert response.json()["status"] == "zu_pruefen"
    assert await stored_status(database_url, response.json()["vorgangsnummer"]) == "zu_pruefen"


async def test_name_and_address_alone_cancel_nobody_s_dog(
    client: httpx.AsyncClient, database_url: str
) -> None:
    # Even when they match a registration exactly: name and address are no secret.
    await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    response = await client.post("/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS)
    assert response.status_code == 201
    assert response.json()["status"] == "zu_pruefen"
    assert await stored_status(database_url, response.json()["vorgangsnummer"]) == "zu_pruefen"


async def test_deregistration_numbers_are_random(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS)
    assert first.status_code == 201
    second = await client.post("/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS)
    numbers = [first.json()["vorgangsnummer"], second.json()["vorgangsnummer"]]
    assert all(VORGANGSNUMMER.fullmatch(number) for number in numbers), numbers
    assert numbers[0] != numbers[1]


async def test_deregistration_with_unknown_aktenzeichen_is_404(
    client: httpx.AsyncClient, row_counts
) -> None:
    response = await client.post(
        "/api/v1/hundesteuer/abmeldungen",
        json={"aktenzeichen": "HST-2026-00042", "grund": "abgegeben", "datum": "2026-11-01"},
    )
    assert response.status_code == 404
    assert (await row_counts())["hundesteuer_abmeldungen"] == 0


INVALID_DEREGISTRATIONS = [
    (
        {"grund": "verzogen", "datum": "2026-12-01", "halter_name": "Erika"},
        {"strasse", "plz", "ort"},
    ),
    (DEREGISTRATION_BY_ADDRESS | {"grund": "verkauft"}, {"grund"}),
    (DEREGISTRATION_BY_ADDRESS | {"grund": "verstorben", "datum": "2026-11-25"}, {"datum"}),
    (DEREGISTRATION_BY_ADDRESS | {"datum": "2027-12-01"}, {"datum"}),
    (DEREGISTRATION_BY_ADDRESS | {"datum": "2019-01-01"}, {"datum"}),
    (DEREGISTRATION_BY_ADDRESS | {"aktenzeichen": "HST-2026-1"}, {"aktenzeichen"}),
    # Crockford's base32 has no I, L, O or U; nine characters are one too many.
    (DEREGISTRATION_BY_ADDRESS | {"aktenzeichen": "HST-2026-7K3M9QTU"}, {"aktenzeichen"}),
    (DEREGISTRATION_BY_ADDRESS | {"aktenzeichen": "HST-2026-7K3M9QTXY"}, {"aktenzeichen"}),
]


async def test_invalid_deregistration_is_400(client: httpx.AsyncClient, row_counts) -> None:
    for body, fields in INVALID_DEREGISTRATIONS:
        response = await client.post("/api/v1/hundesteuer/abmeldungen", json=body)
        assert response.status_code == 400, body
        assert fields <= {detail["field"] for detail in response.json()["details"]}, body
    assert (await row_counts())["hundesteuer_abmeldungen"] == 0


async def test_future_move_within_a_year_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS | {"datum": "2027-06-30"}
    )
    assert response.status_code == 201
