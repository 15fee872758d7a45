"""Ausweisanträge: status of an ID card or passport application, against number + birth date.

No oracle: an unknown number and a wrong birth date get the same 404 body after the same
database work. Failed checks are rate-limited per application number and per citizen key, and
more gently per client address (see `backend.origin` for how both are found).
"""

from __future__ import annotations

import hmac
import re

import sqlalchemy as sa
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from backend.context import backend_context, json_body
from backend.db import exclusive_transaction, lock_names
from backend.fields import parse
from backend.models import ausweisantraege
from backend.origin import citizen_key, client_address
from backend.ratelimit import ADDRESS_KEY, CITIZEN_KEY, NUMBER_KEY, RateLimitKey
from backend.schemas import AusweisStatusAnfrage
from backend.web import ApiError, json_response, validation_error

bp = Blueprint("ausweis", url_prefix="/api/v1/ausweisantraege")

_VORGANGSNUMMER = re.compile(r"([A-Z]{2})-?([0-9]{4})-?([0-9]{6})")
_SERIENNUMMER = re.compile(r"[0-9A-Z]{8,10}")
_NO_MATCH = "0000-00-00"
NOT_FOUND_MESSAGE = (
    "Zu dieser Nummer und diesem Geburtsdatum wurde kein Antrag gefunden. "
    "Bitte prüfen Sie beide Angaben."
)


def normalize_number(raw: str) -> str | None:
    """Canonical form of a serial number (L01X00T47) or Vorgangsnummer (PA-2026-001000).

    Case, spaces and (for serial numbers) dashes do not matter; None if it is neither.
    """
    compact = re.sub(r"\s+", "", raw.upper())
    vorgang = _VORGANGSNUMMER.fullmatch(compact)
    if vorgang:
        return "-".join(vorgang.groups())
    serial = compact.replace("-", "")
    return serial if _SERIENNUMMER.fullmatch(serial) else None


@bp.post("/status")
async def application_status(request: Request) -> HTTPResponse:
    """Status, document type, pick-up office and application date, if number and date match."""
    context = backend_context(request)
    query = parse(AusweisStatusAnfrage, json_body(request), context.today())
    number = normalize_number(query.nummer)
    if number is None:
        raise validation_error(
            [
                {
                    "field": "nummer",
                    "message": "must be a 9-character document number (e.g. L01X00T47) "
                    "or a Vorgangsnummer (e.g. PA-2026-001000)",
                }
            ]
        )
    citizen = citizen_key(request)
    address = client_address(request, context.settings.trusted_proxies)
    now = context.now()
    # Count, compare and record under the keys' locks: a simultaneous guess waits until this
    # one is counted, so no burst gets more attempts than the limit allows.
    async with exclusive_transaction(context.db) as connection:
        row = (
            await connection.execute(
                sa.select(ausweisantraege).where(
                    sa.or_(
                        ausweisantraege.c.antragsnummer == number,
                        ausweisantraege.c.vorgangsnummer == number,
                    )
                )
            )
        ).first()
        keys = [
            RateLimitKey(ADDRESS_KEY, address),
            RateLimitKey(NUMBER_KEY, row.antragsnummer if row is not None else number),
        ]
        if citizen is not None:
            keys.append(RateLimitKey(CITIZEN_KEY, citizen))
        await lock_names(connection, (key.digest() for key in keys))
        wait = await context.limiter.retry_after(connection, keys, now)
        if wait is not None:
            raise ApiError(
                429,
                "rate_limited",
                "Zu viele erfolglose Abfragen. Bitte versuchen Sie es später erneut.",
                headers={"Retry-After": str(wait)},
                extra={"retry_after": wait},
            )
        stored = row.geburtsdatum.isoformat() if row is not None else _NO_MATCH
        # compare_digest runs in the same time whether or not a row was found.
        if not hmac.compare_digest(stored.encode(), query.geburtsdatum.isoformat().encode()):
            await context.limiter.record_failure(connection, keys, now)
            failed = True
        else:
            failed = False
    if failed or row is None:
        raise ApiError(404, "not_found", NOT_FOUND_MESSAGE)
    return json_response(
        {
            "status": row.status,
            "dokumentart": row.dokumentart,
            "abholort": row.abholort,
            "beantragt_am": row.beantragt_am.isoformat(),
        }
    )
