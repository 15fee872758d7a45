"""Hundesteuer: tariffs, registrations with Aktenzeichen, de-registrations."""

from __future__ import annotations

import re

import httpx

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


async def test_registration_gets_sequential_aktenzeichen(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    assert first.status_code == 201
    body = first.json()
    assert body["aktenzeichen"] == "HST-2026-00001"
    assert re.fullmatch(r"HST-\d{4}-\d{5}", body["aktenzeichen"])
    assert body["eingegangen_am"] == "2026-11-24T10:00:00Z"
    assert {k: body[k] for k in REGISTRATION} == REGISTRATION
    second = await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)
    assert second.json()["aktenzeichen"] == "HST-2026-00002"


async def test_registration_can_be_read_back(client: httpx.AsyncClient) -> None:
    created = (
        await client.post(
            "/api/v1/hundesteuer/anmeldungen",
            json=REGISTRATION | {"chipnummer": None, "ermaessigung": None, "jahressteuer": "85.8"},
        )
    ).json()
    assert created["jahressteuer"] == "85.80"
    fetched = await client.get(f"/api/v1/hundesteuer/anmeldungen/{created['aktenzeichen'].lower()}")
    assert fetched.status_code == 200
    assert fetched.json() == created


async def test_unknown_aktenzeichen_is_404_malformed_400(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/hundesteuer/anmeldungen/HST-2026-00099")).status_code == 404
    malformed = await client.get("/api/v1/hundesteuer/anmeldungen/HST-26-1")
    assert malformed.status_code == 400


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


async def test_deregistration_by_aktenzeichen(client: httpx.AsyncClient) -> None:
    created = (await client.post("/api/v1/hundesteuer/anmeldungen", json=REGISTRATION)).json()
    response = await client.post(
        "/api/v1/hundesteuer/abmeldungen",
        json={
            "aktenzeichen": created["aktenzeichen"],
            "grund": "verstorben",
            "datum": "2026-11-20",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["vorgangsnummer"] == "HSA-2026-00001"
    assert body["status"] == "eingegangen"
    assert isinstance(body["id"], int)


async def test_deregistration_by_address_numbers_sequentially(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS)
    assert first.status_code == 201
    second = await client.post("/api/v1/hundesteuer/abmeldungen", json=DEREGISTRATION_BY_ADDRESS)
    assert [first.json()["vorgangsnummer"], second.json()["vorgangsnummer"]] == [
        "HSA-2026-00001",
        "HSA-2026-00002",
    ]


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
