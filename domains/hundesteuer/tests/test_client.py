"""HundesteuerClient against a mocked backend: exact requests, typed replies, typed errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from domains.hundesteuer.client import (
    Abmeldegrund,
    Abmeldestatus,
    Ermaessigung,
    HundesteuerClient,
    NeueAbmeldung,
    NeueAnmeldung,
    Steuerfall,
    Tarife,
)
from nrwbot.service_client import InvalidRequest, NotFound, RateLimited, ServiceUnavailable

BASE = "http://backend.test/api/v1"
ANMELDUNG = NeueAnmeldung(
    halter_name="Sabine Berghoff",
    strasse="Nöttenstraße 14",
    plz="59494",
    ort="Soest",
    hund_name="Bruno",
    rasse="Beagle",
    aufnahmedatum=date(2026, 3, 13),
    chipnummer="276098100123456",
    ermaessigung=Ermaessigung.KEINE,
    steuerfall=Steuerfall(gemeinde="soest", gefaehrlich=False, anzahl_hunde_bisher=1),
)
PAYLOAD = {
    "gemeinde": "soest",
    "halter_name": "Sabine Berghoff",
    "strasse": "Nöttenstraße 14",
    "plz": "59494",
    "ort": "Soest",
    "hund_name": "Bruno",
    "rasse": "Beagle",
    "aufnahmedatum": "2026-03-13",
    "chipnummer": "276098100123456",
    "gefaehrlich": False,
    "anzahl_hunde_bisher": 1,
    "anzahl_gefaehrlich_bisher": None,
    "ermaessigung": "keine",
}
STORED = {
    **PAYLOAD,
    "aktenzeichen": "HST-2026-00001",
    "jahressteuer": "102.00",
    "eingegangen_am": "2026-03-15T10:00:00Z",
}
TARIFE = {
    "gemeinde": "soest",
    "waehrung": "EUR",
    "normal": ["85.80", "102.00", "118.80"],
    "gefaehrlich": ["444.00", "600.00"],
    "tarif_hinweis": "Stand: Presseangaben von 2023.",
}


def client_for(handler: Callable[[httpx.Request], httpx.Response]) -> HundesteuerClient:
    return HundesteuerClient(BASE, transport=httpx.MockTransport(handler))


class Recorder:
    """Answers with one response and keeps the requests it saw."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        self.status, self.body, self.headers = status, body, headers or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, json=self.body, headers=self.headers)

    @property
    def sent(self) -> Any:
        return json.loads(self.requests[-1].content)


async def test_anmelden_posts_the_contract_payload_and_returns_the_aktenzeichen() -> None:
    backend = Recorder(201, STORED)
    stored = await client_for(backend).anmelden(ANMELDUNG)
    request = backend.requests[0]
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/hundesteuer/anmeldungen")
    assert backend.sent == PAYLOAD  # no amount: the backend computes it
    assert stored.aktenzeichen == "HST-2026-00001"
    assert stored.jahressteuer == Decimal("102.00")
    assert stored.daten == ANMELDUNG


async def test_tarife_asks_for_the_municipality_and_returns_decimals() -> None:
    backend = Recorder(200, TARIFE)
    tarife = await client_for(backend).tarife("soest")
    request = backend.requests[0]
    assert (request.method, str(request.url)) == (
        "GET",
        f"{BASE}/hundesteuer/tarife?gemeinde=soest",
    )
    assert tarife == Tarife(
        gemeinde="soest",
        normal=(Decimal("85.80"), Decimal("102.00"), Decimal("118.80")),
        gefaehrlich=(Decimal("444.00"), Decimal("600.00")),
        tarif_hinweis="Stand: Presseangaben von 2023.",
    )


async def test_jahressteuer_posts_the_case_and_returns_the_backend_s_amount() -> None:
    backend = Recorder(
        200,
        {
            "gemeinde": "lippstadt",
            "waehrung": "EUR",
            "jahressteuer": "900.00",
            "tarif_hinweis": "Quelle: Stadt Lippstadt.",
        },
    )
    fall = Steuerfall(
        "lippstadt", gefaehrlich=True, anzahl_hunde_bisher=2, anzahl_gefaehrlich_bisher=1
    )
    steuer = await client_for(backend).jahressteuer(fall)
    assert str(backend.requests[0].url) == f"{BASE}/hundesteuer/berechnung"
    assert backend.sent == {
        "gemeinde": "lippstadt",
        "gefaehrlich": True,
        "anzahl_hunde_bisher": 2,
        "anzahl_gefaehrlich_bisher": 1,
    }
    assert (steuer.betrag, steuer.tarif_hinweis) == (Decimal("900.00"), "Quelle: Stadt Lippstadt.")


async def test_an_unknown_municipality_is_not_found() -> None:
    with pytest.raises(NotFound):
        await client_for(Recorder(404, {"error": "not_found"})).tarife("werl")
    with pytest.raises(NotFound):
        await client_for(Recorder(404, {"error": "not_found"})).jahressteuer(
            Steuerfall("werl", gefaehrlich=False, anzahl_hunde_bisher=0)
        )


@pytest.mark.parametrize(
    "change",
    [
        {"normal": [85.8]},  # a JSON number: floats are inexact
        {"normal": []},
        {"gefaehrlich": ["viel"]},
        {"normal": ["-1.00"]},
        {"normal": ["NaN"]},
        {"tarif_hinweis": ""},
        {"tarif_hinweis": None},
    ],
)
async def test_a_tariff_reply_that_breaks_the_contract_is_a_backend_fault(
    change: dict[str, Any],
) -> None:
    with pytest.raises(ServiceUnavailable):
        await client_for(Recorder(200, TARIFE | change)).tarife("soest")


@pytest.mark.parametrize("amount", [102.0, "102,00", None, "Infinity"])
async def test_an_amount_that_is_no_decimal_string_is_a_backend_fault(amount: Any) -> None:
    fall = Steuerfall("soest", gefaehrlich=False, anzahl_hunde_bisher=1)
    reply = {"jahressteuer": amount, "tarif_hinweis": "x"}
    with pytest.raises(ServiceUnavailable):
        await client_for(Recorder(200, reply)).jahressteuer(fall)
    with pytest.raises(ServiceUnavailable):
        await client_for(Recorder(201, STORED | {"jahressteuer": amount})).anmelden(ANMELDUNG)


async def test_tariffs_are_retried_once_then_unavailable() -> None:
    backend = Recorder(503, {"error": "down"})
    with pytest.raises(ServiceUnavailable):
        await client_for(backend).tarife("soest")
    assert len(backend.requests) == 2  # a read is retried once


async def test_a_dog_without_chip_is_sent_with_null() -> None:
    backend = Recorder(201, {**STORED, "chipnummer": None})
    from dataclasses import replace

    stored = await client_for(backend).anmelden(replace(ANMELDUNG, chipnummer=None))
    assert backend.sent["chipnummer"] is None
    assert stored.daten.chipnummer is None


async def test_refused_data_is_an_invalid_request_with_details() -> None:
    error = {
        "error": "invalid_request",
        "message": "Ungültige Angaben",
        "details": [{"field": "plz", "message": "must be 5 digits"}],
    }
    with pytest.raises(InvalidRequest) as caught:
        await client_for(Recorder(422, error)).anmelden(ANMELDUNG)
    assert caught.value.detail == error


async def test_server_errors_and_timeouts_are_unavailable() -> None:
    with pytest.raises(ServiceUnavailable):
        await client_for(Recorder(503, {"error": "down"})).anmelden(ANMELDUNG)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(ServiceUnavailable):
        await client_for(refuse).anmelden(ANMELDUNG)


async def test_rate_limit_keeps_retry_after() -> None:
    with pytest.raises(RateLimited) as caught:
        await client_for(Recorder(429, {"error": "rate_limited"}, {"Retry-After": "30"})).anmelden(
            ANMELDUNG
        )
    assert caught.value.retry_after == 30


async def test_a_reply_without_aktenzeichen_is_a_backend_fault() -> None:
    with pytest.raises(ServiceUnavailable):
        await client_for(Recorder(201, PAYLOAD | {"jahressteuer": "102.00"})).anmelden(ANMELDUNG)


async def test_abmelden_by_aktenzeichen_sends_only_what_is_known() -> None:
    backend = Recorder(
        201, {"id": 7, "vorgangsnummer": "HSA-2026-4D9RZ2PW", "status": "eingegangen"}
    )
    receipt = await client_for(backend).abmelden(
        NeueAbmeldung(
            grund=Abmeldegrund.VERSTORBEN,
            datum=date(2026, 3, 13),
            aktenzeichen="HST-2026-7K3M9QTX",
            halter_name="Sabine Berghoff",
        )
    )
    assert str(backend.requests[0].url) == f"{BASE}/hundesteuer/abmeldungen"
    assert backend.sent == {
        "aktenzeichen": "HST-2026-7K3M9QTX",
        "halter_name": "Sabine Berghoff",
        "grund": "verstorben",
        "datum": "2026-03-13",
    }
    assert (receipt.id, receipt.vorgangsnummer, receipt.status) == (
        "7",
        "HSA-2026-4D9RZ2PW",
        Abmeldestatus.EINGEGANGEN,
    )


@pytest.mark.parametrize(
    "reply",
    [{"status": "zu_pruefen"}, {"status": "in_bearbeitung"}, {}],
    ids=["to-check", "unknown-status", "no-status"],
)
async def test_abmelden_anything_but_received_is_to_be_checked(reply: dict[str, Any]) -> None:
    # Telling a citizen "the office will check" is never wrong; "it is done" may be.
    backend = Recorder(201, {"id": 9, "vorgangsnummer": "HSA-2026-M2XH7RBE", **reply})
    receipt = await client_for(backend).abmelden(
        NeueAbmeldung(
            grund=Abmeldegrund.VERSTORBEN, datum=date(2026, 3, 13), aktenzeichen="HST-2026-7K3M9QTX"
        )
    )
    assert receipt.status is Abmeldestatus.ZU_PRUEFEN


async def test_abmelden_by_owner_data() -> None:
    backend = Recorder(201, {"id": 8, "vorgangsnummer": "HSA-2026-00002", "status": "eingegangen"})
    await client_for(backend).abmelden(
        NeueAbmeldung(
            grund=Abmeldegrund.VERZOGEN,
            datum=date(2026, 4, 1),
            halter_name="Jana Hoffmann",
            strasse="Grandweg 7",
            plz="59494",
            ort="Soest",
            hund_name="Luna",
        )
    )
    assert backend.sent == {
        "halter_name": "Jana Hoffmann",
        "strasse": "Grandweg 7",
        "plz": "59494",
        "ort": "Soest",
        "hund_name": "Luna",
        "grund": "verzogen",
        "datum": "2026-04-01",
    }


async def test_abmelden_with_unknown_aktenzeichen_is_not_found() -> None:
    with pytest.raises(NotFound):
        await client_for(Recorder(404, {"error": "not_found"})).abmelden(
            NeueAbmeldung(
                grund=Abmeldegrund.ENTLAUFEN, datum=date(2026, 3, 1), aktenzeichen="HST-2026-09999"
            )
        )


def test_a_deregistration_needs_aktenzeichen_or_owner_data() -> None:
    with pytest.raises(ValueError):
        NeueAbmeldung(grund=Abmeldegrund.ABGEGEBEN, datum=date(2026, 3, 1), halter_name="Jana")
