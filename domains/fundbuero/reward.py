"""The statutory finder's reward (Finderlohn, §§ 971, 978 BGB) and reading a value from a message.

The percentages are federal law, the same in every municipality, so they live here and not in
tenant settings. Worked examples from the domain facts are the unit tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
WERTGRENZE = Decimal(500)  # § 971 Abs. 1: 5 % up to 500 €, 3 % of the part above
SATZ_BIS_GRENZE = Decimal("0.05")
SATZ_UEBER_GRENZE = Decimal("0.03")
SATZ_TIERE = Decimal("0.03")  # § 971 Abs. 1 S. 3: animals 3 % of the whole value
MINDESTWERT_OEFFENTLICH = Decimal(50)  # § 978 Abs. 2: authorities/public transport, from 50 €

_AMOUNT = re.compile(
    r"(\d{1,3}(?:[.\s]\d{3})+|\d+)(?:,(\d{1,2}))?\s*-?\s*(?:€|euro|eur\b|tacken|ocken)"
    r"|(?:€|eur)\s*(\d{1,3}(?:[.\s]\d{3})+|\d+)(?:,(\d{1,2}))?",
    re.IGNORECASE,
)
_ANIMAL = re.compile(
    r"\b(?:hund|hunde|hündin|welpe|katze|kater|kätzchen|tier|tiere|haustier|vogel|wellensittich|"
    r"papagei|kaninchen|hase|meerschweinchen|hamster|schildkröte|pferd)\b",
    re.IGNORECASE,
)
_PUBLIC = re.compile(
    r"\b(?:bus|busse|linienbus|zug|bahn|s-bahn|u-bahn|straßenbahn|strassenbahn|tram|regionalbahn|"
    r"rathaus|stadthaus|amt|behörde|behoerde|bürgerbüro|buergerbuero|bürgeramt)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Anteil:
    """One line of the calculation: `satz` of `basis` gives `betrag`."""

    satz: Decimal
    basis: Decimal
    betrag: Decimal


@dataclass(frozen=True)
class Finderlohn:
    """The reward for one value, with the lines that make it up.

    Attributes:
        wert: the value of the find in euros.
        betrag: the reward in euros (0 when § 978 excludes it).
        anteile: the percentage lines of § 971 (before halving).
        halbiert: § 978 applies, so the § 971 amount is halved.
        ausgeschlossen: § 978 applies and the value is below 50 €, so there is no reward.
    """

    wert: Decimal
    betrag: Decimal
    anteile: tuple[Anteil, ...]
    halbiert: bool = False
    ausgeschlossen: bool = False


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def compute_finderlohn(
    wert: Decimal, *, tier: bool = False, oeffentlich: bool = False
) -> Finderlohn:
    """The statutory finder's reward for a find worth `wert` euros.

    Args:
        wert: value of the found item in euros; must be positive.
        tier: the find is an animal (3 % of the value).
        oeffentlich: found in an authority's premises or public transport (§ 978: only from
            50 €, and only half).

    Raises:
        ValueError: if `wert` is not positive.
    """
    if wert <= 0:
        raise ValueError(f"the value must be positive, got {wert}")
    if tier:
        anteile = (Anteil(SATZ_TIERE, wert, _cents(wert * SATZ_TIERE)),)
    else:
        basis = min(wert, WERTGRENZE)
        anteile = (Anteil(SATZ_BIS_GRENZE, basis, _cents(basis * SATZ_BIS_GRENZE)),)
        if wert > WERTGRENZE:
            rest = wert - WERTGRENZE
            anteile += (Anteil(SATZ_UEBER_GRENZE, rest, _cents(rest * SATZ_UEBER_GRENZE)),)
    summe = sum((a.betrag for a in anteile), Decimal(0))
    if not oeffentlich:
        return Finderlohn(wert, summe, anteile)
    if wert < MINDESTWERT_OEFFENTLICH:
        return Finderlohn(wert, Decimal(0), anteile, halbiert=True, ausgeschlossen=True)
    return Finderlohn(wert, _cents(summe / 2), anteile, halbiert=True)


def betrag_aus_text(text: str) -> Decimal | None:
    """The first euro amount in a message ("ca. 800 Euro", "1.200 €", "€ 49,90"), if any."""
    match = _AMOUNT.search(text or "")
    if not match:
        return None
    whole, fraction = (match[1], match[2]) if match[1] else (match[3], match[4])
    try:
        value = Decimal(re.sub(r"[.\s]", "", whole) + "." + (fraction or "0"))
    except InvalidOperation:
        return None
    return value if value > 0 else None


def is_tier(text: str) -> bool:
    """The message speaks of an animal."""
    return bool(_ANIMAL.search(text or ""))


def is_oeffentlich(text: str) -> bool:
    """The message places the find in public transport or an authority's premises (§ 978)."""
    return bool(_PUBLIC.search(text or ""))
