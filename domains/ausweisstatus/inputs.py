"""Reading what citizens type: document numbers and document types.

Citizens copy the number from their application receipt in many ways (lower case, spaces, dashes,
the letter O for the digit 0). These functions turn such input into one canonical value or say
that it cannot be read; they never decide whether a number exists. Birth dates are read by the
core (`nrwbot.german.parse_birth_date`).
"""

from __future__ import annotations

import re
from enum import Enum

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
