"""The annual dog tax of one new dog under a municipality's tariff.

The rule: a tariff lists the annual rate per dog by the dog's position in the household – first,
second, third; the last rate applies to every further dog. A new dog takes the next position.
Dangerous and listed dogs (§§ 3, 10 LHundG NRW) have a list of their own and count only among
dangerous dogs; for the normal list every dog already registered counts. Amounts are whole cents.
Pure functions, no I/O: the registration endpoint and the quote endpoint both use them.
"""

from __future__ import annotations

from dataclasses import dataclass

NORMAL = "normal"
GEFAEHRLICH = "gefaehrlich"
ARTEN = (NORMAL, GEFAEHRLICH)


@dataclass(frozen=True)
class Tarif:
    """Annual rates per dog in cents by position (1st, 2nd, ...); each list's last rate repeats."""

    normal: tuple[int, ...]
    gefaehrlich: tuple[int, ...]

    def __post_init__(self) -> None:
        for art in ARTEN:
            rates = getattr(self, art)
            if not rates or any(rate < 0 for rate in rates):
                raise ValueError(f"tariff list {art!r} needs rates of 0 or more, got {rates}")

    def satz(self, position: int, *, gefaehrlich: bool) -> int:
        """The rate of the dog at `position` (1 = first dog) in its list."""
        if position < 1:
            raise ValueError(f"position must be at least 1, got {position}")
        rates = self.gefaehrlich if gefaehrlich else self.normal
        return rates[min(position, len(rates)) - 1]


def jahressteuer_cent(
    tarif: Tarif,
    *,
    gefaehrlich: bool,
    anzahl_hunde_bisher: int,
    anzahl_gefaehrlich_bisher: int = 0,
) -> int:
    """The annual tax in cents of one newly registered dog.

    Args:
        tarif: the municipality's rates.
        gefaehrlich: whether the new dog is a dangerous or listed dog (§§ 3, 10 LHundG NRW).
        anzahl_hunde_bisher: dogs the household had registered already (any kind).
        anzahl_gefaehrlich_bisher: of those, dangerous or listed dogs; counts only for a
            dangerous new dog.

    Returns:
        The rate of the new dog's position, e.g. Soest, one dog registered already, a second
        normal dog: 10200.

    Raises:
        ValueError: negative counts, or more dangerous dogs than dogs.
    """
    if not 0 <= anzahl_gefaehrlich_bisher <= anzahl_hunde_bisher:
        raise ValueError(
            f"invalid dog counts: {anzahl_hunde_bisher} before, "
            f"{anzahl_gefaehrlich_bisher} of them dangerous"
        )
    if gefaehrlich:
        return tarif.satz(anzahl_gefaehrlich_bisher + 1, gefaehrlich=True)
    return tarif.satz(anzahl_hunde_bisher + 1, gefaehrlich=False)
