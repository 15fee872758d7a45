"""The shared backend client: retries for reads only, one error hierarchy."""

from __future__ import annotations

import time

import httpx
import pytest

from nrwbot.service_client import (
    CALL_DEADLINE_SECONDS,
    InvalidRequest,
    NotFound,
    RateLimited,
    ServiceClient,
    ServiceError,
    ServiceUnavailable,
)
from nrwbot.testing import hung_server


def client(handler, calls: list[str]) -> ServiceClient:
    def record(request: httpx.Request) -> httpx.Response:
        calls.append(request.method)
        return handler(request)

    return ServiceClient("http://backend/api", transport=httpx.MockTransport(record))


async def test_reads_are_retried_once_writes_never() -> None:
    calls: list[str] = []
    failing = client(lambda r: httpx.Response(503), calls)
    with pytest.raises(ServiceUnavailable):
        await failing.get_json("/x")
    with pytest.raises(ServiceUnavailable):
        await failing.post_json("/x", {})
    assert calls == ["GET", "GET", "POST"]


async def test_a_read_that_recovers_returns_its_json() -> None:
    answers = iter([httpx.Response(502), httpx.Response(200, json={"ok": True})])
    assert await client(lambda r: next(answers), []).get_json("/x") == {"ok": True}


@pytest.mark.parametrize(
    ("response", "error"),
    [
        (httpx.Response(404, json={"error": "not_found"}), NotFound),
        (httpx.Response(429, headers={"Retry-After": "60"}), RateLimited),
        (httpx.Response(400, json={"error": "invalid"}), InvalidRequest),
        (httpx.Response(200, text="<html>"), ServiceUnavailable),
    ],
)
async def test_answers_map_to_typed_errors(response: httpx.Response, error: type) -> None:
    with pytest.raises(error) as caught:
        await client(lambda r: response, []).post_json("/x", {})
    assert isinstance(caught.value, ServiceError)
    if error is RateLimited:
        assert caught.value.retry_after == 60
    if error is InvalidRequest:
        assert caught.value.detail == {"error": "invalid"}


async def test_connection_errors_become_service_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(ServiceUnavailable, match="ConnectError"):
        await client(refuse, []).get_json("/x")


async def test_a_backend_that_never_answers_gives_up_within_the_call_deadline() -> None:
    async with hung_server() as (url, accepted):
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable):
            await ServiceClient(f"{url}/api").get_json("/x")
        took = time.monotonic() - started
    assert len(accepted) == 2  # the read was tried twice, the second time with what was left
    assert CALL_DEADLINE_SECONDS - 0.5 <= took <= CALL_DEADLINE_SECONDS + 0.5
