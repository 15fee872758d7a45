"""Fundsachen: one item, reporting a find, claims and search requests."""

from __future__ import annotations

import asyncio

import httpx
import pytest

NEW_FIND = {
    "kategorie": "Mobiltelefon",
    "beschreibung": "Smartphone mit grüner Hülle",
    "farbe": "grün",
    "fundort": "Marktplatz",
    "funddatum": "2026-11-23",
}
CLAIM = {
    "name": "Erika Muster",
    "kontakt": "erika@example.org",
    "beschreibung": "Hülle mit Aufkleber",
}
SEARCH_REQUEST = {
    "beschreibung": "blaue Geldbörse mit Bahncard",
    "kategorie": "Geldbörse",
    "farbe": "blau",
    "verlustort": "Bahnhof Soest",
    "verlustdatum": "2026-11-20",
    "name": "Max Muster",
    "kontakt": "0151 2345678",
}


async def test_get_item_returns_the_fixture_record(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/fundsachen/F-2026-00002")
    assert response.status_code == 200
    assert response.json() == {
        "fundnummer": "F-2026-00002",
        "kategorie": "Geldbörse",
        "beschreibung": "rote Geldbörse mit Reißverschluss",
        "farbe": "rot",
        "fundort": "Bus Linie 550",
        "funddatum": "2026-08-05",
        "status": "eingelagert",
    }


async def test_get_item_accepts_lower_case_and_lists_collected_items(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/fundsachen/f-2026-00004")
    assert response.status_code == 200
    assert response.json()["status"] == "abgeholt"


async def test_unknown_item_is_404_and_malformed_number_400(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/fundsachen/F-2026-09999")
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    malformed = await client.get("/api/v1/fundsachen/12345")
    assert malformed.status_code == 400
    assert malformed.json()["details"][0]["field"] == "fundnummer"


async def test_report_continues_the_fixture_numbering(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/v1/fundsachen", json=NEW_FIND | {"finder_name": "Jo Finder"})
    assert first.status_code == 201
    assert first.json() == NEW_FIND | {"fundnummer": "F-2026-00061", "status": "eingelagert"}
    second = await client.post("/api/v1/fundsachen", json=NEW_FIND | {"farbe": None})
    assert second.json()["fundnummer"] == "F-2026-00062"
    assert second.json()["farbe"] is None
    stored = await client.get("/api/v1/fundsachen/F-2026-00061")
    assert stored.json()["beschreibung"] == NEW_FIND["beschreibung"]
    assert "finder_name" not in stored.json()


async def test_concurrent_reports_get_distinct_sequential_numbers(
    client: httpx.AsyncClient,
) -> None:
    responses = await asyncio.gather(
        *(client.post("/api/v1/fundsachen", json=NEW_FIND) for _ in range(6))
    )
    assert [r.status_code for r in responses] == [201] * 6
    assert sorted(r.json()["fundnummer"] for r in responses) == [
        f"F-2026-{n:05d}" for n in range(61, 67)
    ]


async def test_reported_item_is_found_by_search(client: httpx.AsyncClient) -> None:
    await client.post("/api/v1/fundsachen", json=NEW_FIND)
    result = (await client.get("/api/v1/fundsachen", params={"q": "Handy grün"})).json()
    assert result["items"][0]["fundnummer"] == "F-2026-00061"


async def test_number_year_follows_the_date_of_find(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/fundsachen", json=NEW_FIND | {"funddatum": "2025-12-30"})
    assert response.status_code == 201
    assert response.json()["fundnummer"] == "F-2025-00001"


INVALID_REPORTS = [
    ({"funddatum": "2026-11-25"}, "funddatum"),  # tomorrow
    ({"funddatum": "2026-02-30"}, "funddatum"),
    ({"funddatum": "2020-01-01"}, "funddatum"),  # too old
    ({"kategorie": ""}, "kategorie"),
    ({"beschreibung": "x" * 501}, "beschreibung"),
    ({"finder_name": "n" * 101}, "finder_name"),
    ({"farbe": 7}, "farbe"),
    ({"status": "abgeholt"}, "status"),
]


async def test_invalid_report_is_rejected_without_using_a_number(
    client: httpx.AsyncClient, row_counts
) -> None:
    before = await row_counts()
    for change, field in INVALID_REPORTS:
        response = await client.post("/api/v1/fundsachen", json=NEW_FIND | change)
        assert response.status_code == 400, change
        assert field in {detail["field"] for detail in response.json()["details"]}, change
    assert await row_counts() == before
    ok = await client.post("/api/v1/fundsachen", json=NEW_FIND)
    assert ok.json()["fundnummer"] == "F-2026-00061"


async def test_claim_for_item_in_storage(client: httpx.AsyncClient, row_counts) -> None:
    before = (await row_counts())["fund_ansprueche"]
    response = await client.post("/api/v1/fundsachen/F-2026-00016/ansprueche", json=CLAIM)
    assert response.status_code == 201
    body = response.json()
    assert body["fundnummer"] == "F-2026-00016"
    assert body["status"] == "eingegangen"
    assert isinstance(body["id"], int)
    assert (await row_counts())["fund_ansprueche"] == before + 1


async def test_claim_for_unknown_item_is_404(client: httpx.AsyncClient, row_counts) -> None:
    response = await client.post("/api/v1/fundsachen/F-2026-00999/ansprueche", json=CLAIM)
    assert response.status_code == 404
    assert (await row_counts())["fund_ansprueche"] == 0


@pytest.mark.parametrize("number", ["F-2026-00004", "F-2026-00017"])  # abgeholt, verwertet
async def test_claim_for_item_no_longer_in_storage_is_409(
    client: httpx.AsyncClient, row_counts, number: str
) -> None:
    response = await client.post(f"/api/v1/fundsachen/{number}/ansprueche", json=CLAIM)
    assert response.status_code == 409
    assert response.json()["error"] == "not_in_storage"
    assert (await row_counts())["fund_ansprueche"] == 0


async def test_claim_with_missing_field_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/fundsachen/F-2026-00016/ansprueche", json={"name": "Erika", "kontakt": "e@x.de"}
    )
    assert response.status_code == 400
    assert response.json()["details"] == [{"field": "beschreibung", "message": "field required"}]


async def test_search_request_is_stored(client: httpx.AsyncClient, row_counts) -> None:
    response = await client.post("/api/v1/suchauftraege", json=SEARCH_REQUEST)
    assert response.status_code == 201
    assert response.json()["status"] == "eingegangen"
    assert isinstance(response.json()["id"], int)
    minimal = await client.post(
        "/api/v1/suchauftraege",
        json={"beschreibung": "Schlüssel", "name": "Max", "kontakt": "max@example.org"},
    )
    assert minimal.status_code == 201
    assert (await row_counts())["suchauftraege"] == 2


async def test_invalid_search_request_is_rejected(client: httpx.AsyncClient, row_counts) -> None:
    for change, field in [
        ({"verlustdatum": "2026-12-01"}, "verlustdatum"),
        ({"verlustdatum": "2026-11-2"}, "verlustdatum"),
        ({"kontakt": "x"}, "kontakt"),
        ({"name": None}, "name"),
        ({"belohnung": "50 Euro"}, "belohnung"),
    ]:
        response = await client.post("/api/v1/suchauftraege", json=SEARCH_REQUEST | change)
        assert response.status_code == 400, change
        assert field in {detail["field"] for detail in response.json()["details"]}, change
    assert (await row_counts())["suchauftraege"] == 0
