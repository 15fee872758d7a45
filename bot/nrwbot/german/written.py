"""Calendar dates as Germans write them: "12.03.2026", "11.11.", "3. Okt. 49", "Anfang März".

These forms are read by rule rather than by dateparser, which takes "11.11." for today in some
settings and has no notion of "Anfang März". The year stays as written (missing, two or four
digits) until `calendar_day` resolves it against today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = (
    "januar", "februar", "märz", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "dezember",
)  # fmt: skip
_ABBREVIATIONS = {"mrz": 3, "sept": 9}
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(MONTHS, 1)},
    **{name[:3]: number for number, name in enumerate(MONTHS, 1)},
    **_ABBREVIATIONS,
}
# Longest first, so that "august" is not read as "aug" followed by letters.
MONTH = "(" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?"

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2(?:\s?(\d{4}|\d{2})\b)?")
_SPACED = re.compile(r"\b(\d{1,2})\s+(\d{1,2})\s+(\d{4})\b")  # "22 10 1949": only with a year
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\.?\s*{MONTH}(?:\s*(\d{{4}}|\d{{2}})\b)?")
_MONTH_ONLY = re.compile(rf"\b(?:(anfang|mitte|ende)\s+)?{MONTH}(?:\s*(\d{{4}})\b)?")


@dataclass(frozen=True)
class WrittenDate:
    """A day as written; `year` is None when left out, `short_year` when written with 2 digits."""

    day: int
    month: int
    year: int | None
    short_year: bool = False


@dataclass(frozen=True)
class WrittenMonth:
    """A month or a third of one ("Anfang", "Mitte", "Ende"), with the year if one was written."""

    month: int
    part: str | None
    year: int | None


def _written(day: str, month: int, year: str | None) -> WrittenDate:
    return WrittenDate(
        int(day), month, int(year) if year else None, year is not None and len(year) == 2
    )


def written_date(text: str) -> WrittenDate | None:
    """The first calendar day written in a normalized text (ISO, numeric or with a month name)."""
    if match := _ISO.search(text):
        return WrittenDate(int(match[3]), int(match[2]), int(match[1]))
    if match := _NUMERIC.search(text):
        return _written(match[1], int(match[3]), match[4])
    if match := _SPACED.search(text):
        return _written(match[1], int(match[2]), match[3])
    if match := _DAY_MONTH.search(text):
        return _written(match[1], _MONTH_NUMBERS[match[2]], match[3])
    return None


def written_month(text: str) -> WrittenMonth | None:
    """A month named without a day ("im Oktober", "Anfang März 2026"), if any."""
    if match := _MONTH_ONLY.search(text):
        return WrittenMonth(_MONTH_NUMBERS[match[2]], match[1], int(match[3]) if match[3] else None)
    return None


def calendar_day(written: WrittenDate, today: date, *, prefer_past: bool) -> date:
    """The day meant, reading a missing or two-digit year towards the past when `prefer_past`.

    Without a year: this year's day, or last year's if that lies ahead and the past is preferred.
    Two digits: "26" is 2026, or 1926 if 2026's day lies ahead and the past is preferred.

    Raises:
        ValueError: the day does not exist ("30.02.").
    """
    if written.year is None:
        value = date(today.year, written.month, written.day)
        return value.replace(year=today.year - 1) if prefer_past and value > today else value
    if not written.short_year:
        return date(written.year, written.month, written.day)
    value = date(2000 + written.year, written.month, written.day)
    return value.replace(year=1900 + written.year) if prefer_past and value > today else value
