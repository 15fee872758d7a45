"""Reading what citizens type: document numbers, birth dates and document types.

Citizens copy the number from their application receipt in many ways (lower case, spaces, dashes,
the letter O for the digit 0) and write dates the German way. These functions turn such input
into one canonical value or say that it cannot be read; they never decide whether a number exists.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from enum import Enum

import dateparser
from dateparser.search import search_dates

# Serial numbers of ID cards and passports use digits and these 17 consonants only; the letter O
# never occurs, so an O a citizen typed can only mean the digit 0.
SERIAL_ALPHABET = "0123456789CFGHJKLMNPRTVWXYZ"
SERIAL_LENGTH = 9
_SERIAL = re.compile(rf"[{SERIAL_ALPHABET}]{{{SERIAL_LENGTH}}}")
# The municipality's process number: two letters, year, six digits – PA-2026-001000, also typed
# with spaces or compact (PA2026001000). Anything shaped like "letters-year-digits" is treated as
# an attempted process number, so "A-2026-00123" is refused rather than misread as the serial
# number 202600123.
_PROCESS_LIKE = re.compile(r"\b([A-Z]{1,3})[\s-]*([0-9O]{4})[\s-]*([0-9O]{3,8})\b")
_PROCESS_LIKE_SEPARATED = re.compile(r"\b[A-Z]{1,3}[\s-]+[0-9O]{4}[\s-]+[0-9O]{3,8}\b")
PROCESS_PREFIX_LENGTH = 2
PROCESS_SERIAL_LENGTH = 6
_SEPARATORS = re.compile(r"[^0-9A-Z]+")

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC_DATE = re.compile(r"\b\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*(?:\d{4}|\d{2})\b")
_WORDED_DATE = re.compile(r"\b\d{1,2}\.?\s*[A-Za-zÄÖÜäöü]{3,}\.?\s*(?:\d{4}|\d{2})\b")
_YEAR_AT_END = re.compile(r"\d{2,4}$")
# dateparser knows "März" and "Mrz" but not the umlaut-free spelling people type.
_SPELLING_FIXES = {"maerz": "märz", "Maerz": "März"}
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",  # "22.10.49" is 1949, never 2049
    "REQUIRE_PARTS": ["day", "month", "year"],
}
EARLIEST_BIRTH_YEAR = 1900


class BirthDateError(ValueError):
    """The text holds no complete, real calendar date."""


class FutureBirthDateError(BirthDateError):
    """The date lies after today, so it cannot be a date of birth."""


class DocumentType(str, Enum):
    """The document kinds citizens ask about (values as the bot writes them)."""

    PERSONALAUSWEIS = "Personalausweis"
    REISEPASS = "Reisepass"
    KINDERREISEPASS = "Kinderreisepass"


def _process_number(text: str) -> tuple[bool, str | None]:
    """(whether the text holds something shaped like a process number, its canonical form)."""
    for match in _PROCESS_LIKE.finditer(text):
        prefix, year, serial = match.groups()
        strict = len(prefix) == PROCESS_PREFIX_LENGTH and len(serial) == PROCESS_SERIAL_LENGTH
        if strict:
            return True, f"{prefix}-{year.replace('O', '0')}-{serial.replace('O', '0')}"
        if _PROCESS_LIKE_SEPARATED.fullmatch(match.group(0)):
            return True, None
        # Compact and not strict ("CF1234567", "K12345678"): a serial number, not a process number.
    return False, None


def _serial_number(text: str) -> str | None:
    # Citizens split the 9 characters into groups ("l01x 00t4 7", "L01-X00-T47"), so runs of
    # neighbouring tokens that add up to exactly 9 characters are candidates.
    tokens = [token for token in _SEPARATORS.split(text) if token]
    for start in range(len(tokens)):
        joined = ""
        for token in tokens[start:]:
            joined += token
            if len(joined) >= SERIAL_LENGTH:
                break
        candidate = joined.replace("O", "0")
        if (
            len(candidate) == SERIAL_LENGTH
            and _SERIAL.fullmatch(candidate)
            and any(char.isdigit() for char in candidate)
        ):
            return candidate
    return None


def normalize_document_number(text: str) -> str | None:
    """The canonical serial or process number in `text`, or None if there is none.

    Args:
        text: what the citizen typed, e.g. "l01x 00t4 7", "LO1-XOO-T47" or "pa 2026 001000".

    Returns:
        "L01X00T47"-style serial numbers (upper case, O read as 0) or "PA-2026-001000"-style
        process numbers; None when nothing in the text has either format.
    """
    upper = text.upper()
    looks_like_process_number, process_number = _process_number(upper)
    if looks_like_process_number:
        return process_number
    return _serial_number(upper)


def _date_span(text: str) -> str | None:
    for pattern in (_NUMERIC_DATE, _WORDED_DATE):
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def _parse_with_dateparser(text: str, today: date) -> date | None:
    settings = {**_DATEPARSER_SETTINGS, "RELATIVE_BASE": datetime.combine(today, time())}
    span = _date_span(text)
    if span is not None:
        parsed = dateparser.parse(span, languages=["de"], settings=settings)
        return parsed.date() if parsed else None
    # Unusual spellings ("22 10 1949"): let dateparser search, but only accept a match that ends
    # in a year, so relative words such as "gestern" never become a birth date.
    for found_text, found in search_dates(text, languages=["de"], settings=settings) or []:
        if _YEAR_AT_END.search(found_text.strip()):
            return found.date()
    return None


def parse_birth_date(text: str, today: date | None = None) -> date:
    """Reads a date of birth written the German way.

    Accepts "22.10.1949", "22.10.49" (two-digit years count back from today), "22. Oktober 1949",
    "am 3.1.1953 geboren" and ISO "1949-10-22".

    Raises:
        FutureBirthDateError: the date lies in the future.
        BirthDateError: no complete, real date (day, month and year) was found.
    """
    today = today or date.today()
    cleaned = text.strip()
    for wrong, right in _SPELLING_FIXES.items():
        cleaned = cleaned.replace(wrong, right)
    iso = _ISO_DATE.search(cleaned)
    try:
        parsed = (
            date(*(int(part) for part in iso.groups()))
            if iso
            else _parse_with_dateparser(cleaned, today)
        )
    except ValueError as exc:  # e.g. 1949-02-30
        raise BirthDateError(f"no real date in {len(text)} characters") from exc
    if parsed is None or parsed.year < EARLIEST_BIRTH_YEAR:
        raise BirthDateError(f"no complete date in {len(text)} characters")
    if parsed > today:
        raise FutureBirthDateError("date of birth lies in the future")
    return parsed


def document_type_of(value: str | None) -> DocumentType | None:
    """Maps how citizens name a document ("perso", "reisepas", "Kinderpass") to its type."""
    if not value:
        return None
    lowered = value.lower().replace("ß", "ss")
    if "kinder" in lowered:
        return DocumentType.KINDERREISEPASS
    if "pass" in lowered or "päss" in lowered or "reisepas" in lowered:
        return DocumentType.REISEPASS
    if "ausweis" in lowered or "perso" in lowered:
        return DocumentType.PERSONALAUSWEIS
    return None
