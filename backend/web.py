"""HTTP helpers shared by the resources: JSON responses, body parsing and the error format.

Every error leaves the backend as `{"error": code, "message": sentence, "details": [...]}`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sanic import Request
from sanic.exceptions import SanicException
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


class ApiError(Exception):
    """An error answered to the client with a 4xx (or 503) status and the standard body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        """The JSON body of this error."""
        payload: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.details:
            payload["details"] = self.details
        payload.update(self.extra)
        return payload


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> HTTPResponse:
    """A compact UTF-8 JSON response (umlauts stay readable)."""
    try:
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (e.g. in an unknown field name echoed in an error) has no UTF-8
        # form; as a JSON escape it is still valid JSON.
        payload = json.dumps(body, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return HTTPResponse(payload, status=status, headers=headers, content_type=JSON_CONTENT_TYPE)


def validation_error(details: list[dict[str, str]]) -> ApiError:
    """The 400 answer for field errors."""
    return ApiError(
        400, "validation_error", "Die Eingabe ist ungültig; siehe details.", details=details
    )


def read_json_object(request: Request) -> dict[str, Any]:
    """Parse the request body as one JSON object.

    Raises:
        ApiError: 400 for an empty, malformed or non-object body.
    """
    raw = request.body or b""
    if not raw.strip():
        raise ApiError(
            400, "invalid_json", "Der Request-Body fehlt; erwartet wird ein JSON-Objekt."
        )
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ApiError(
            400, "invalid_json", "Der Request-Body ist kein gültiges JSON (UTF-8)."
        ) from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_body", "Der Request-Body muss ein JSON-Objekt sein.")
    return data


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_SANIC_ERRORS = {
    400: ("bad_request", "Die Anfrage ist fehlerhaft."),
    401: ("unauthorized", "Authentifizierung erforderlich."),
    404: ("not_found", "Diese Adresse gibt es nicht."),
    405: ("method_not_allowed", "Diese Methode ist für diese Adresse nicht erlaubt."),
    408: ("request_timeout", "Die Anfrage hat zu lange gedauert."),
    413: ("payload_too_large", "Der Request-Body ist zu groß."),
}


class JsonErrorHandler(ErrorHandler):
    """Answers every exception in the standard error format; never leaks a traceback."""

    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        """Map an exception to a JSON error response."""
        if isinstance(exception, ApiError):
            return json_response(exception.body(), exception.status, exception.headers)
        status = (
            getattr(exception, "status_code", 500) if isinstance(exception, SanicException) else 500
        )
        if status in _SANIC_ERRORS:
            code, message = _SANIC_ERRORS[status]
            headers = getattr(exception, "headers", None) or {}
            return json_response({"error": code, "message": message}, status, dict(headers))
        logger.error("Unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return json_response(
            {
                "error": "internal_error",
                "message": "Interner Fehler; bitte später erneut versuchen.",
            },
            500,
        )
