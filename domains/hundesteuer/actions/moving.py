"""Which way a citizen moves with a dog: into the conversation's municipality or away from it.

Read from the message and the municipality's name, because one sentence means opposite things in
two towns: "von Lippstadt nach Soest" is a move in for Soest and a move out for Lippstadt. When the
message gives no direction ("wir ziehen um") or both ("alte Stadt abmelden, neue anmelden?"),
the answer is None and the bot explains both ways instead of guessing one.
"""

from __future__ import annotations

import re
from enum import Enum


class Umzug(str, Enum):
    """The direction of a move, seen from the municipality the citizen is talking to."""

    ZUZUG = "zuzug"
    WEGZUG = "wegzug"


HERE = "hierort"  # stands in for the municipality's own name once the text is folded
_TOWN_PREFIX = re.compile(r"^(?:stadt|gemeinde|hansestadt|kreisstadt)\s+")
# Words after "nach", "von" or "aus" that are no place ("nach dem Umzug", "aus Versehen").
_NOT_A_PLACE = (
    r"(?:(?:dem|der|den|die|das|einem|einer|einen|meinem|meiner|meinen|unserem|unserer|unseren|"
    r"hause|umzug|ablauf|wie|was|wo|wann|hund\w*|steuer\w*|tierheim|mir|uns|ihnen|jetzt|hier|"
    r"versehen|gruenden|moeglichkeit|oben|unten|stadt|gemeinde)\b|\d)"
)
_PLACE = rf"(?!{HERE}\b|{_NOT_A_PLACE})[a-z]\w*"
# A move word shortly before a place ("ziehen im Mai nach Köln"), or a participle after it.
_MOVE = r"(?:zieh\w*|zog\w*|gezogen|umzug|umziehen|komm\w*|gekommen|geh\w*|wechsel\w*|wander\w*)"
_ZUZUG = (
    r"\b(?:her|hier ?her|hierhin)(?: ?ge)?zogen\b",
    r"\b(?:her|hierher|hierhin)zieh",
    r"\bzieh\w* (?:\w+ ){0,3}(?:hier ?her|hierhin|her)\b",
    r"\bzugezogen|\bzuzug|\bzuziehen",
    rf"\bneu (?:hier|in der stadt|in der gemeinde|in {HERE})\b",
    rf"\bwohn\w* (?:\w+ )?(?:jetzt|nun|seit \w+) (?:hier|in {HERE})\b",
    r"\b(?:in die (?:stadt|gemeinde)|zu uns) (?:\w+ )?(?:ge|her|hin)?zogen\b|\baus dem ausland\b",
    rf"\b(?:steuer|hunde)?marke (?:aus|von) {_PLACE}",
    rf"\bnach (?:stadt |gemeinde )?{HERE}\b|\bin {HERE} (?:\w+ )?(?:ge|um|hin|her)?zogen\b",
    rf"\b{_MOVE} (?:\w+ ){{0,3}}in (?:die )?(?:stadt |gemeinde )?{HERE}\b",
    rf"\b{_MOVE} (?:\w+ ){{0,3}}(?:von|aus) {_PLACE}",
    rf"\b(?:von|aus) {_PLACE} (?:\w+ ){{0,2}}(?:nach|hierher|her)\b",
    r"\b(?:alte[nmr]?|bisherige[nmr]?|vorherige[nmr]?) (?:stadt|gemeinde|wohnort|ort)\b",
    r"\bhier (?:\w+ )?(?:an|um)melden\b",
)
_WEGZUG = (
    r"\bweg ?zieh|\bzieh\w* (?:\w+ ){0,2}weg\b|\bweggezogen|\bwegzug",
    r"\bverzieh|\bverzogen|\bfortzieh|\bzieh\w* fort\b|\bauswander|\bwander\w* (?:\w+ ){0,5}aus\b",
    rf"\b(?:von|aus) (?:{HERE}|hier)\b",
    rf"\b{_MOVE} (?:[\w.]+ ){{0,4}}nach {_PLACE}",
    r"\bverlass\w* (?:die|unsere|meine) (?:stadt|gemeinde)\b|\bnicht mehr hier\b",
    rf"\bnach {_PLACE} (?:\w+ ){{0,2}}(?:um|ge)?zogen\b|\bnach {_PLACE} (?:um)?zieh",
    r"\b(?:andere|neue)[nmrs]? (?:stadt|gemeinde|wohnort|ort|bundesland)\b|\bins ausland\b",
    r"\bhier (?:\w+ )?abmelden\b|\bhier abgemeldet\b",
)


def _fold(text: str) -> str:
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return " ".join(text.split())


def _town(municipality: str | None) -> str | None:
    """ "Stadt Soest" → "soest"; None when the conversation names no municipality."""
    if not municipality:
        return None
    return _TOWN_PREFIX.sub("", _fold(municipality)) or None


def parse_umzug(text: str, municipality: str | None) -> Umzug | None:
    """The direction the message names, or None when it names none or both."""
    folded = _fold(text)
    town = _town(municipality)
    if town:
        folded = re.sub(rf"\b{re.escape(town)}\b", HERE, folded)
    zuzug = any(re.search(pattern, folded) for pattern in _ZUZUG)
    wegzug = any(re.search(pattern, folded) for pattern in _WEGZUG)
    if zuzug == wegzug:
        return None
    return Umzug.ZUZUG if zuzug else Umzug.WEGZUG
