"""Reading document numbers and document types the way citizens type them.

Birth dates are read by the core; tests/test_german_dates.py covers them.
"""

from __future__ import annotations

import pytest

from domains.ausweisstatus.inputs import DocumentType, document_type_of, normalize_document_number


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
