"""German loss-date phrases ("gestern", "letzten Freitag", "Anfang März") to date ranges.

Citizens rarely know the exact day, so every phrase becomes a range of days (`Zeitraum`), and the
search widens that range: a find is registered on the day it was found, which may be days after
the loss. `dateparser` handles what the explicit rules below do not; the rules exist because it
does not understand "letzten Freitag", "Wochenende" or "Anfang Februar" in German.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import dateparser

WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
MONTHS = (
    "januar", "februar", "märz", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "dezember",
)  # fmt: skip
_DAYTIME = r"(?:früh|morgens?|vormittags?|mittags?|nachmittags?|abends?|nachts?)"
_FILLERS = re.compile(
    r"\b(?:am|an dem|seit|seid|so|ca|circa|etwa|ungefähr|vermutlich|wahrscheinlich|glaube?|"
    r"ich|denke|war|es|das|vom|im|um|gegen|irgendwann|irgendwie|zwischen|schon|bereits)\b"
)
_UNKNOWN = re.compile(
    r"wei(?:ß|s) (?:ich )?(?:nicht|nich)\b|nicht mehr sicher|keine ahnung|unbekannt|k\. ?a\.|kein plan|egal"
)
_NUMERIC = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}|\d{2})\b)?")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH = re.compile(r"\b(?:(anfang|mitte|ende)\s+)?(" + "|".join(MONTHS) + r")\b(?:\s+(\d{4}))?")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.?\s+(" + "|".join(MONTHS) + r")\b(?:\s+(\d{4}))?")

NOON = time(12)  # "vor einer Stunde" must stay today
SEARCH_DAYS_BEFORE = 2  # the citizen may be a day or two off
SEARCH_DAYS_AFTER = 14  # finds reach the office with a delay and may be found days after the loss


@dataclass(frozen=True)
class Zeitraum:
    """An inclusive range of days."""

    von: date
    bis: date

    @property
    def exakt(self) -> bool:
        """True when the range is a single day."""
        return self.von == self.bis


def normalize(text: str) -> str:
    """Lower case, umlauts restored from ae/oe/ue where German dates need them, no punctuation."""
    text = text.lower().strip()
    text = text.replace("maerz", "märz").replace("marz", "märz").replace("ungefaehr", "ungefähr")
    text = text.replace("frueh", "früh").replace("weiss", "weiß")
    text = re.sub(r"\b(?:'ne|ne)r\b", "einer", text)
    text = re.sub(r"\b(?:'ne|ne)m\b", "einem", text)
    return re.sub(r"[,;!?]", " ", text)


def is_unknown(text: str) -> bool:
    """True when the citizen says they do not know the date (or place)."""
    return bool(_UNKNOWN.search(normalize(text)))


def _day(value: date) -> Zeitraum:
    return Zeitraum(value, value)


def _past_year(month: int, day: int, year: int | None, today: date) -> date | None:
    """The date with the given year, or the latest such date not after today."""
    try:
        candidate = date(year if year is not None else today.year, month, day)
        if year is None and candidate > today:
            candidate = date(today.year - 1, month, day)
    except ValueError:
        return None
    return candidate


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


def _month_range(month: int, part: str | None, year: int | None, today: date) -> Zeitraum:
    first = _past_year(month, 1, year, today) or date(today.year, month, 1)
    last_day = calendar.monthrange(first.year, month)[1]
    start, end = {"anfang": (1, 10), "mitte": (11, 20), "ende": (21, last_day)}.get(
        part or "", (1, last_day)
    )
    return Zeitraum(first.replace(day=start), min(first.replace(day=end), today))


def _last_weekday(index: int, today: date) -> date:
    """The latest such weekday strictly before today ("Freitag" said on a Friday is last week)."""
    return today - timedelta(days=(today.weekday() - index - 1) % 7 + 1)


def _relative(text: str, today: date) -> Zeitraum | None:
    if re.search(r"\bvorgestern\b", text):
        return _day(today - timedelta(days=2))
    if re.search(r"\bgestern\b", text):
        return _day(today - timedelta(days=1))
    if re.search(r"\bheute\b|\bvorhin\b|\bgerade eben\b", text):
        return _day(today)
    if "wochenende" in text:
        if today.weekday() >= 5:
            return Zeitraum(today - timedelta(days=today.weekday() - 5), today)
        saturday = _last_weekday(5, today)
        return Zeitraum(saturday, saturday + timedelta(days=1))
    monday = today - timedelta(days=today.weekday())
    if re.search(r"\b(?:letzte|vorige|vergangene)n? woche\b", text):
        return Zeitraum(monday - timedelta(days=7), monday - timedelta(days=1))
    if re.search(r"\b(?:diese|die) woche\b", text):
        return Zeitraum(monday, today)
    if re.search(r"\b(?:letzten|vorigen|vergangenen) monat\b", text):
        last = today.replace(day=1) - timedelta(days=1)
        return Zeitraum(last.replace(day=1), last)
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}(?:{_DAYTIME})?\b", text):
            return _day(_last_weekday(index, today))
    return None


def _explicit(text: str, today: date) -> Zeitraum | None:
    if match := _ISO.search(text):
        try:
            return _day(date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            return None
    if match := _NUMERIC.search(text):
        found = _past_year(int(match[2]), int(match[1]), _year(match[3]), today)
        return _day(found) if found else None
    if match := _DAY_MONTH.search(text):
        found = _past_year(MONTHS.index(match[2]) + 1, int(match[1]), _year(match[3]), today)
        return _day(found) if found else None
    if match := _MONTH.search(text):
        return _month_range(MONTHS.index(match[2]) + 1, match[1], _year(match[3]), today)
    return None


def parse_zeitraum(text: str, today: date) -> Zeitraum | None:
    """The days a German date phrase means, or None if it names no past date.

    Args:
        text: what the citizen wrote, e.g. "letzten Freitag abend" or "12.11.".
        today: the reference day (injected so tests do not depend on the clock).
    """
    norm = normalize(text)
    if not norm or is_unknown(norm):
        return None
    result = _explicit(norm, today) or _relative(norm, today)
    if result is None:
        cleaned = re.sub(rf"\b{_DAYTIME}\b", " ", _FILLERS.sub(" ", norm)).strip()
        parsed = dateparser.parse(
            cleaned,
            languages=["de"],
            settings={
                "PREFER_DATES_FROM": "past",
                "RELATIVE_BASE": datetime.combine(today, NOON),
                "DATE_ORDER": "DMY",
            },
        ) if cleaned else None  # fmt: skip
        result = _day(parsed.date()) if parsed else None
    if result is None or result.von > today:
        return None
    return result


def suchzeitraum(zeitraum: Zeitraum, today: date) -> Zeitraum:
    """Widens a loss period to the find dates worth searching."""
    return Zeitraum(
        zeitraum.von - timedelta(days=SEARCH_DAYS_BEFORE),
        min(zeitraum.bis + timedelta(days=SEARCH_DAYS_AFTER), today),
    )
