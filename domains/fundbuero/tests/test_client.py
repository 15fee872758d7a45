"""FundsachenClient against an httpx.MockTransport: requests sent, typed results, errors."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from domains.fundbuero.client import (
    Fundmeldung,
    FundsachenClient,
    FundStatus,
    Suchanfrage,
    Suchauftrag,
)
from nrwbot.service_client import InvalidRequest, ServiceUnavailable

BASE = "http://backend.test/api/v1"
ITEM = {
    "fundnummer": "F-2026-00007",
    "kategorie": "Rucksack",
    "beschreibung": "schwarzer Rucksack Marke Deuter mit Turnbeutel",
    "farbe": "schwarz",
    "fundort": "Marktplatz",
    "funddatum": "2026-11-02",
    "status": "eingelagert",
    "score": 0.91,
}


def client_with(handler) -> tuple[FundsachenClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return FundsachenClient(BASE, transport=httpx.MockTransport(record)), seen


async def test_search_sends_only_given_criteria_and_returns_typed_items() -> None:
    client, seen = client_with(lambda r: httpx.Response(200, json={"items": [ITEM], "total": 4}))
    anfrage = Suchanfrage(
        q="Rucksack", kategorie="Rucksack", farbe="schwarz", von=date(2026, 11, 1), limit=5
    )

    ergebnis = await client.suchen(anfrage)

    assert seen[0].url.path == "/api/v1/fundsachen"
    assert dict(seen[0].url.params) == {
        "q": "Rucksack",
        "kategorie": "Rucksack",
        "farbe": "schwarz",
        "von": "2026-11-01",
        "limit": "5",
    }
    assert ergebnis.total == 4
    [item] = ergebnis.items
    assert item.fundnummer == "F-2026-00007"
    assert item.funddatum == date(2026, 11, 2)
    assert item.status is FundStatus.EINGELAGERT
    assert item.score == pytest.approx(0.91)


async def test_finder_data_from_the_backend_never_reaches_the_result() -> None:
    leaky = {**ITEM, "finder_name": "Erika Musterfrau", "finder_kontakt": "0171 000000"}
    client, _ = client_with(lambda r: httpx.Response(200, json={"items": [leaky], "total": 1}))

    [item] = (await client.suchen(Suchanfrage(q="Rucksack"))).items

    assert "Musterfrau" not in repr(item)
    assert not hasattr(item, "finder_name")


async def test_unknown_status_is_tolerated() -> None:
    unknown = {**ITEM, "status": "in_pruefung"}
    client, _ = client_with(lambda r: httpx.Response(200, json={"items": [unknown], "total": 1}))

    [item] = (await client.suchen(Suchanfrage(q="Rucksack"))).items

    assert item.status is FundStatus.SONSTIGER


async def test_reporting_a_find_posts_only_given_fields() -> None:
    created = {**ITEM, "fundnummer": "F-2026-00061"}
    client, seen = client_with(lambda r: httpx.Response(201, json=created))
    meldung = Fundmeldung(
        kategorie="Schlüssel",
        beschreibung="Schlüssel",
        fundort="Bahnhof",
        funddatum=date(2026, 11, 12),
    )

    fund = await client.fund_melden(meldung)

    assert seen[0].method == "POST"
    assert json.loads(seen[0].content) == {
        "kategorie": "Schlüssel",
        "beschreibung": "Schlüssel",
        "fundort": "Bahnhof",
        "funddatum": "2026-11-12",
    }
    assert fund.fundnummer == "F-2026-00061"


async def test_search_request_returns_receipt_with_string_id() -> None:
    client, seen = client_with(lambda r: httpx.Response(201, json={"id": 42, "status": "offen"}))
    auftrag = Suchauftrag(beschreibung="Rucksack (schwarz)", name="Anna Becker", kontakt="0171 1")

    receipt = await client.suchauftrag_anlegen(auftrag)

    assert seen[0].url.path == "/api/v1/suchauftraege"
    assert json.loads(seen[0].content)["name"] == "Anna Becker"
    assert (receipt.id, receipt.status) == ("42", "offen")


async def test_refused_input_is_invalid_request_with_detail() -> None:
    body = {"error": "validation", "message": "kategorie unbekannt", "details": {}}
    client, _ = client_with(lambda r: httpx.Response(400, json=body))

    with pytest.raises(InvalidRequest) as caught:
        await client.suchauftrag_anlegen(Suchauftrag(beschreibung="x", name="A B", kontakt="1"))

    assert caught.value.detail["message"] == "kategorie unbekannt"


async def test_server_error_is_retried_once_then_unavailable() -> None:
    client, seen = client_with(lambda r: httpx.Response(503))

    with pytest.raises(ServiceUnavailable):
        await client.suchen(Suchanfrage(q="Handy"))

    assert len(seen) == 2


async def test_writes_are_not_retried() -> None:
    client, seen = client_with(lambda r: httpx.Response(500))

    with pytest.raises(ServiceUnavailable):
        await client.suchauftrag_anlegen(Suchauftrag(beschreibung="x", name="A B", kontakt="1"))

    assert len(seen) == 1


async def test_connection_failure_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client, _ = client_with(refuse)

    with pytest.raises(ServiceUnavailable):
        await client.suchen(Suchanfrage(q="Handy"))


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>proxy error</html>"),
        httpx.Response(200, json={"total": 1}),
        httpx.Response(200, json={"items": [{**ITEM, "funddatum": "gestern"}], "total": 1}),
    ],
)
async def test_malformed_responses_are_a_backend_failure(response: httpx.Response) -> None:
    client, _ = client_with(lambda r: response)

    with pytest.raises(ServiceUnavailable):
        await client.suchen(Suchanfrage(q="Handy"))
