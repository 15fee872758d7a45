"""Form answers: names, addresses with postcode, chip numbers, counts, reference numbers, dates."""

from __future__ import annotations

from datetime import date

import pytest

from domains.hundesteuer.actions.choices import parse_ermaessigung, parse_grund
from domains.hundesteuer.actions.date_checks import DateCheck, check_past_date, check_planned_date
from domains.hundesteuer.actions.validation import (
    SKIP,
    Address,
    is_valid_plz,
    parse_address,
    parse_aktenzeichen,
    parse_chip,
    parse_count,
    parse_name,
)
from domains.hundesteuer.client import Abmeldegrund, Ermaessigung

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Erika Mustermann", "Erika Mustermann"),
        ("mein Name ist Jana Hoffmann", "Jana Hoffmann"),
        ("schmitz, peter", "Peter Schmitz"),
        ("Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("er heißt Bruno", "Bruno"),
        ("Imke Vorberg", "Imke Vorberg"),
        ("Amadeus", "Amadeus"),
    ],
)
def test_names_are_cleaned(typed: str, name: str) -> None:
    assert parse_name(typed) == name


@pytest.mark.parametrize(
    "typed",
    ["", "x", "12345", "ich will meinen hund jetzt sofort anmelden", "vor dem Rathaus", "im Park"],
)
def test_non_names_are_refused(typed: str) -> None:
    assert parse_name(typed) is None


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("Marktstraße 3, 59494 Soest", Address("Marktstraße 3", "59494", "Soest")),
        ("Bahnhofstr. 12 44135 Dortmund", Address("Bahnhofstr. 12", "44135", "Dortmund")),
        (
            "Meine Adresse ist Am Markt 1, 33602 Bielefeld",
            Address("Am Markt 1", "33602", "Bielefeld"),
        ),
        (
            "ich wohne in der Lange Wende 12-14, 59494 Soest",
            Address("Lange Wende 12-14", "59494", "Soest"),
        ),
        ("Kirchgasse 3a, 45127 Essen", Address("Kirchgasse 3a", "45127", "Essen")),
        ("59555 Lippstadt, Cappeltor 2", Address("Cappeltor 2", "59555", "Lippstadt")),
        (
            "Straße des 17. Juni 5, 10623 Berlin",
            Address("Straße des 17. Juni 5", "10623", "Berlin"),
        ),
    ],
)
def test_addresses_are_split(typed: str, address: Address) -> None:
    assert parse_address(typed) == address


@pytest.mark.parametrize(
    "typed",
    [
        "Marktstraße 3 Soest",
        "Marktstraße 3, 5949 Soest",
        "Marktstraße 3, 594944 Soest",
        "Am Vreithof 8, 00123 Soest",
        "59494 Soest",
        "Marktstraße, 59494 Soest",
    ],
)
def test_addresses_without_valid_postcode_or_number_are_refused(typed: str) -> None:
    assert parse_address(typed) is None


def test_postcode_rules() -> None:
    assert is_valid_plz("59494") and is_valid_plz("01067")
    assert not is_valid_plz("00999") and not is_valid_plz("5949") and not is_valid_plz("5949a")


@pytest.mark.parametrize(
    ("typed", "chip"),
    [
        ("276098106543210", "276098106543210"),
        ("276 098 106 543 210", "276098106543210"),
        ("0276098106543210", "276098106543210"),  # readers sometimes show a leading 0
        ("Chipnummer: 276094500012345", "276094500012345"),
        ("941000012345678", "941000012345678"),  # manufacturer code
        ("keinen", SKIP),
        ("weiß ich nicht", SKIP),
        ("der hat keinen chip", SKIP),
        ("die nummer hab ich nicht zur hand", SKIP),
        ("hat keinen chip", SKIP),
        ("12345", None),
        ("2760981065432109", None),  # 16 digits without the reader's leading 0
        ("999000012345678", None),  # 999 is no country or manufacturer code
        ("000123456789012", None),
    ],
)
def test_chip_numbers(typed: str, chip: str | None) -> None:
    assert parse_chip(typed) == chip


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("0", 0),
        ("keinen", 0),
        ("Das ist mein erster Hund", 0),
        ("noch keinen", 0),
        ("1", 1),
        ("einen", 1),
        ("Einen habe ich schon", 1),
        ("zwei Stück", 2),
        ("3 oder mehr", 3),
        ("bananen", None),
        ("100", None),
    ],
)
def test_dog_counts(typed: str, count: int | None) -> None:
    assert parse_count(typed) == count


@pytest.mark.parametrize(
    ("typed", "aktenzeichen"),
    [
        ("HST-2026-7K3M9QTX", "HST-2026-7K3M9QTX"),
        ("hst-2026-7k3m 9qtx", "HST-2026-7K3M9QTX"),
        ("Aktenzeichen: HST 2026 4D9R-Z2PW", "HST-2026-4D9RZ2PW"),
        ("HST-2026-7K3M9QTO", "HST-2026-7K3M9QT0"),  # O is read as zero
        ("HST-2026-IL3M9QTX", "HST-2026-113M9QTX"),  # I and L are read as one
        ("HST-2026-7K3M9QTU", None),  # no U in Crockford's base32
        ("HST-2026-7K3M9QTXY", None),
        # Numbers issued by version 0.1 still name their registrations.
        ("HST-2026-00001", "HST-2026-00001"),
        ("hst 2026 12", "HST-2026-00012"),
        ("Aktenzeichen: HST-2025-00417", "HST-2025-00417"),
        ("weiß ich nicht", SKIP),
        ("A-2026-00123", None),
        ("HST-26-1", None),
    ],
)
def test_aktenzeichen(typed: str, aktenzeichen: str | None) -> None:
    assert parse_aktenzeichen(typed) == aktenzeichen


# How the German date is read is tested once, in tests/test_german_dates.py; here only how the
# forms judge it.
@pytest.mark.parametrize(
    ("typed", "expected", "check"),
    [
        ("gestern", date(2026, 3, 14), DateCheck.OK),
        ("seit letzter Woche", date(2026, 3, 2), DateCheck.OK),  # a range: its first day
        ("Anfang Februar", date(2026, 2, 1), DateCheck.LATE),
        ("15.3.2025", date(2025, 3, 15), DateCheck.LATE),
        ("01.04.2026", date(2026, 4, 1), DateCheck.FUTURE),
        ("morgen", date(2026, 3, 16), DateCheck.FUTURE),
    ],
)
def test_past_dates(typed: str, expected: date, check: DateCheck) -> None:
    parsed = check_past_date(typed, TODAY)
    assert parsed is not None
    assert (parsed.value, parsed.check) == (expected, check)


def test_non_dates_are_refused() -> None:
    assert check_past_date("keine Ahnung", TODAY) is None
    assert check_planned_date("Bello", TODAY) is None


def test_planned_dates_may_lie_ahead_but_not_more_than_a_year() -> None:
    planned = check_planned_date("1. Juli", TODAY)
    assert planned is not None and planned.value == date(2026, 7, 1)
    assert planned.check is DateCheck.OK
    too_late = check_planned_date("01.04.2027", TODAY)
    assert too_late is not None and too_late.check is DateCheck.FUTURE


@pytest.mark.parametrize(
    ("typed", "choice"),
    [
        ("keine", Ermaessigung.KEINE),
        ("Nein danke", Ermaessigung.KEINE),
        ("Ich bekomme Bürgergeld", Ermaessigung.SOZIALLEISTUNGEN),
        ("Sozialleistungen", Ermaessigung.SOZIALLEISTUNGEN),
        ("Tierheimhund", Ermaessigung.TIERHEIM),
        ("er ist ein Blindenführhund", Ermaessigung.ASSISTENZHUND),
        ("Anderer Grund", Ermaessigung.SONSTIGE),
        ("Banane", None),
    ],
)
def test_reductions(typed: str, choice: Ermaessigung | None) -> None:
    assert parse_ermaessigung(typed) == choice


@pytest.mark.parametrize(
    ("typed", "grund"),
    [
        ("verstorben", Abmeldegrund.VERSTORBEN),
        ("er musste eingeschläfert werden", Abmeldegrund.VERSTORBEN),
        ("abgegeben", Abmeldegrund.ABGEGEBEN),
        ("ins Tierheim gegeben", Abmeldegrund.ABGEGEBEN),
        ("Umzug", Abmeldegrund.VERZOGEN),
        ("entlaufen", Abmeldegrund.ENTLAUFEN),
        ("anderer Grund", Abmeldegrund.SONSTIGES),
        ("Banane", None),
    ],
)
def test_deregistration_reasons(typed: str, grund: Abmeldegrund | None) -> None:
    assert parse_grund(typed) == grund
