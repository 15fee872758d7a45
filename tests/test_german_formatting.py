"""Euros, percentages and dates as German replies write them, rounded the same everywhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nrwbot.german import cents, euro, german_date, percent


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("85.8", "85,80 €"),
        ("102", "102,00 €"),
        ("1234.5", "1.234,50 €"),
        ("0", "0,00 €"),
        ("118.805", "118,81 €"),  # half up, not Babel's half to even
        ("0.125", "0,13 €"),
    ],
)
def test_euro_amounts(amount: str, text: str) -> None:
    assert euro(Decimal(amount)) == text


def test_cents_round_half_up() -> None:
    assert cents(Decimal("118.805")) == Decimal("118.81")
    assert cents(Decimal("2.345")) == Decimal("2.35")


@pytest.mark.parametrize(("rate", "text"), [("0.05", "5 %"), ("0.03", "3 %"), ("0.025", "2,5 %")])
def test_percentages(rate: str, text: str) -> None:
    assert percent(Decimal(rate)) == text


def test_dates_have_two_digit_day_and_month() -> None:
    assert german_date(date(2026, 3, 2)) == "02.03.2026"
