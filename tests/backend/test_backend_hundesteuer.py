"""Hundesteuer: registrations with Aktenzeichen and a computed tax, de-registrations.

Tariffs and quotes per municipality: test_backend_hundesteuer_tarife.py.
"""

from __future__ import annotations

import re

import httpx
import pytest
import sqlalchemy as sa

from backend.db import create_engine
from backend.models import hundesteuer_abmeldungen, hundesteuer_anmeldungen

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
    "gemeinde": "soest",
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


async def stored_registration(database_url: str, aktenzeichen: str) -> dict[str, object]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    sa.select(hundesteuer_anmeldungen).where(
                        hundesteuer_anmeldungen.c.aktenzeichen == aktenzeichen
                    )
                )
            ).one()
    finally:
        await engine.dispose()
    return dict(row._mapping)


async def test_registration_gets_an_unguessable_aktenzeichen(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    assert first.status_code == 201
    body = first.json()
    assert AKTENZEICHEN.fullmatch(body["aktenzeichen"]), body["aktenzeichen"]
    assert body["eingegangen_am"] == "2026-11-24T10:00:00Z"
    assert {k: body[k] for k in REGISTRATION} == REGISTRATION
    # Soest, one dog registered already: the second dog's rate, computed by the backend.
    assert body["jahressteuer"] == "102.00"
    assert body["anzahl_gefaehrlich_bisher"] is None
    numbers = {body["aktenzeichen"]}
    for _ in range(9):
        response = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
        numbers.add(response.json()["aktenzeichen"])
    # Random, not counted: ten registrations share no number and no common tail.
    assert len(numbers) == 10
    assert "HST-2026-00001" not in numbers and "HST-2026-00002" not in numbers


@pytest.mark.parametrize(
    ("change", "cents"),
    [
        ({}, 10200),
        ({"anzahl_hunde_bisher": 0, "chipnummer": None, "ermaessigung": None}, 8580),
        ({"anzahl_hunde_bisher": 5}, 11880),  # the last rate repeats
        ({"gefaehrlich": True, "anzahl_hunde_bisher": 2, "anzahl_gefaehrlich_bisher": 0}, 44400),
        ({"gefaehrlich": True, "anzahl_gefaehrlich_bisher": 1}, 60000),
        ({"gemeinde": "lippstadt", "anzahl_hunde_bisher": 0}, 8400),
        ({"gemeinde": "lippstadt", "anzahl_hunde_bisher": 2}, 12000),
        ({"gemeinde": "lippstadt", "gefaehrlich": True, "anzahl_gefaehrlich_bisher": 1}, 90000),
    ],
)
async def test_the_backend_computes_and_stores_the_tax_of_the_municipality(
    client: httpx.AsyncClient, database_url: str, change: dict[str, object], cents: int
) -> None:
    body = REGISTRATION | change
    created = (await client.post("/api/v1/hundesteuer/anmeldungen", json=body)).json()
    assert created["jahressteuer"] == f"{cents // 100}.{cents % 100:02d}"
    stored = await stored_registration(database_url, created["aktenzeichen"])
    assert (stored["jahressteuer_cent"], stored["gemeinde"]) == (cents, body["gemeinde"])
    assert stored["anzahl_gefaehrlich_bisher"] == body.get("anzahl_gefaehrlich_bisher")
    # The quote says exactly what the registration stores.
    quote = await client.post(
        "/api/v1/hundesteuer/berechnung",
        json={
            key: body[key]
            for key in (
                "gemeinde",
                "gefaehrlich",
                "anzahl_hunde_bisher",
                "anzahl_gefaehrlich_bisher",
            )
            if key in body
        },
    )
    assert quote.json()["jahressteuer"] == created["jahressteuer"]


@pytest.mark.parametrize("amount", ["0.01", "102.00", 0.01, None])
async def test_an_amount_sent_by_the_client_is_refused(
    client: httpx.AsyncClient, row_counts, amount: object
) -> None:
    before = await row_counts()
    response = await client.post(
        "/api/v1/hundesteuer/anmeldungen", json=REGISTRATION | {"jahressteuer": amount}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "validation_error"
    assert response.json()["details"] == [
        {"field": "jahressteuer", "message": "extra fields not permitted"}
    ]
    assert await row_counts() == before


async def test_a_registration_for_an_unknown_municipality_is_404(
    client: httpx.AsyncClient, row_counts
) -> None:
    before = await row_counts()
    response = await client.post(
        "/api/v1/hundesteuer/anmeldungen", json=REGISTRATION | {"gemeinde": "werl"}
    )
    assert response.status_code == 404
    assert response.json()["error"] == "not_found" and "werl" in response.json()["message"]
    assert await row_counts() == before


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
    ({"gemeinde": "Soest"}, "gemeinde"),
    ({"gemeinde": "soest "}, "gemeinde"),
    ({"gemeinde": 5}, "gemeinde"),
    ({"gemeinde": None}, "gemeinde"),
    ({"anzahl_gefaehrlich_bisher": 2}, "anzahl_gefaehrlich_bisher"),  # of one dog
    ({"anzahl_gefaehrlich_bisher": "0"}, "anzahl_gefaehrlich_bisher"),
    ({"gefaehrlich": True}, "anzahl_gefaehrlich_bisher"),  # dangerous, one dog before: how many?
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
