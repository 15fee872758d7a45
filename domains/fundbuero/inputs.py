"""Checks for the citizen's answers in the expert's forms, as pure functions.

Each returns the value to store, or None to ask again. "Don't know" is a valid answer for the
place and the date of a loss: it is stored as `UNBEKANNT`, and the search then omits that filter.
"""

from __future__ import annotations

import re
from datetime import date

from domains.fundbuero.items import gegenstand
from nrwbot.german import is_place_phrase, is_unknown, parse_range

UNBEKANNT = "unbekannt"  # also the value the domain maps a "deny" to for place and date
ANONYM = "anonym"  # the finder's name when they stay anonymous (also mapped from "deny")
KEINE_ANGABE = "keine Angabe"  # the finder gives a name but no contact
MAX_TEXT = 120

_ANONYM = re.compile(
    r"\banonym|\bkein(?:en)? name|\bohne name|\bmöchte ich nicht|\blieber nicht", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+|00)?\d[\d /()-]{4,}\d")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '.-]+[^\W\d_]+)*\.?$")
# Words that make an answer a place even when it also names a day ("Mai-Platz", "im Bus").
_PLACE_WORD = re.compile(
    r"\b(?:im|in|an|auf|bei|beim|vor|hinter|neben|unter|zwischen|gegenüber|gegenueber|nahe)\b|"
    r"(?:stra(?:ß|ss)e|str\.|platz|weg|allee|gasse|ring|markt|bahnhof|haltestelle|bus|bahn|zug|"
    r"park|schule|rathaus)\b",
    re.IGNORECASE,
)
_NAME_INTRO = re.compile(
    r"^(?:ich heiße|ich heisse|mein name ist|name:?|ich bin|hier ist)\s+", re.IGNORECASE
)


def gegenstand_angabe(value: str | None) -> str | None:
    """The lost or found thing, without "meinen"/"einen", or None if empty or too long."""
    if not value or not value.strip():
        return None
    item = gegenstand(value)
    return item if 1 < len(item) <= MAX_TEXT else None


def ort_angabe(value: str | None) -> str | None:
    """A place, or UNBEKANNT when the citizen does not know it."""
    if not value or not value.strip():
        return None
    if value == UNBEKANNT or is_unknown(value):
        return UNBEKANNT
    return value.strip()[:MAX_TEXT]


def is_time_not_place(value: str | None, today: date) -> bool:
    """True for an answer to "where?" that only says when ("gestern abend", "letzten Freitag")."""
    if not value or _PLACE_WORD.search(value) or is_unknown(value):
        return False
    return parse_range(value, today) is not None


def datum_angabe(value: str | None, today: date) -> tuple[str | None, bool]:
    """A date phrase we can read, else UNBEKANNT.

    Returns:
        The value to store, and whether the phrase was not understood (so the bot can say it will
        search without a date rather than ask again and again).
    """
    if not value or not value.strip():
        return None, False
    if value == UNBEKANNT or is_unknown(value):
        return UNBEKANNT, False
    if parse_range(value, today) is None:
        return UNBEKANNT, True
    return value.strip()[:MAX_TEXT], False


def name_angabe(value: str | None, *, anonym_erlaubt: bool) -> str | None:
    """A person's name (letters, spaces, hyphens), ANONYM if allowed and wanted, else None."""
    if not value or not value.strip():
        return None
    if anonym_erlaubt and (value == ANONYM or _ANONYM.search(value)):
        return ANONYM
    name = _NAME_INTRO.sub("", value.strip()).strip()
    if is_place_phrase(name):
        return None  # "vor dem Rathaus" still answers where, not who
    return name if _NAME.match(name) and 2 <= len(name) <= 100 else None


def kontakt_angabe(value: str | None, *, ohne_erlaubt: bool = False) -> str | None:
    """A phone number or e-mail address found in the answer, else None."""
    if not value:
        return None
    if ohne_erlaubt and value == KEINE_ANGABE:
        return KEINE_ANGABE
    if match := _EMAIL.search(value):
        return match[0]
    if (match := _PHONE.search(value)) and len(re.sub(r"\D", "", match[0])) >= 6:
        return match[0].strip()
    return None
