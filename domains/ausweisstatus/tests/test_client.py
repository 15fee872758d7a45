"""AusweisClient against a mock transport: one test per answer the backend contract allows."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import httpx
import pytest

from domains.ausweisstatus.client import AusweisClient, AusweisStatus, DocumentStatus
from nrwbot.service_client import InvalidRequest, NotFound, RateLimited, ServiceUnavailable

BASE_URL = "http://backend.test/api/v1"
Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler) -> AusweisClient:
    return AusweisClient(BASE_URL, transport=httpx.MockTransport(handler))


async def check(handler: Handler) -> AusweisStatus:
    return await client_for(handler).check_status(
        "L01X00T47", date(1949, 10, 22), "conversation-4711"
    )


async def test_ready_document_is_returned_typed_and_request_follows_the_contract() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json={
                "status": "abholbereit",
                "dokumentart": "Personalausweis",
                "abholort": "Bürgerbüro Soest, Am Vreithof 8",
                "beantragt_am": "2026-09-16",
            },
        )

    result = await check(handler)

    assert result == AusweisStatus(
        status=DocumentStatus.ABHOLBEREIT,
        dokumentart="Personalausweis",
        abholort="Bürgerbüro Soest, Am Vreithof 8",
        beantragt_am=date(2026, 9, 16),
    )
    (request,) = seen
    assert request.method == "POST"
    assert str(request.url) == f"{BASE_URL}/ausweisantraege/status"
    assert request.headers["X-Conversation-Id"] == "conversation-4711"
    assert json.loads(request.content) == {"nummer": "L01X00T47", "geburtsdatum": "1949-10-22"}


@pytest.mark.parametrize("status", list(DocumentStatus))
async def test_every_contract_status_is_understood(status: DocumentStatus) -> None:
    result = await check(lambda request: httpx.Response(200, json={"status": status.value}))
    assert result.status is status
    assert result.abholort is None and result.beantragt_am is None


async def test_unknown_number_or_wrong_birth_date_raises_not_found() -> None:
    with pytest.raises(NotFound):
        await check(lambda request: httpx.Response(404, json={"error": "not_found"}))


async def test_too_many_attempts_raise_rate_limited_with_retry_after() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429, json={"error": "rate_limited", "retry_after": 600}, headers={"Retry-After": "600"}
        )

    with pytest.raises(RateLimited) as caught:
        await check(handler)
    assert caught.value.retry_after == 600


async def test_bad_input_raises_invalid_request() -> None:
    with pytest.raises(InvalidRequest):
        await check(lambda request: httpx.Response(400, json={"error": "invalid"}))


async def test_server_error_raises_service_unavailable() -> None:
    with pytest.raises(ServiceUnavailable, match="500"):
        await check(lambda request: httpx.Response(500, text="Internal Server Error"))


async def test_timeout_raises_service_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("backend too slow", request=request)

    with pytest.raises(ServiceUnavailable, match="ReadTimeout"):
        await check(handler)


async def test_refused_connection_raises_service_unavailable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(ServiceUnavailable):
        await check(handler)


@pytest.mark.parametrize(
    "body",
    [
        {"status": "verloren"},  # a status outside the contract
        {"dokumentart": "Reisepass"},  # no status at all
        {"status": "abholbereit", "beantragt_am": "16.09.2026"},  # not ISO
        ["abholbereit"],
    ],
)
async def test_answers_off_contract_raise_service_unavailable(body: object) -> None:
    with pytest.raises(ServiceUnavailable):
        await check(lambda request: httpx.Response(200, json=body))


async def test_non_json_answer_raises_service_unavailable() -> None:
    with pytest.raises(ServiceUnavailable):
        await check(lambda request: httpx.Response(200, text="<html>Wartung</html>"))
