"""German date answers: days, ranges of days, strict birth dates and "weiß ich nicht"."""

from __future__ import annotations

from datetime import date

import pytest

from nrwbot.german import (
    BirthDateError,
    FutureBirthDateError,
    Zeitraum,
    is_unknown,
    parse_birth_date,
    parse_day,
    parse_range,
)

THURSDAY = date(2026, 11, 12)
SUNDAY = date(2026, 3, 15)
BIRTH_TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "von", "bis"),
    [
        ("gestern", date(2026, 11, 11), date(2026, 11, 11)),
        ("gestern Abend", date(2026, 11, 11), date(2026, 11, 11)),
        ("vorgestern", date(2026, 11, 10), date(2026, 11, 10)),
        ("heute morgen", THURSDAY, THURSDAY),  # "morgen" here is the morning, not tomorrow
        ("letzten Freitag", date(2026, 11, 6), date(2026, 11, 6)),
        ("letzen freitag", date(2026, 11, 6), date(2026, 11, 6)),
        ("am Donnerstag", date(2026, 11, 5), date(2026, 11, 5)),  # said on a Thursday: last week
        ("Samstagnachmittag", date(2026, 11, 7), date(2026, 11, 7)),
        ("Samstagmorgen", date(2026, 11, 7), date(2026, 11, 7)),
        ("letztes Wochenende", date(2026, 11, 7), date(2026, 11, 8)),
        ("letzte Woche", date(2026, 11, 2), date(2026, 11, 8)),
        ("seit letzter Woche", date(2026, 11, 2), date(2026, 11, 8)),
        ("diese Woche", date(2026, 11, 9), THURSDAY),  # ends today
        ("letzten Monat", date(2026, 10, 1), date(2026, 10, 31)),
        ("vor zwei Tagen", date(2026, 11, 10), date(2026, 11, 10)),
        ("vor ner Woche", date(2026, 11, 5), date(2026, 11, 5)),
        ("so 'ne Woche her", date(2026, 11, 5), date(2026, 11, 5)),
        ("ungefähr vor 3 Tagen, glaub ich", date(2026, 11, 9), date(2026, 11, 9)),
        ("12.03.2026", date(2026, 3, 12), date(2026, 3, 12)),
        ("12/03/26", date(2026, 3, 12), date(2026, 3, 12)),
        ("2026-03-12", date(2026, 3, 12), date(2026, 3, 12)),
        ("11.11.", date(2026, 11, 11), date(2026, 11, 11)),
        ("am 31.12.", date(2025, 12, 31), date(2025, 12, 31)),  # no year: the last one past
        ("so etwa am 10.3.", date(2026, 3, 10), date(2026, 3, 10)),
        ("3. November", date(2026, 11, 3), date(2026, 11, 3)),
        ("Anfang Februar", date(2026, 2, 1), date(2026, 2, 10)),
        ("Mitte Dezember", date(2025, 12, 11), date(2025, 12, 20)),
        ("im Oktober", date(2026, 10, 1), date(2026, 10, 31)),
        ("Anfang November", date(2026, 11, 1), date(2026, 11, 10)),
        ("im November", date(2026, 11, 1), THURSDAY),
        ("Mitte November", date(2026, 11, 11), THURSDAY),
        ("Ende November", date(2025, 11, 21), date(2025, 11, 30)),  # this year's lies ahead
        ("ende maerz", date(2026, 3, 21), date(2026, 3, 31)),
    ],
)
def test_past_phrases_become_ranges(text: str, von: date, bis: date) -> None:
    assert parse_range(text, THURSDAY) == Zeitraum(von, bis)


@pytest.mark.parametrize(
    "text",
    [
        "morgen",
        "übermorgen",
        "nächste Woche",
        "keine Ahnung",
        "blabla",
        "30.2.",
        "1",
        "",
        "an dem Tag mit dem Gewitter",
    ],
)
def test_future_unknown_or_unreadable_phrases_give_no_range(text: str) -> None:
    assert parse_range(text, THURSDAY) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("gestern", date(2026, 3, 14)),
        ("seit letzter Woche", date(2026, 3, 2)),  # a range: its first day
        ("letzten Monat", date(2026, 2, 1)),
        ("vor 2 Wochen", date(2026, 3, 1)),
        ("seit 2 Wochen", date(2026, 3, 1)),
        ("12.03.2026", date(2026, 3, 12)),
        ("am 1. März", date(2026, 3, 1)),
        ("Anfang Februar", date(2026, 2, 1)),
        ("Ende Februar", date(2026, 2, 21)),
        ("15.3.2025", date(2025, 3, 15)),
        ("01.04.2026", date(2026, 4, 1)),  # a written year is kept, even ahead
        ("morgen", date(2026, 3, 16)),
        ("morgen früh", date(2026, 3, 16)),
        ("der Hund kam vor drei Tagen zu uns", date(2026, 3, 12)),
    ],
)
def test_a_day_is_read(typed: str, expected: date) -> None:
    assert parse_day(typed, SUNDAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1. Juli", date(2026, 7, 1)),
        ("01.07.", date(2026, 7, 1)),
        ("am Freitag", date(2026, 3, 20)),
        ("letzten Freitag", date(2026, 3, 13)),
        ("nächste Woche", date(2026, 3, 16)),
        ("in 2 Wochen", date(2026, 3, 29)),
        ("12.03.30", date(2030, 3, 12)),
    ],
)
def test_a_planned_day_is_read_forward(typed: str, expected: date) -> None:
    assert parse_day(typed, SUNDAY, prefer_past=False) == expected


@pytest.mark.parametrize("typed", ["keine Ahnung", "Bello", "???", "1", "2026", ""])
def test_non_dates_give_no_day(typed: str) -> None:
    assert parse_day(typed, SUNDAY) is None


def test_the_weekend_is_this_one_on_a_weekend_else_the_last_or_the_next() -> None:
    assert parse_range("am Wochenende", SUNDAY) == Zeitraum(date(2026, 3, 14), SUNDAY)
    assert parse_range("Wochenende", THURSDAY) == Zeitraum(date(2026, 11, 7), date(2026, 11, 8))
    assert parse_day("am Wochenende", THURSDAY, prefer_past=False) == date(2026, 11, 14)
    assert parse_day("letztes Wochenende", THURSDAY, prefer_past=False) == date(2026, 11, 7)


def test_exact_is_a_single_day() -> None:
    assert Zeitraum(THURSDAY, THURSDAY).exakt
    assert not Zeitraum(date(2026, 11, 2), date(2026, 11, 8)).exakt


@pytest.mark.parametrize(
    "text",
    ["weiß nicht", "weiss ich nicht", "keine ahnung", "weis ich nich", "weiß ich leider nicht",
     "ich bin mir nicht sicher", "k.A."],
)  # fmt: skip
def test_dont_know_is_recognised(text: str) -> None:
    assert is_unknown(text)


@pytest.mark.parametrize("text", ["gestern", "nein", "im Bus", "Weißwurst"])
def test_answers_are_not_taken_for_dont_know(text: str) -> None:
    assert not is_unknown(text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("22.10.1949", date(1949, 10, 22)),
        ("22.10.49", date(1949, 10, 22)),
        ("22. Oktober 1949", date(1949, 10, 22)),
        ("22. okt. 49", date(1949, 10, 22)),
        ("am 3.1.1953 geboren", date(1953, 1, 3)),
        ("Geburtsdatum: 5.5.90", date(1990, 5, 5)),
        ("3. Maerz 1960", date(1960, 3, 3)),
        ("22 10 1949", date(1949, 10, 22)),
        ("1949-10-22", date(1949, 10, 22)),
    ],
)
def test_birth_date_forms_are_parsed(typed: str, expected: date) -> None:
    assert parse_birth_date(typed, BIRTH_TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01.01.00", date(2000, 1, 1)),
        ("22.10.26", date(2026, 10, 22)),  # a few weeks ago: a baby's first passport
        ("22.12.26", date(1926, 12, 22)),  # 2026-12-22 lies ahead, so it is 1926
        ("01.01.30", date(1930, 1, 1)),
    ],
)
def test_two_digit_birth_years_resolve_to_the_past(typed: str, expected: date) -> None:
    assert parse_birth_date(typed, BIRTH_TODAY) == expected


@pytest.mark.parametrize("typed", ["22.10.2049", "25.11.2026", "1. Januar 2030"])
def test_future_birth_dates_are_rejected(typed: str) -> None:
    with pytest.raises(FutureBirthDateError):
        parse_birth_date(typed, BIRTH_TODAY)


@pytest.mark.parametrize(
    "typed", ["gestern", "22.10.", "Oktober 1949", "31.02.1990", "1.1.1850", "L01X00T47", ""]
)
def test_incomplete_or_impossible_birth_dates_are_rejected(typed: str) -> None:
    with pytest.raises(BirthDateError) as caught:
        parse_birth_date(typed, BIRTH_TODAY)
    assert not isinstance(caught.value, FutureBirthDateError)


def test_birth_date_errors_do_not_repeat_the_input() -> None:
    # Errors may be logged; a birth date is personal data.
    with pytest.raises(BirthDateError) as caught:
        parse_birth_date("31.02.1990", BIRTH_TODAY)
    assert "1990" not in str(caught.value)
