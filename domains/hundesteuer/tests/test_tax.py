"""Amounts the way a citizen reads them; rates are no tenant setting any more (the backend's)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.actions.tax import tier_lines
from domains.hundesteuer.tests.conftest import tenant_block


def test_tier_lines_name_every_position() -> None:
    soest = (Decimal("85.80"), Decimal("102.00"), Decimal("118.80"))
    assert tier_lines(soest) == [
        "bei einem Hund: 85,80 €",
        "bei zwei Hunden je Hund: 102,00 €",
        "bei drei Hunden oder mehr je Hund: 118,80 €",
    ]
    assert tier_lines((Decimal("156.00"),)) == ["je Hund: 156,00 €"]


@pytest.mark.parametrize("key", ["steuersaetze", "tarif_hinweis"])
def test_a_tenant_file_cannot_set_rates_any_more(key: str) -> None:
    # One owner per fact: rates and their source note live in the municipality's backend.
    assert key not in HundesteuerSettings.__fields__
    with pytest.raises(ValidationError, match=key):
        HundesteuerSettings.parse_obj({**tenant_block("soest"), key: {"normal": [85.8]}})
