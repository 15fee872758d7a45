"""Reading document numbers, birth dates and document types the way citizens type them."""

from __future__ import annotations

from datetime import date

import pytest

from domains.ausweisstatus.inputs import (
    BirthDateError,
    DocumentType,
    FutureBirthDateError,
    document_type_of,
    normalize_document_number,
    parse_birth_date,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("L01X00T47", "L01X00T47"),
        ("l01x00t47", "L01X00T47"),
        ("l01x 00t4 7", "L01X00T47"),
        ("L01-X00-T47", "L01X00T47"),
        ("L01 X00 T47", "L01X00T47"),
        ("Meine Nummer ist L01X00T47.", "L01X00T47"),
        ("Seriennummer: T22 000 129", "T22000129"),
        ("PA-2026-001000", "PA-2026-001000"),
        ("pa 2026 001000", "PA-2026-001000"),
        ("PA2026001000", "PA-2026-001000"),
        ("Vorgangsnummer PA-2026-0O1000", "PA-2026-001000"),
    ],
)
def test_numbers_are_read_as_people_type_them(typed: str, expected: str) -> None:
    assert normalize_document_number(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("LO1XOOT47", "L01X00T47"), ("lo1-xoo-t47", "L01X00T47"), ("OOCF12345", "00CF12345")],
)
def test_letter_o_is_read_as_digit_zero(typed: str, expected: str) -> None:
    # Serial numbers never contain the letter O, so it can only be a mistyped 0.
    assert normalize_document_number(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "L01X00T4",  # 8 characters
        "L01X00T47X",  # 10 characters
        "L01X00T4A",  # A is not in the serial alphabet
        "B01X00T47",  # nor is B
        "LIIX00T47",  # nor is I
        "Reisepass",  # 9 letters, but a word
        "keine Ahnung",
        "ist es 2026 schon fertig",
        "",
    ],
)
def test_bad_formats_give_no_number(typed: str) -> None:
    assert normalize_document_number(typed) is None


@pytest.mark.parametrize("typed", ["A-2026-00123", "PA-2026-00123", "PAX-2026-001000"])
def test_a_process_number_in_another_format_is_refused_not_misread(typed: str) -> None:
    # "2026" + "00123" would otherwise pass as the 9-character serial number 202600123.
    assert normalize_document_number(typed) is None


@pytest.mark.parametrize("serial", ["CF1234567", "K12345678", "NRW706FFJ", "MZP5T8KCF"])
def test_serial_numbers_starting_with_letters_are_not_taken_for_process_numbers(
    serial: str,
) -> None:
    assert normalize_document_number(serial.lower()) == serial


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
def test_german_date_forms_are_parsed(typed: str, expected: date) -> None:
    assert parse_birth_date(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01.01.00", date(2000, 1, 1)),
        ("22.10.26", date(2026, 10, 22)),  # a few weeks ago: a baby's first passport
        ("22.12.26", date(1926, 12, 22)),  # 2026-12-22 lies ahead, so it is 1926
        ("01.01.30", date(1930, 1, 1)),
    ],
)
def test_two_digit_years_resolve_to_the_past(typed: str, expected: date) -> None:
    assert parse_birth_date(typed, today=TODAY) == expected


@pytest.mark.parametrize("typed", ["22.10.2049", "25.11.2026", "1. Januar 2030"])
def test_future_dates_are_rejected(typed: str) -> None:
    with pytest.raises(FutureBirthDateError):
        parse_birth_date(typed, today=TODAY)


@pytest.mark.parametrize(
    "typed", ["gestern", "22.10.", "Oktober 1949", "31.02.1990", "1.1.1850", "L01X00T47", ""]
)
def test_incomplete_or_impossible_dates_are_rejected(typed: str) -> None:
    with pytest.raises(BirthDateError) as caught:
        parse_birth_date(typed, today=TODAY)
    assert not isinstance(caught.value, FutureBirthDateError)


def test_error_messages_do_not_repeat_the_input() -> None:
    # Errors may be logged; a birth date is personal data.
    with pytest.raises(BirthDateError) as caught:
        parse_birth_date("31.02.1990", today=TODAY)
    assert "1990" not in str(caught.value)


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ("Perso", DocumentType.PERSONALAUSWEIS),
        ("ausweiß", DocumentType.PERSONALAUSWEIS),
        ("Personalausweises", DocumentType.PERSONALAUSWEIS),
        ("reisepas", DocumentType.REISEPASS),
        ("Pässe", DocumentType.REISEPASS),
        ("Kinderreisepass", DocumentType.KINDERREISEPASS),
        ("Kinderpass", DocumentType.KINDERREISEPASS),
        ("Führerschein", None),
        (None, None),
    ],
)
def test_document_types_are_recognised(named: str | None, expected: DocumentType | None) -> None:
    assert document_type_of(named) is expected
