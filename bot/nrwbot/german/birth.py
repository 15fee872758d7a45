"""Birth dates written the German way, read strictly: a day, a month and a year, nothing relative.

A birth date identifies a person, so a guess is worse than a question: "gestern", "22.10." and
"Oktober 1949" are refused rather than completed from today's date.
"""

from __future__ import annotations

from datetime import date

from nrwbot.german.text import normalize
from nrwbot.german.written import calendar_day, written_date

EARLIEST_BIRTH_YEAR = 1900


class BirthDateError(ValueError):
    """The text holds no complete, real calendar date."""


class FutureBirthDateError(BirthDateError):
    """The date lies after today, so it cannot be a date of birth."""


def parse_birth_date(text: str, today: date) -> date:
    """Reads a date of birth: "22.10.1949", "22.10.49", "22. Oktober 1949", "1949-10-22".

    Two-digit years count back from today: "22.10.26" is 2026 if that day has passed, else 1926.
    Error messages never repeat the input (they may be logged; a birth date is personal data).

    Raises:
        FutureBirthDateError: the date lies in the future.
        BirthDateError: no complete, real date (day, month and year) was found.
    """
    written = written_date(normalize(text))
    if written is None or written.year is None:
        raise BirthDateError(f"no complete date in {len(text)} characters")
    try:
        value = calendar_day(written, today, prefer_past=True)
    except ValueError as exc:  # "31.02.1990", or 29 February counted back to a common year
        raise BirthDateError(f"no real date in {len(text)} characters") from exc
    if value.year < EARLIEST_BIRTH_YEAR:
        raise BirthDateError(f"no plausible date in {len(text)} characters")
    if value > today:
        raise FutureBirthDateError("date of birth lies in the future")
    return value
