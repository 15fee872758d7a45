"""Euro amounts, percentages and dates for German replies, formatted by Babel (locale de_DE).

Amounts are rounded half up to whole cents here, explicitly: Babel alone rounds half to even
(118,805 → 118,80), and a citizen's reckoning and the municipality's notices round half up.
The patterns use a plain space before "€" and "%" where CLDR puts a no-break space, so that the
formatted values match the amounts tenants write in their settings ("37,50 €").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_percent

LOCALE = "de_DE"
CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """The amount rounded half up to whole cents: 118.805 → 118.81."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def euro(amount: Decimal) -> str:
    """Decimal("1234.5") → "1.234,50 €"."""
    return format_currency(cents(amount), "EUR", format="#,##0.00 ¤", locale=LOCALE)


def percent(rate: Decimal) -> str:
    """Decimal("0.05") → "5 %", Decimal("0.025") → "2,5 %"."""
    return format_percent(rate, "#,##0.## %", locale=LOCALE)


def german_date(value: date) -> str:
    """date(2026, 3, 12) → "12.03.2026"."""
    return format_date(value, "dd.MM.yyyy", locale=LOCALE)
