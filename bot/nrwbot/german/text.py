"""How citizens type German date answers, reduced to one spelling the date rules can read.

People write "maerz" for "März", "vor 'ner Woche", "so etwa am 3.", "glaub ich" and "abends";
these rules undo that once, for every parser in this package.
"""

from __future__ import annotations

import re

# Umlaut-less and colloquial spellings, as whole words or word starts.
_SPELLINGS = (
    (re.compile(r"\bm(?:ae|a)rz\b"), "märz"),
    (re.compile(r"\bungefaehr\b"), "ungefähr"),
    (re.compile(r"\bfrueh\b"), "früh"),
    (re.compile(r"\bweiss\b"), "weiß"),
    (re.compile(r"\buebermorgen\b"), "übermorgen"),
    (re.compile(r"\bnaechst"), "nächst"),
    (re.compile(r"\bfuenf\b"), "fünf"),
    (re.compile(r"\bzwoelf\b"), "zwölf"),
    (re.compile(r"\bletzen\b"), "letzten"),  # a common typo
    (re.compile(r"(?<!\w)'?ne([rm]?)(?!\w)"), r"eine\1"),  # "'ne Woche", "vor ner Woche"
)
# Words around a date that carry no date ("seit", "am", "ca.", "so etwa", "glaub ich", …).
_FILLERS = re.compile(
    r"\b(?:am|an dem|seit|seid|ab|vom|von|den|dem|der|so|ca|circa|etwa|ungefähr|vermutlich|"
    r"wahrscheinlich|glaube?|ich|denke|war|es|das|im|um|gegen|irgendwann|irgendwie|zwischen|"
    r"schon|bereits)\b\.?"
)
DAYTIME = r"(?:früh|morgens?|vormittags?|mittags?|nachmittags?|abends?|nachts?)"
_DAYTIMES = re.compile(rf"\b{DAYTIME}\b")
_UNKNOWN = re.compile(
    r"\bwei(?:ß|s) (?:ich )?(?:es )?(?:gerade |leider |echt |auch )?(?:nicht|nich)\b|"
    r"nicht (?:mehr )?sicher|keine ahnung|\bunbekannt\b|\bk\. ?a\.|kein plan|\begal\b"
)


def normalize(text: str) -> str:
    """Lower case, one spelling per word, no punctuation other than the dots of dates."""
    cleaned = text.lower().strip().replace("’", "'").replace("`", "'")
    for pattern, replacement in _SPELLINGS:
        cleaned = pattern.sub(replacement, cleaned)
    return " ".join(re.sub(r"[,;:!?()]", " ", cleaned).split())


def without_fillers(text: str) -> str:
    """A normalized phrase without filler words and times of day ("gestern abends" → "gestern")."""
    return " ".join(_DAYTIMES.sub(" ", _FILLERS.sub(" ", text)).split())


def is_unknown(text: str) -> bool:
    """True when the citizen says they do not know ("weiß ich nicht", "keine Ahnung")."""
    return bool(_UNKNOWN.search(normalize(text)))
