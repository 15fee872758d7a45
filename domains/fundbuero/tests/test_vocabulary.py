"""Items, colours and places as the backend needs them; checks of the citizen's form answers."""

from __future__ import annotations

from datetime import date

import pytest

from domains.fundbuero.inputs import (
    ANONYM,
    UNBEKANNT,
    datum_angabe,
    gegenstand_angabe,
    kontakt_angabe,
    name_angabe,
    ort_angabe,
)
from domains.fundbuero.items import FundArt, farbe, fund_art, kategorie, ort


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("Handy", "Mobiltelefon"),
        ("Autoschlüssel", "Schlüssel"),
        ("schluesselbund", "Schlüssel"),
        ("Damenrad", "Fahrrad"),
        ("Lederjacke", "Bekleidung"),
        ("Sonnenbrille", "Brille"),
        ("Brieftasche", "Geldbörse"),  # not "Tasche"
        ("Handtasche", "Tasche"),
        ("schwarzer Rucksack von Deuter", "Rucksack"),
        ("Personalausweis", "Ausweisdokument"),
        ("Kompass", None),
        ("Buch", None),
        (None, None),
    ],
)
def test_items_map_to_backend_categories(item: str | None, expected: str | None) -> None:
    assert kategorie(item) == expected


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ("schwarzen", "schwarz"),
        ("rote", "rot"),
        ("weisser", "weiß"),
        ("silbernes", "silber"),
        ("dunkelblauen", "dunkelblau"),
        ("beige", "beige"),
        ("lila", "lila"),
    ],
)
def test_colours_are_reduced_to_their_base_form(color: str, expected: str) -> None:
    assert farbe(color) == expected


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("im Bus Linie 5", "Bus Linie 5"),
        ("am Bahnhof", "Bahnhof"),
        ("irgendwo in der Innenstadt", "Innenstadt"),
        ("Marktplatz", "Marktplatz"),
    ],
)
def test_places_lose_their_preposition(location: str, expected: str) -> None:
    assert ort(location) == expected


def test_special_finds_are_recognised() -> None:
    assert fund_art("Hund zugelaufen", None) is FundArt.TIER
    assert fund_art("Geld im Automaten", None) is FundArt.GELDAUTOMAT
    assert fund_art("Portemonnaie mit Ausweis", "Geldbörse", "Ausweis") is FundArt.GELDBOERSE
    assert fund_art("Perso gefunden", None, "Personalausweis") is FundArt.AUSWEIS
    assert fund_art("Schlüssel gefunden", "Schlüssel") is FundArt.SONSTIGES


def test_item_answer_drops_possessives() -> None:
    assert gegenstand_angabe("meinen Rucksack") == "Rucksack"
    assert gegenstand_angabe("  ") is None


@pytest.mark.parametrize("text", ["weiß ich nicht", "keine Ahnung", UNBEKANNT])
def test_unknown_place_is_accepted(text: str) -> None:
    assert ort_angabe(text) == UNBEKANNT


def test_date_answer_keeps_readable_phrases() -> None:
    today = date(2026, 11, 12)

    assert datum_angabe("letzten Freitag", today) == ("letzten Freitag", False)
    assert datum_angabe("keine ahnung", today) == (UNBEKANNT, False)
    assert datum_angabe("als es geregnet hat", today) == (UNBEKANNT, True)


@pytest.mark.parametrize(
    ("text", "anonym_erlaubt", "expected"),
    [
        ("Anna Becker", False, "Anna Becker"),
        ("ich heiße Murat Demir", False, "Murat Demir"),
        ("Sabine Schulte-Wiese", False, "Sabine Schulte-Wiese"),
        ("anonym", True, ANONYM),
        ("ich möchte anonym bleiben", True, ANONYM),
        ("anonym", False, "anonym"),  # a search request has no anonymous option; it is a word
        ("0171 2345678", False, None),
        ("", False, None),
    ],
)
def test_name_answers(text: str, anonym_erlaubt: bool, expected: str | None) -> None:
    assert name_angabe(text, anonym_erlaubt=anonym_erlaubt) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0171 2345678", "0171 2345678"),
        ("meine nummer ist 02921 55443", "02921 55443"),
        ("erreichbar unter 0160/9988776", "0160/9988776"),
        ("mail an j.krause@web.de", "j.krause@web.de"),
        ("+49 171 2345678", "+49 171 2345678"),
        ("weiß nicht", None),
        ("123", None),
    ],
)
def test_contact_answers(text: str, expected: str | None) -> None:
    assert kontakt_angabe(text) == expected
