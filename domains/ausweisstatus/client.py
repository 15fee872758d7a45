"""Client for the municipality's ID-document application backend (status lookup).

Contract: `POST {backend_url}/ausweisantraege/status` with `{"nummer", "geburtsdatum"}` and the
header `X-Conversation-Id`. 200 gives the status; 404 means "unknown number or wrong birth date"
(deliberately indistinguishable); 429 means too many failed lookups; 400 means bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, TypedDict

from nrwbot.service_client import ServiceClient, ServiceUnavailable

STATUS_PATH = "/ausweisantraege/status"
CONVERSATION_HEADER = "X-Conversation-Id"


class DocumentStatus(str, Enum):
    """Where an application stands, as the backend names it."""

    BEANTRAGT = "beantragt"  # application taken, not yet at the Bundesdruckerei
    IN_PRODUKTION = "in_produktion"  # being produced by the Bundesdruckerei
    ABHOLBEREIT = "abholbereit"  # physically at the office, ready for pick-up
    ABGEHOLT = "abgeholt"  # handed over


class StatusRequest(TypedDict):
    """Wire payload of a status lookup."""

    nummer: str
    geburtsdatum: str


@dataclass(frozen=True)
class AusweisStatus:
    """The answer to one status lookup.

    Attributes:
        status: where the application stands.
        dokumentart: document kind as the backend names it, e.g. "Personalausweis".
        abholort: where the document is picked up, if the backend says so.
        beantragt_am: application date, if the backend says so.
    """

    status: DocumentStatus
    dokumentart: str | None = None
    abholort: str | None = None
    beantragt_am: date | None = None


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return (value.strip() or None) if isinstance(value, str) else None


def _optional_date(data: dict[str, Any], key: str) -> date | None:
    value = data.get(key)
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def parse_status(data: Any) -> AusweisStatus:
    """Turns the backend's 200 body into an `AusweisStatus`.

    Raises:
        ServiceUnavailable: the body does not follow the contract (treated like an outage, since
            the citizen can do nothing about it).
    """
    if not isinstance(data, dict):
        raise ServiceUnavailable(f"status answer is not a JSON object but {type(data).__name__}")
    try:
        return AusweisStatus(
            status=DocumentStatus(data.get("status")),
            dokumentart=_optional_text(data, "dokumentart"),
            abholort=_optional_text(data, "abholort"),
            beantragt_am=_optional_date(data, "beantragt_am"),
        )
    except ValueError as exc:
        raise ServiceUnavailable(f"status answer breaks the contract: {exc}") from exc


class AusweisClient(ServiceClient):
    """Looks up the processing status of ID card and passport applications."""

    async def check_status(
        self, nummer: str, geburtsdatum: date, conversation_id: str
    ) -> AusweisStatus:
        """Asks the backend where the application with this number stands.

        Args:
            nummer: normalised serial number ("L01X00T47") or process number ("PA-2026-001000").
            geburtsdatum: the applicant's date of birth, the second factor of the lookup.
            conversation_id: sent along so the backend can rate-limit per conversation.

        Raises:
            NotFound: unknown number or a birth date that does not match (the same for both).
            RateLimited: too many failed lookups.
            InvalidRequest: the backend refused the input.
            ServiceUnavailable: backend down, slow, failing, or answering off-contract.
        """
        payload: StatusRequest = {"nummer": nummer, "geburtsdatum": geburtsdatum.isoformat()}
        try:
            data = await self.post_json(
                STATUS_PATH, dict(payload), headers={CONVERSATION_HEADER: conversation_id}
            )
        except ValueError as exc:  # a 2xx body that is not JSON
            raise ServiceUnavailable(f"status answer is not JSON: {exc}") from exc
        return parse_status(data)
