"""The annual tax of a new dog, computed from both tenants' configured tariffs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from domains.hundesteuer.actions.settings import HundesteuerSettings, Steuersaetze
from domains.hundesteuer.actions.tax import (
    Tariff,
    annual_tax,
    format_euro,
    tier_lines,
)
from domains.hundesteuer.tests.conftest import tenant_block


def tariff(tenant: str) -> Tariff:
    return HundesteuerSettings.parse_obj(tenant_block(tenant)).tariff


@pytest.mark.parametrize(
    ("tenant", "dogs_before", "expected"),
    [
        ("soest", 0, "85.80"),
        ("soest", 1, "102.00"),  # a second normal dog: the rate of position 2
        ("soest", 2, "118.80"),
        ("soest", 6, "118.80"),  # the last rate repeats for every further dog
        ("lippstadt", 0, "84.00"),
        ("lippstadt", 1, "102.00"),
        ("lippstadt", 2, "120.00"),
        ("lippstadt", 4, "120.00"),
    ],
)
def test_normal_dog_pays_the_rate_of_its_position(
    tenant: str, dogs_before: int, expected: str
) -> None:
    assert annual_tax(tariff(tenant), dangerous=False, dogs_before=dogs_before) == Decimal(expected)


@pytest.mark.parametrize(
    ("tenant", "dogs_before", "dangerous_before", "expected"),
    [
        ("soest", 0, 0, "444.00"),
        ("soest", 2, 0, "444.00"),  # normal dogs do not move a dangerous dog up a tier
        ("soest", 1, 1, "600.00"),
        ("soest", 3, 2, "600.00"),
        ("lippstadt", 0, 0, "546.00"),
        ("lippstadt", 1, 1, "900.00"),
        ("lippstadt", 2, 0, "546.00"),
    ],
)
def test_dangerous_dog_counts_only_dangerous_dogs(
    tenant: str, dogs_before: int, dangerous_before: int, expected: str
) -> None:
    amount = annual_tax(
        tariff(tenant), dangerous=True, dogs_before=dogs_before, dangerous_before=dangerous_before
    )
    assert amount == Decimal(expected)


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        annual_tax(tariff("soest"), dangerous=True, dogs_before=1, dangerous_before=2)
    with pytest.raises(ValueError):
        annual_tax(tariff("soest"), dangerous=False, dogs_before=-1)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("85.8", "85,80 €"),
        ("102", "102,00 €"),
        ("1234.5", "1.234,50 €"),
        ("0", "0,00 €"),
        ("118.805", "118,81 €"),
    ],
)
def test_amounts_are_written_the_german_way(amount: str, text: str) -> None:
    assert format_euro(Decimal(amount)) == text


def test_tier_lines_name_every_position() -> None:
    assert tier_lines(tariff("soest").normal) == [
        "bei einem Hund: 85,80 €",
        "bei zwei Hunden je Hund: 102,00 €",
        "bei drei Hunden oder mehr je Hund: 118,80 €",
    ]
    assert tier_lines((Decimal("156.00"),)) == ["je Hund: 156,00 €"]


@pytest.mark.parametrize(
    "raw",
    [
        None,
        {"normal": [85.8]},
        {"normal": [], "gefaehrlich": [1]},
        {"normal": ["viel"], "gefaehrlich": [1]},
        {"normal": [-1], "gefaehrlich": [1]},
    ],
)
def test_malformed_tariffs_are_refused(raw: object) -> None:
    with pytest.raises(ValidationError, match="steuersaetze"):
        HundesteuerSettings.parse_obj({**tenant_block("soest"), "steuersaetze": raw})


def test_yaml_floats_do_not_leak_binary_noise() -> None:
    parsed = Steuersaetze.parse_obj({"normal": [85.8, 0.1 + 0.2], "gefaehrlich": [444]})
    assert parsed.normal == (Decimal("85.80"), Decimal("0.30"))
