"""How a date answer fits the forms: a past date, late after a month; a planned one, within a year.

The date itself is read by the core (`nrwbot.german.parse_day`); this module holds only the
rules of the registration and de-registration forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from nrwbot.german import parse_day

LATE_AFTER = timedelta(days=31)
MAX_AHEAD = timedelta(days=365)


class DateCheck(Enum):
    """How a parsed date fits the question asked."""

    OK = "ok"
    LATE = "late"  # more than a month ago: accepted with a polite hint
    FUTURE = "future"


@dataclass(frozen=True)
class ParsedDate:
    """A date answer and how it fits."""

    value: date
    check: DateCheck


def check_past_date(text: str, today: date) -> ParsedDate | None:
    """Parses a date that must not lie in the future; flags dates more than a month ago."""
    value = parse_day(text, today)
    if value is None:
        return None
    if value > today:
        return ParsedDate(value, DateCheck.FUTURE)
    if today - value > LATE_AFTER:
        return ParsedDate(value, DateCheck.LATE)
    return ParsedDate(value, DateCheck.OK)


def check_planned_date(text: str, today: date) -> ParsedDate | None:
    """Parses a date that may also lie up to a year ahead (a planned move or hand-over)."""
    value = parse_day(text, today, prefer_past=False)
    if value is None:
        return None
    if value - today > MAX_AHEAD:
        return ParsedDate(value, DateCheck.FUTURE)
    return ParsedDate(value, DateCheck.OK)
