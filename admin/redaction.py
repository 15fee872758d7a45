"""Replaces German personal data in free text by typed placeholders such as `[NAME]`.

Every text the admin app shows or exports passes through `redact`. Detection is rule-based, so
its behaviour can be read and tested: phone numbers come from `phonenumbers` (Google's
libphonenumber rules for German numbers), names from the cues citizens put before them
(`admin.redaction_names`), everything else from the shaped patterns in `admin.redaction_patterns`.

Detectors run in a fixed order and the first one to claim a stretch of text keeps it, so the
more specific shapes go first: an e-mail address before the name inside it, an IBAN before the
phone number hidden in its digits, an address with its postcode before the postcode alone.
Placeholders contain nothing any detector matches, so redacting twice changes nothing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import phonenumbers

from admin import redaction_names, redaction_patterns
from admin.redaction_patterns import Kind, Span

__all__ = ["Kind", "Redaction", "find_personal_data", "redact", "redact_with_spans"]

Detector = Callable[[str], Iterable[Span]]


@dataclass(frozen=True)
class Redaction:
    """One stretch of personal data: its kind and where it stands in the original text."""

    kind: Kind
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        """What replaces the stretch, e.g. `[NAME]`."""
        return self.kind.placeholder


def _phone_numbers(text: str) -> Iterator[Span]:
    # VALID (not POSSIBLE) leniency: POSSIBLE also takes dates, amounts and postcodes for numbers.
    for match in phonenumbers.PhoneNumberMatcher(text, "DE", leniency=phonenumbers.Leniency.VALID):
        yield Kind.TELEFON, match.start, match.end
    # Mistyped numbers libphonenumber rejects are still somebody's number.
    yield from redaction_patterns.phone_shaped(text)


# Most specific first: see the module docstring.
_DETECTORS: tuple[Detector, ...] = (
    redaction_patterns.emails,
    redaction_patterns.ibans,
    redaction_patterns.file_numbers,
    redaction_patterns.birth_dates,
    redaction_patterns.chip_numbers,
    _phone_numbers,
    redaction_patterns.document_serials,
    redaction_patterns.addresses,
    redaction_patterns.postcode_towns,
    redaction_names.names,
)


def _claim(spans: Iterable[Span], taken: list[Redaction]) -> None:
    """Add each span that overlaps none in `taken`, keeping `taken` sorted by start."""
    for kind, start, end in spans:
        at = bisect.bisect_left(taken, start, key=lambda r: r.start)
        free_before = at == 0 or taken[at - 1].end <= start
        free_after = at == len(taken) or end <= taken[at].start
        if start < end and free_before and free_after:
            taken.insert(at, Redaction(kind, start, end))


def find_personal_data(text: str) -> list[Redaction]:
    """All stretches of personal data in `text`, sorted by position and never overlapping."""
    taken: list[Redaction] = []
    for detector in _DETECTORS:
        _claim(detector(text), taken)
    # A bare date counts as a birth date only right after a name, so names must be known first.
    names = [(r.start, r.end) for r in taken if r.kind is Kind.NAME]
    _claim(redaction_patterns.dates_after_names(text, names), taken)
    return taken


def redact_with_spans(text: str) -> tuple[str, list[Redaction]]:
    """`text` with personal data replaced, and the replaced stretches (offsets into `text`).

    The offsets let the admin app highlight what was removed and the NLU export shift entity
    spans that follow a replacement.
    """
    redactions = find_personal_data(text)
    parts: list[str] = []
    position = 0
    for redaction in redactions:
        parts += [text[position : redaction.start], redaction.placeholder]
        position = redaction.end
    parts.append(text[position:])
    return "".join(parts), redactions


def redact(text: str) -> str:
    """`text` with names, contact data, addresses, birth dates and case numbers replaced.

    Example: "Ich heiße Erika Mustermann, Tel. 0171 1234567" becomes
    "Ich heiße [NAME], Tel. [TELEFON]".
    """
    return redact_with_spans(text)[0]
