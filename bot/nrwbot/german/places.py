"""Answers that name a place, told apart from answers that name a person.

A form asking for a name gets "vor dem Rathaus" when the citizen is still answering the question
before it. German names do not start with a preposition or an article; places do.
"""

from __future__ import annotations

import re

_PLACE_START = re.compile(
    r"^\s*(?:vor|am|im|in|an|auf|bei|beim|hinter|neben|unter|über|ueber|zwischen|gegenüber|"
    r"gegenueber|nahe|der|die|das|dem|den|des|ein|eine|einem|einer|zum|zur|vom|aus)\b",
    re.IGNORECASE,
)


def is_place_phrase(text: str) -> bool:
    """True for "vor dem Rathaus", "am Bahnhof", "im Bus"; False for "Anna Becker", "Imke"."""
    return bool(_PLACE_START.match(text))
