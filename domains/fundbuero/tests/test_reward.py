"""The statutory finder's reward, checked against the worked examples of the domain facts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domains.fundbuero.presentation import rechnung
from domains.fundbuero.reward import betrag_aus_text, compute_finderlohn, is_oeffentlich, is_tier


@pytest.mark.parametrize(
    ("wert", "tier", "oeffentlich", "betrag"),
    [
        (1000, False, False, "40.00"),  # 25 € + 15 €
        (800, False, False, "34.00"),  # 25 € + 9 €
        (800, False, True, "17.00"),  # same phone lost in a bus: half (§ 978)
        (600, True, False, "18.00"),  # dog: 3 % of the whole value
        (500, False, False, "25.00"),  # the 5 % band ends exactly at 500 €
        (50, False, True, "1.25"),  # § 978 reward starts at 50 €
        (49.99, False, True, "0.00"),
        (33.33, False, False, "1.67"),  # rounded to the cent
    ],
)
def test_worked_examples(wert, tier: bool, oeffentlich: bool, betrag: str) -> None:
    lohn = compute_finderlohn(Decimal(str(wert)), tier=tier, oeffentlich=oeffentlich)

    assert lohn.betrag == Decimal(betrag)
    assert lohn.halbiert is oeffentlich


def test_below_50_in_public_transport_is_excluded() -> None:
    assert compute_finderlohn(Decimal(40), oeffentlich=True).ausgeschlossen
    assert not compute_finderlohn(Decimal(40)).ausgeschlossen


def test_calculation_is_shown_in_german() -> None:
    lohn = compute_finderlohn(Decimal(800))

    assert rechnung(lohn) == "5 % von 500,00 € = 25,00 € + 3 % von 300,00 € = 9,00 €"


@pytest.mark.parametrize("wert", [0, -5])
def test_value_must_be_positive(wert: int) -> None:
    with pytest.raises(ValueError):
        compute_finderlohn(Decimal(wert))


@pytest.mark.parametrize(
    ("text", "wert"),
    [
        ("das Handy ist ca. 800 Euro wert", "800"),
        ("1.200 €", "1200"),
        ("€ 49,90", "49.90"),
        ("so 50€", "50"),
        ("einen 5-Euro-Schein", "5"),
        ("der ring hat 2 000 euro gekostet", "2000"),
        ("wie viel finderlohn", None),
        ("2 Schlüssel", None),
    ],
)
def test_amount_is_read_from_the_message(text: str, wert: str | None) -> None:
    assert betrag_aus_text(text) == (Decimal(wert) if wert else None)


def test_animal_and_public_place_are_recognised() -> None:
    assert is_tier("Ich hab eine Katze gefunden")
    assert not is_tier("Katzenaugen am Fahrrad")
    assert is_oeffentlich("im Bus Linie 550")
    assert is_oeffentlich("in der S-Bahn")
    assert not is_oeffentlich("am Bahnhofsvorplatz")
