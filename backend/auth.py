"""The optional bearer token: with `BACKEND_API_TOKEN` set, every path but the public ones needs it.

Deny by default: a route added later is protected without anyone remembering to; only the
liveness check and the API description stay open.
"""

from __future__ import annotations

import hashlib
import hmac

from sanic import Request, Sanic

from backend.web import ApiError

PUBLIC_PATHS = frozenset({"/health", "/openapi.json", "/docs"})


def _digest(value: str) -> bytes:
    # Comparing fixed-length digests keeps even the token's length out of the timing.
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


def token_matches(authorization: str, expected_digest: bytes) -> bool:
    """Whether an Authorization header carries the token, compared in constant time."""
    scheme, _, token = authorization.strip().partition(" ")
    # Decide on the scheme only after comparing, so both branches cost the same.
    same = hmac.compare_digest(_digest(token.strip()), expected_digest)
    return same and scheme.lower() == "bearer"


def require_token(app: Sanic, token: str) -> None:
    """Refuse every request outside `PUBLIC_PATHS` that lacks `Authorization: Bearer <token>`."""
    expected = _digest(token)

    @app.on_request
    async def check_token(request: Request) -> None:
        if request.path in PUBLIC_PATHS:
            return
        if not token_matches(request.headers.get("Authorization", ""), expected):
            raise ApiError(
                401,
                "unauthorized",
                "Ein gültiger API-Token (Authorization: Bearer …) ist erforderlich.",
                headers={"WWW-Authenticate": "Bearer"},
            )
