"""The days a citizen names become a wider search; a vague loss date stays out of the request."""

from __future__ import annotations

from datetime import date

from domains.fundbuero.angaben import Angaben, suchanfrage, suchauftrag
from domains.fundbuero.suchzeitraum import suchzeitraum
from nrwbot.german import Zeitraum

TODAY = date(2026, 11, 12)  # a Thursday


def test_search_range_starts_earlier_and_ends_today_at_the_latest() -> None:
    assert suchzeitraum(Zeitraum(date(2026, 11, 11), date(2026, 11, 11)), TODAY) == Zeitraum(
        date(2026, 11, 9), TODAY
    )
    assert suchzeitraum(Zeitraum(date(2026, 10, 1), date(2026, 10, 1)), TODAY) == Zeitraum(
        date(2026, 9, 29), date(2026, 10, 15)
    )


def test_a_loss_last_week_searches_from_two_days_before_it_to_today() -> None:
    anfrage = suchanfrage(Angaben(item="Rucksack", date="letzte Woche"), TODAY, limit=5)
    assert (anfrage.von, anfrage.bis) == (date(2026, 10, 31), TODAY)


def test_an_unknown_date_searches_without_a_range() -> None:
    anfrage = suchanfrage(Angaben(item="Rucksack", date="unbekannt"), TODAY, limit=5)
    assert (anfrage.von, anfrage.bis) == (None, None)


def test_a_vague_loss_date_goes_into_the_description_not_the_date() -> None:
    auftrag = suchauftrag(Angaben(item="Rucksack", date="Anfang November"), TODAY)
    assert auftrag.verlustdatum is None
    assert auftrag.beschreibung == "Rucksack (verloren: Anfang November)"
    exakt = suchauftrag(Angaben(item="Rucksack", date="gestern"), TODAY)
    assert exakt.verlustdatum == date(2026, 11, 11)
