"""German date answers ("gestern", "seit letzter Woche", "12.03.2026") checked for the forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

import dateparser
from dateparser.search import search_dates

LATE_AFTER = timedelta(days=31)
MAX_AHEAD = timedelta(days=365)

# dateparser understands "letzte Woche" and "vor 2 Wochen" but not every way Germans say it.
_REWRITES = (
    (
        re.compile(
            r"^(seit|ab|am|vom|von|den|dem|der|since|so|etwa|ungefaehr|ungefähr|circa|ca\.)\s+"
        ),
        "",
    ),
    (re.compile(r"\bletzter woche\b"), "letzte woche"),
    (re.compile(r"\bletztem monat\b|\bletzten monat\b"), "letzten monat"),
    (re.compile(r"^anfang "), "1. "),
    (re.compile(r"^mitte "), "15. "),
    (re.compile(r"^ende "), "28. "),
    (
        re.compile(
            r"^(\d+|einer|einem|zwei|drei|vier|fünf|sechs) (tag|tage|tagen|woche|wochen|monat|monaten)$"
        ),
        r"vor \1 \2",
    ),
)


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


def _normalised(text: str) -> str:
    cleaned = text.strip().lower().rstrip(".!?")
    changed = True
    while changed:
        changed = False
        for pattern, replacement in _REWRITES:
            new = pattern.sub(replacement, cleaned).strip()
            if new != cleaned:
                cleaned, changed = new, True
    return cleaned


def parse_german_date(text: str, today: date, *, prefer_past: bool = True) -> date | None:
    """The date a German answer means, relative to `today`; None if there is none.

    Dates without a year are read as the most recent such date when `prefer_past` (the forms
    mostly ask about things that already happened), else as the date in the current year.
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return date.fromisoformat(text.strip())  # a value this module produced earlier
    settings = {
        "PREFER_DATES_FROM": "past" if prefer_past else "current_period",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()).replace(hour=12),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    normalised = _normalised(text)
    # A bare number ("1", "2026") is no date, whatever dateparser makes of it.
    if not re.search(r"[a-zäöü]", normalised) and not re.search(r"\d[./-]\d", normalised):
        return None
    parsed = dateparser.parse(normalised, languages=["de"], settings=settings)
    if parsed is None:
        found = search_dates(normalised, languages=["de"], settings=settings)
        parsed = found[0][1] if found else None
    return parsed.date() if parsed else None


def check_past_date(text: str, today: date) -> ParsedDate | None:
    """Parses a date that must not lie in the future; flags dates more than a month ago."""
    value = parse_german_date(text, today)
    if value is None:
        return None
    if value > today:
        return ParsedDate(value, DateCheck.FUTURE)
    if today - value > LATE_AFTER:
        return ParsedDate(value, DateCheck.LATE)
    return ParsedDate(value, DateCheck.OK)


def check_planned_date(text: str, today: date) -> ParsedDate | None:
    """Parses a date that may also lie up to a year ahead (a planned move or hand-over)."""
    value = parse_german_date(text, today, prefer_past=False)
    if value is None:
        return None
    if value - today > MAX_AHEAD:
        return ParsedDate(value, DateCheck.FUTURE)
    return ParsedDate(value, DateCheck.OK)


def german_date(value: date) -> str:
    """12.03.2026"""
    return value.strftime("%d.%m.%Y")
