"""The dog tax as the backend states it: a municipality's rates, a dog's case, its annual tax.

The backend is the municipality's system of record and computes every amount (position rule:
`backend/hundesteuer_tarif.py`); the expert only reads and shows them. The readers below turn a
reply into typed values; a reply that breaks the contract is the backend's fault
(`ServiceUnavailable`), so the citizen never sees a figure the bot had to guess.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from nrwbot.service_client import ServiceUnavailable


@dataclass(frozen=True)
class Tarife:
    """A municipality's annual rates per dog by position; the last rate of each list repeats."""

    gemeinde: str
    normal: tuple[Decimal, ...]
    gefaehrlich: tuple[Decimal, ...]  # dangerous and listed dogs (§§ 3, 10 LHundG NRW)
    tarif_hinweis: str  # source and date of the rates, said with every amount


@dataclass(frozen=True)
class Steuerfall:
    """What the annual tax of a new dog depends on; `gemeinde` is the tenant id.

    `anzahl_gefaehrlich_bisher` (the dangerous ones among the dogs before) matters only for a
    dangerous dog, which has tiers of its own; None where it was not asked.
    """

    gemeinde: str
    gefaehrlich: bool
    anzahl_hunde_bisher: int
    anzahl_gefaehrlich_bisher: int | None = None

    def payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Jahressteuer:
    """The annual tax the backend computed for one dog, with the note on its rates."""

    betrag: Decimal
    tarif_hinweis: str


class _Unreadable(ValueError):
    pass


def read_amount(value: Any) -> Decimal:
    """A decimal string such as "85.80" as Decimal; never a JSON number (floats are inexact).

    Raises:
        ValueError: anything else, or a negative amount.
    """
    if not isinstance(value, str):
        raise _Unreadable(f"amount {value!r} is not a decimal string")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise _Unreadable(f"amount {value!r} is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise _Unreadable(f"amount {value!r} is not a sum of money")
    return amount


def _rates(value: Any) -> tuple[Decimal, ...]:
    if not isinstance(value, list) or not value:
        raise _Unreadable(f"rates {value!r} are not a non-empty list")
    return tuple(read_amount(rate) for rate in value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Unreadable(f"{value!r} is not a text")
    return value


def read_tarife(data: Any) -> Tarife:
    """The reply of GET /hundesteuer/tarife.

    Raises:
        ServiceUnavailable: the reply breaks the contract.
    """
    try:
        return Tarife(
            gemeinde=_text(data["gemeinde"]),
            normal=_rates(data["normal"]),
            gefaehrlich=_rates(data["gefaehrlich"]),
            tarif_hinweis=_text(data["tarif_hinweis"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ServiceUnavailable(f"unexpected tariff reply: {exc!r}") from exc


def read_jahressteuer(data: Any) -> Jahressteuer:
    """The reply of POST /hundesteuer/berechnung.

    Raises:
        ServiceUnavailable: the reply breaks the contract.
    """
    try:
        return Jahressteuer(
            betrag=read_amount(data["jahressteuer"]), tarif_hinweis=_text(data["tarif_hinweis"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ServiceUnavailable(f"unexpected tax reply: {exc!r}") from exc
