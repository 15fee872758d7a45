"""Dog tax arithmetic: the tenant's tariff, the annual tax of one new dog, German amounts.

The rule (documented in the README): a tariff lists the annual rate per dog by the dog's position
in the household — first, second, third; the last rate applies to every further dog. A new dog
takes the next position: `dogs_before + 1`. Dangerous and listed dogs (§§ 3, 10 LHundG NRW) have
their own list and count only among dangerous dogs. Pure functions, no I/O, so every number a
citizen sees can be unit-tested against the tenant files.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Tariff:
    """Annual rates per dog by position; the last rate of each list repeats."""

    normal: tuple[Decimal, ...]
    gefaehrlich: tuple[Decimal, ...]

    def rate(self, position: int, *, dangerous: bool) -> Decimal:
        """The rate of the dog at `position` (1 = first dog) in its list."""
        if position < 1:
            raise ValueError(f"position must be at least 1, got {position}")
        rates = self.gefaehrlich if dangerous else self.normal
        return rates[min(position, len(rates)) - 1]


def annual_tax(
    tariff: Tariff, *, dangerous: bool, dogs_before: int, dangerous_before: int = 0
) -> Decimal:
    """The annual tax for one newly registered dog.

    Args:
        tariff: the municipality's rates.
        dangerous: whether the new dog is a dangerous or listed dog (§§ 3, 10 LHundG NRW).
        dogs_before: dogs the household had already registered (any kind).
        dangerous_before: of those, dangerous or listed dogs; counts only for a dangerous dog.

    Returns:
        The rate for the new dog at its position, e.g. Soest with one dog already registered
        adding a normal dog: 102.00.
    """
    if dogs_before < 0 or dangerous_before < 0 or dangerous_before > dogs_before:
        raise ValueError(f"invalid dog counts: {dogs_before} before, {dangerous_before} dangerous")
    if dangerous:
        return tariff.rate(dangerous_before + 1, dangerous=True)
    return tariff.rate(dogs_before + 1, dangerous=False)


def format_euro(amount: Decimal) -> str:
    """German amount with two decimals and thousands dots: Decimal("1234.5") -> "1.234,50 €"."""
    text = f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".") + " €"


def tier_lines(rates: tuple[Decimal, ...]) -> list[str]:
    """Readable lines for a rate list: one dog, two dogs each, … and more dogs each."""
    words = ("einem Hund", "zwei Hunden", "drei Hunden", "vier Hunden", "fünf Hunden")
    lines = []
    for index, rate in enumerate(rates):
        last = index == len(rates) - 1
        count = words[index] if index < len(words) else f"{index + 1} Hunden"
        if index == 0:
            label = "bei einem Hund" if not last else "je Hund"
        else:
            label = f"bei {count}{' oder mehr' if last else ''} je Hund"
        lines.append(f"{label}: {format_euro(rate)}")
    return lines
