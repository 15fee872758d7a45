"""German date phrases ("gestern", "letzten Freitag", "Anfang März", "vor 'ner Woche") to days.

One parser for every form: written dates and the phrases dateparser does not know in German
("letzte Woche" as a week, "Wochenende", "Anfang Februar") are read by rule, everything else by
dateparser. A phrase that means several days gives a `Zeitraum`; the helpers turn it into what a
form needs.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import dateparser
from dateutil.relativedelta import relativedelta

from nrwbot.german.text import DAYTIME, is_unknown, normalize, without_fillers
from nrwbot.german.written import WrittenMonth, calendar_day, written_date, written_month

WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
NOON = time(12)  # "vor einer Stunde" must stay today
_PAST = r"(?:letzte|vorige|vergangene)[nmrs]?"
_NEXT = r"(?:nächste|kommende)[nmrs]?"
_THIS = r"(?:diese[nmrs]?|die)"
_WEEKDAY = re.compile(rf"\b(?:({_PAST})\s+|({_NEXT})\s+)?({'|'.join(WEEKDAYS)}){DAYTIME}?\b")
_NUMBER_WORDS = {"ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3,
                 "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10,
                 "elf": 11, "zwölf": 12}  # fmt: skip
_UNITS = {"tag": "days", "woche": "weeks", "monat": "months", "jahr": "years"}
_COUNT = rf"(\d+|{'|'.join(_NUMBER_WORDS)}) (tag|woche|monat|jahr)(?:e|en|n)?\b"
# "vor 2 Wochen", "2 Wochen her", "in 3 Tagen"; alone, "zwei Tage" (from "seit zwei Tagen") too.
_AGO = re.compile(rf"\b(?:(vor|in) {_COUNT}|{_COUNT} her)")


@dataclass(frozen=True)
class Zeitraum:
    """An inclusive range of days."""

    von: date
    bis: date

    @property
    def exakt(self) -> bool:
        """True when the range is a single day."""
        return self.von == self.bis


def _day(value: date) -> Zeitraum:
    return Zeitraum(value, value)


def _weekday(index: int, today: date, *, past: bool) -> date:
    """The latest such weekday before today, or the next one after it."""
    if past:
        return today - timedelta(days=(today.weekday() - index - 1) % 7 + 1)
    return today + timedelta(days=(index - today.weekday() - 1) % 7 + 1)


def _weekend(text: str, today: date, prefer_past: bool) -> Zeitraum:
    """This weekend if today is one, else the last one (or the next, when reading forward)."""
    if re.search(rf"{_NEXT} wochenende", text):
        saturday = _weekday(5, today, past=False)
    elif today.weekday() >= 5:
        saturday = today - timedelta(days=today.weekday() - 5)
    else:
        past = prefer_past or bool(re.search(rf"{_PAST} wochenende", text))
        saturday = _weekday(5, today, past=past)
    return Zeitraum(saturday, saturday + timedelta(days=1))


def _week(text: str, today: date) -> Zeitraum | None:
    monday = today - timedelta(days=today.weekday())
    for pattern, weeks in ((_PAST, -1), (_NEXT, 1), (_THIS, 0)):
        if re.search(rf"\b{pattern} woche\b", text):
            start = monday + timedelta(weeks=weeks)
            return Zeitraum(start, start + timedelta(days=6))
    return None


def _month(text: str, today: date) -> Zeitraum | None:
    for pattern, months in ((_PAST, -1), (_NEXT, 1), (_THIS, 0)):
        if re.search(rf"\b{pattern} monat\b", text):
            first = today.replace(day=1) + relativedelta(months=months)
            return Zeitraum(first, first + relativedelta(months=1, days=-1))
    return None


def _relative(text: str, today: date, prefer_past: bool) -> Zeitraum | None:
    if re.search(r"\bvorgestern\b", text):
        return _day(today - timedelta(days=2))
    if re.search(r"\bgestern\b", text):
        return _day(today - timedelta(days=1))
    if re.search(r"\bheute\b|\bvorhin\b|\bgerade eben\b", text):  # "heute morgen" is today
        return _day(today)
    if "wochenende" in text:
        return _weekend(text, today, prefer_past)
    if found := _week(text, today) or _month(text, today):
        return found
    if match := _WEEKDAY.search(text):
        past = bool(match[1]) or (prefer_past and not match[2])
        return _day(_weekday(WEEKDAYS.index(match[3]), today, past=past))
    if re.search(r"\bübermorgen\b", text):
        return _day(today + timedelta(days=2))
    if re.search(r"\bmorgen\b", text):
        return _day(today + timedelta(days=1))
    return None


def _month_range(written: WrittenMonth, today: date, prefer_past: bool) -> Zeitraum:
    def part(year: int) -> Zeitraum:
        last = calendar.monthrange(year, written.month)[1]
        start, end = {"anfang": (1, 10), "mitte": (11, 20), "ende": (21, last)}.get(
            written.part or "", (1, last)
        )
        return Zeitraum(date(year, written.month, start), date(year, written.month, end))

    found = part(written.year or today.year)
    if written.year is None and prefer_past and found.von > today:
        found = part(today.year - 1)
    return found


def _ago(text: str, today: date) -> date | None:
    if bare := re.fullmatch(_COUNT, text):
        direction, count, unit = "vor", bare[1], bare[2]
    elif match := _AGO.search(text):
        direction, count, unit = match.group(1, 2, 3) if match[1] else ("vor", *match.group(4, 5))
    else:
        return None
    amount = int(count) if count.isdigit() else _NUMBER_WORDS[count]
    delta = relativedelta(**{_UNITS[unit]: amount})  # type: ignore[arg-type]
    return today + delta if direction == "in" else today - delta


def _dateparser(text: str, today: date, prefer_past: bool) -> date | None:
    # A bare number ("1", "2026") is no date, whatever dateparser makes of it.
    if not re.search(r"[a-zäöü]", text) and not re.search(r"\d[./-]\d", text):
        return None
    settings: Any = {
        "PREFER_DATES_FROM": "past" if prefer_past else "current_period",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime.combine(today, NOON),
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    # Not dateparser's search_dates: it finds dates in words ("mit" as Mittwoch).
    parsed = dateparser.parse(text, languages=["de"], settings=settings)
    return parsed.date() if parsed else None


def parse_zeitraum(text: str, today: date, *, prefer_past: bool = True) -> Zeitraum | None:
    """The days a German date phrase means, past or future; None if it names no date.

    Args:
        text: what the citizen wrote, e.g. "letzten Freitag abend", "12.11." or "Anfang März".
        today: the reference day (injected so tests do not depend on the clock).
        prefer_past: dates without a year and bare weekdays are read as the latest such day
            (the forms mostly ask about things that happened), else as this year's / the next.
    """
    norm = normalize(text)
    if not norm or is_unknown(norm):
        return None
    if written := written_date(norm):
        try:
            return _day(calendar_day(written, today, prefer_past=prefer_past))
        except ValueError:  # "30.2."
            return None
    if month := written_month(norm):
        return _month_range(month, today, prefer_past)
    if found := _relative(norm, today, prefer_past):
        return found
    cleaned = without_fillers(norm)
    value = _ago(cleaned, today) or (_dateparser(cleaned, today, prefer_past) if cleaned else None)
    return _day(value) if value else None


def parse_day(text: str, today: date, *, prefer_past: bool = True) -> date | None:
    """The one day a German answer names, past or future; None if it names none.

    A phrase that means several days gives its first day (`Zeitraum.von`), the reading forms
    that ask "seit wann?" have always used for "Anfang Februar" (1 February): "letzte Woche" is
    that week's Monday, "im Oktober" the 1st of October.
    """
    found = parse_zeitraum(text, today, prefer_past=prefer_past)
    return found.von if found else None


def parse_range(text: str, today: date) -> Zeitraum | None:
    """The past days a phrase means, ending today at the latest; None if it names no past day.

    "diese Woche" said on a Thursday runs from Monday to that Thursday; "morgen" gives None.
    """
    found = parse_zeitraum(text, today)
    if found is None or found.von > today:
        return None
    return Zeitraum(found.von, min(found.bis, today))
