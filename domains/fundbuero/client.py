"""Typed client for the municipality's Fundsachen API (search, find reports, search requests).

Contract (base URL from the tenant setting `backend_url`):
    GET  /fundsachen?q=&kategorie=&farbe=&ort=&von=&bis=&limit=  → {"items": [...], "total": N}
    GET  /fundsachen/{fundnummer}
    POST /fundsachen       → 201, the new item with its `fundnummer`
    POST /suchauftraege    → 201, {"id", "status"}

Results never carry finder data: `Fundsache` has no field for it, so even if a backend sent a
finder's name it could not reach a response.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum
from typing import Any, TypedDict, TypeVar

from nrwbot.service_client import ServiceClient, ServiceUnavailable

T = TypeVar("T")


class FundStatus(str, Enum):
    """Where a find stands; the search only returns items in storage."""

    EINGELAGERT = "eingelagert"
    ABGEHOLT = "abgeholt"
    VERWERTET = "verwertet"
    SONSTIGER = "sonstiger"

    @classmethod
    def _missing_(cls, value: object) -> FundStatus:
        # A status added to the backend later must not break the search for citizens.
        return cls.SONSTIGER


@dataclass(frozen=True)
class Fundsache:
    """One found item as citizens may see it."""

    fundnummer: str
    kategorie: str
    beschreibung: str
    farbe: str | None
    fundort: str
    funddatum: date
    status: FundStatus
    score: float | None = None


@dataclass(frozen=True)
class Suchergebnis:
    """The best matches and how many there are in total."""

    items: tuple[Fundsache, ...]
    total: int


@dataclass(frozen=True)
class Suchanfrage:
    """Search criteria; empty ones are not sent."""

    q: str | None = None
    kategorie: str | None = None
    farbe: str | None = None
    ort: str | None = None
    von: date | None = None
    bis: date | None = None
    limit: int = 10

    def params(self) -> dict[str, str]:
        values = {key: value for key, value in asdict(self).items() if value not in (None, "")}
        return {
            key: value.isoformat() if isinstance(value, date) else str(value)
            for key, value in values.items()
        }


@dataclass(frozen=True)
class Fundmeldung:
    """A find reported by a citizen."""

    kategorie: str
    beschreibung: str
    fundort: str
    funddatum: date
    farbe: str | None = None
    finder_name: str | None = None
    finder_kontakt: str | None = None


@dataclass(frozen=True)
class Suchauftrag:
    """A loss report the office matches against incoming finds."""

    beschreibung: str
    name: str
    kontakt: str
    kategorie: str | None = None
    farbe: str | None = None
    verlustort: str | None = None
    verlustdatum: date | None = None


@dataclass(frozen=True)
class SuchauftragBestaetigung:
    """The backend's receipt for a search request."""

    id: str
    status: str


class FundsacheJson(TypedDict):
    """A found item on the wire."""

    fundnummer: str
    kategorie: str
    beschreibung: str
    farbe: str | None
    fundort: str
    funddatum: str
    status: str


def _payload(record: Fundmeldung | Suchauftrag) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(record).items()
        if value is not None
    }


def _fundsache(raw: FundsacheJson | dict[str, Any]) -> Fundsache:
    score = raw.get("score")
    return Fundsache(
        fundnummer=str(raw["fundnummer"]),
        kategorie=str(raw["kategorie"]),
        beschreibung=str(raw["beschreibung"]),
        farbe=raw.get("farbe") or None,
        fundort=str(raw["fundort"]),
        funddatum=date.fromisoformat(str(raw["funddatum"])),
        status=FundStatus(raw.get("status")),
        score=float(score) if score is not None else None,
    )


class FundsachenClient(ServiceClient):
    """Talks to the Fundsachen API of one municipality."""

    async def _body(self, method: str, path: str, **kwargs: Any) -> Any:
        # The base class's get_json lets a non-JSON 2xx body escape as a bare ValueError.
        response = await self._send(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise ServiceUnavailable(f"{method} {path}: response is not JSON") from exc

    async def suchen(self, anfrage: Suchanfrage) -> Suchergebnis:
        """Found items in storage that match, best first."""
        body = await self._body("GET", "/fundsachen", params=anfrage.params())
        return _parsed("GET /fundsachen", lambda: _suchergebnis(body))

    async def fund_melden(self, meldung: Fundmeldung) -> Fundsache:
        """Registers a find; the result carries the new Fundnummer."""
        body = await self._body("POST", "/fundsachen", json=_payload(meldung))
        return _parsed("POST /fundsachen", lambda: _fundsache(body))

    async def suchauftrag_anlegen(self, auftrag: Suchauftrag) -> SuchauftragBestaetigung:
        """Files a search request for a lost item."""
        body = await self._body("POST", "/suchauftraege", json=_payload(auftrag))
        return _parsed(
            "POST /suchauftraege",
            lambda: SuchauftragBestaetigung(id=str(body["id"]), status=str(body["status"])),
        )


def _suchergebnis(body: Any) -> Suchergebnis:
    items = tuple(_fundsache(item) for item in body["items"])
    return Suchergebnis(items=items, total=int(body.get("total", len(items))))


def _parsed(where: str, parse: Callable[[], T]) -> T:
    """Runs a parser over a backend body; a malformed body counts as a backend failure."""
    try:
        return parse()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ServiceUnavailable(
            f"{where}: malformed response ({type(exc).__name__}: {exc})"
        ) from exc
