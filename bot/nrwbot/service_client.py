"""Base for the typed HTTP clients with which experts talk to a municipality's backend.

Each expert has one client per backend resource, subclassing `ServiceClient`. The base gives every
client the same behaviour: short timeouts, retries only for idempotent reads, and one error
hierarchy, so an action can catch `ServiceError` and turn any backend failure into a polite
answer. Tests inject an `httpx.MockTransport`; nothing here opens a connection at import time.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx

from nrwbot.backend_request import backend_headers

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = httpx.Timeout(3.0, connect=1.0)
READ_ATTEMPTS = 2
# All attempts of one call together: the citizen gets the polite outage answer within 5 s even
# when the backend accepts connections and never answers (a retry gets only the time left).
CALL_DEADLINE_SECONDS = 4.0
MIN_ATTEMPT_SECONDS = 0.5
RETRY_PAUSE_SECONDS = 0.2


class ServiceError(Exception):
    """Any failure talking to a backend; the base an action catches."""


class ServiceUnavailable(ServiceError):
    """The backend is down, slow or answered with a server error."""


class NotFound(ServiceError):
    """The backend has no such record (or must not say whether it has)."""


class RateLimited(ServiceError):
    """Too many failed attempts; `retry_after` is in seconds when the backend says so."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidRequest(ServiceError):
    """The backend refused the input (4xx); `detail` is its JSON error, if any."""

    def __init__(self, message: str, detail: Any = None) -> None:
        super().__init__(message)
        self.detail = detail


class ServiceClient:
    """Shared request logic; subclasses add typed methods for one resource."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        headers: dict[str, str] | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._transport = transport
        self._timeout = timeout
        self._headers = headers or {}

    def _client(self) -> httpx.AsyncClient:
        # Token and citizen are read per request: one client may serve several conversations.
        return httpx.AsyncClient(
            base_url=self._base_url,
            transport=self._transport,
            timeout=self._timeout,
            headers={**backend_headers(), **self._headers},
        )

    @staticmethod
    def _may_retry(attempt: int, attempts: int, deadline: float) -> bool:
        left = deadline - time.monotonic() - RETRY_PAUSE_SECONDS
        return attempt < attempts and left >= MIN_ATTEMPT_SECONDS

    def _attempt_timeout(self, left: float) -> httpx.Timeout:
        def capped(value: float | None) -> float:
            return left if value is None else min(value, left)

        timeout = self._timeout
        return httpx.Timeout(
            connect=capped(timeout.connect),
            read=capped(timeout.read),
            write=capped(timeout.write),
            pool=capped(timeout.pool),
        )

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        attempts = READ_ATTEMPTS if method == "GET" else 1
        deadline = time.monotonic() + CALL_DEADLINE_SECONDS
        for attempt in range(1, attempts + 1):
            timeout = self._attempt_timeout(deadline - time.monotonic())
            try:
                async with self._client() as client:
                    response = await client.request(method, path, timeout=timeout, **kwargs)
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                if self._may_retry(attempt, attempts, deadline):
                    await asyncio.sleep(RETRY_PAUSE_SECONDS)
                    continue
                raise ServiceUnavailable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
            if response.status_code >= 500 and self._may_retry(attempt, attempts, deadline):
                continue
            return self._checked(response)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _checked(response: httpx.Response) -> httpx.Response:
        status = response.status_code
        where = f"{response.request.method} {response.request.url.path}"
        if status < 400:
            return response
        try:
            detail = response.json()
        except ValueError:
            detail = response.text[:200]
        if status == 404:
            raise NotFound(f"{where}: not found")
        if status == 429:
            retry = response.headers.get("Retry-After")
            raise RateLimited(
                f"{where}: rate limited", int(retry) if retry and retry.isdigit() else None
            )
        if status >= 500:
            raise ServiceUnavailable(f"{where}: backend answered {status}")
        raise InvalidRequest(f"{where}: backend refused the request ({status})", detail)

    @staticmethod
    def _json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as exc:  # a 2xx answer that breaks the contract
            where = f"{response.request.method} {response.request.url.path}"
            raise ServiceUnavailable(f"{where}: answer is not JSON") from exc

    async def get_json(self, path: str, **kwargs: Any) -> Any:
        return self._json(await self._send("GET", path, **kwargs))

    async def post_json(self, path: str, payload: dict[str, Any], **kwargs: Any) -> Any:
        return self._json(await self._send("POST", path, json=payload, **kwargs))
