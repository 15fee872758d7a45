"""What every request handler needs: engine, settings, clock, synonym table and limiter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sanic import Request
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.fields import Problem
from backend.ratelimit import ADDRESS_KEY, CITIZEN_KEY, NUMBER_KEY, FailureLimiter
from backend.search import SynonymTable
from backend.settings import BackendSettings
from backend.web import ApiError, read_json_object, validation_error


def utc_now() -> datetime:
    """The real clock (timezone-aware UTC)."""
    return datetime.now(timezone.utc)


@dataclass
class BackendContext:
    """Per-app state; `engine` is set when the server starts (inside its event loop)."""

    database_url: str
    settings: BackendSettings
    synonyms: SynonymTable
    clock: Callable[[], datetime] = utc_now
    engine: AsyncEngine | None = None
    limiter: FailureLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.limiter = FailureLimiter(
            {
                NUMBER_KEY: self.settings.ratelimit_max_failures,
                CITIZEN_KEY: self.settings.ratelimit_max_failures,
                ADDRESS_KEY: self.settings.ratelimit_max_failures_per_address,
            },
            timedelta(seconds=self.settings.ratelimit_window_seconds),
        )

    @property
    def db(self) -> AsyncEngine:
        """The engine; only valid once the server has started."""
        if self.engine is None:
            raise RuntimeError("The backend's database engine is not started yet.")
        return self.engine

    def now(self) -> datetime:
        """Naive UTC now, as stored in the database."""
        return self.clock().astimezone(timezone.utc).replace(tzinfo=None)

    def today(self) -> date:
        """Today's date in the municipality's time zone."""
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()


def backend_context(request: Request) -> BackendContext:
    """The context of the app serving this request."""
    context: BackendContext = request.app.ctx.backend
    return context


def json_body(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, within the configured size."""
    limit = backend_context(request).settings.max_body_bytes
    if len(request.body or b"") > limit:
        raise ApiError(413, "payload_too_large", f"Der Request-Body ist größer als {limit} Bytes.")
    return read_json_object(request)


def query_params(request: Request) -> dict[str, str]:
    """Query parameters as single values; a repeated parameter is an error."""
    repeated = [name for name, values in request.args.items() if len(values) > 1]
    if repeated:
        raise validation_error(
            [{"field": name, "message": "must be given only once"} for name in sorted(repeated)]
        )
    return {name: values[0] for name, values in request.args.items()}


def path_code(code_type: type[str], value: str, field_name: str) -> str:
    """Validate and normalise an identifier taken from the URL path.

    Raises:
        ApiError: 400 naming the field if the value has the wrong form.
    """
    try:
        return code_type.validate(value)  # type: ignore[attr-defined,no-any-return]
    except (TypeError, ValueError) as exc:
        problem: Problem = {"field": field_name, "message": str(exc)}
        raise validation_error([problem]) from None


def stamp(moment: datetime) -> str:
    """A stored naive-UTC timestamp as ISO 8601 with Z."""
    return moment.replace(microsecond=0).isoformat() + "Z"
