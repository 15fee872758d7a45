"""German loss-date phrases become date ranges; the search widens them."""

from __future__ import annotations

from datetime import date

import pytest

from domains.fundbuero.dates import Zeitraum, is_unknown, parse_zeitraum, suchzeitraum

TODAY = date(2026, 11, 12)  # a Thursday


@pytest.mark.parametrize(
    ("text", "von", "bis"),
    [
        ("gestern", date(2026, 11, 11), date(2026, 11, 11)),
        ("gestern Abend", date(2026, 11, 11), date(2026, 11, 11)),
        ("vorgestern", date(2026, 11, 10), date(2026, 11, 10)),
        ("heute morgen", TODAY, TODAY),  # "morgen" here is the morning, not tomorrow
        ("letzten Freitag", date(2026, 11, 6), date(2026, 11, 6)),
        ("letzen freitag", date(2026, 11, 6), date(2026, 11, 6)),
        ("am Donnerstag", date(2026, 11, 5), date(2026, 11, 5)),  # said on a Thursday: last week
        ("Samstagnachmittag", date(2026, 11, 7), date(2026, 11, 7)),
        ("letztes Wochenende", date(2026, 11, 7), date(2026, 11, 8)),
        ("letzte Woche", date(2026, 11, 2), date(2026, 11, 8)),
        ("diese Woche", date(2026, 11, 9), TODAY),
        ("letzten Monat", date(2026, 10, 1), date(2026, 10, 31)),
        ("vor zwei Tagen", date(2026, 11, 10), date(2026, 11, 10)),
        ("vor ner Woche", date(2026, 11, 5), date(2026, 11, 5)),
        ("12.03.2026", date(2026, 3, 12), date(2026, 3, 12)),
        ("2026-03-12", date(2026, 3, 12), date(2026, 3, 12)),
        ("11.11.", date(2026, 11, 11), date(2026, 11, 11)),
        ("am 31.12.", date(2025, 12, 31), date(2025, 12, 31)),  # no year: the last one past
        ("3. November", date(2026, 11, 3), date(2026, 11, 3)),
        ("Anfang Februar", date(2026, 2, 1), date(2026, 2, 10)),
        ("Mitte Dezember", date(2025, 12, 11), date(2025, 12, 20)),
        ("im Oktober", date(2026, 10, 1), date(2026, 10, 31)),
        ("Anfang November", date(2026, 11, 1), date(2026, 11, 10)),
        ("ende maerz", date(2026, 3, 21), date(2026, 3, 31)),
    ],
)
def test_phrases_become_ranges(text: str, von: date, bis: date) -> None:
    assert parse_zeitraum(text, TODAY) == Zeitraum(von, bis)


@pytest.mark.parametrize("text", ["morgen", "übermorgen", "keine Ahnung", "blabla", "30.2.", ""])
def test_future_unknown_or_unreadable_dates_give_none(text: str) -> None:
    assert parse_zeitraum(text, TODAY) is None


@pytest.mark.parametrize("text", ["weiß nicht", "weiss ich nicht", "keine ahnung", "weis ich nich"])
def test_dont_know_is_recognised(text: str) -> None:
    assert is_unknown(text)


def test_search_range_starts_earlier_and_ends_today_at_the_latest() -> None:
    assert suchzeitraum(Zeitraum(date(2026, 11, 11), date(2026, 11, 11)), TODAY) == Zeitraum(
        date(2026, 11, 9), TODAY
    )
    assert suchzeitraum(Zeitraum(date(2026, 10, 1), date(2026, 10, 1)), TODAY) == Zeitraum(
        date(2026, 9, 29), date(2026, 10, 15)
    )


def test_exact_is_a_single_day() -> None:
    assert Zeitraum(TODAY, TODAY).exakt
    assert not Zeitraum(date(2026, 11, 2), date(2026, 11, 8)).exakt
