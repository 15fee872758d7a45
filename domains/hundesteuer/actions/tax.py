"""Dog tax amounts as the citizen reads them: German euros and the tiers of a tariff.

The amounts themselves come from the backend, which owns the tariff and the rule (a dog pays the
rate of its position in the household; `backend/hundesteuer_tarif.py`). Nothing here computes a
tax: these functions only write Decimal amounts the German way.
"""

from __future__ import annotations

from decimal import Decimal

from nrwbot.german import euro

CENT = Decimal("0.01")


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
        lines.append(f"{label}: {euro(rate)}")
    return lines
