"""Checks for the free-text answers of the forms: names, addresses, chip numbers, counts.

Each function takes what the citizen typed and returns the normalised value, or None when the
answer is not usable, so the form can ask again. Pure functions; the form actions add the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nrwbot.german import is_place_phrase, is_unknown

SKIP = "keine"  # stored in a slot for "no chip" / "no reference number" so the form moves on

_NAME_FILLER = re.compile(
    r"^(mein name ist|mein name lautet|ich hei(ß|ss)e|ich bin|name:|der name ist|"
    r"er hei(ß|ss)t|sie hei(ß|ss)t|es hei(ß|ss)t|der hund hei(ß|ss)t|unser hund hei(ß|ss)t|"
    r"mein hund hei(ß|ss)t|die hündin hei(ß|ss)t|der rüde hei(ß|ss)t|name des hundes:?)\s+",
    re.IGNORECASE,
)
_NAME_CHARS = re.compile(r"^[^\W\d_][\w'’ .,-]*$")
_SKIP_WORDS = re.compile(
    r"^(nein|nö|ne|nee|kein(e|en)?( chip| nummer| aktenzeichen)?|hat keinen( chip)?|"
    r"(ich )?wei(ß|ss) (ich )?(es )?nicht|keine ahnung|unbekannt|habe? ich nicht|"
    r"hab (ich )?nicht|noch (nicht|keinen?)|nicht gechippt|ohne( chip)?|überspringen|skip)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"^(?P<strasse>[^\d,]*?[^\W\d_][^,]*?\s*\d+\s*[a-zA-Z]?(\s*[-/]\s*\d+\s*[a-zA-Z]?)?)"
    r"\s*,?\s*(?P<plz>\d{5})\s+(?P<ort>[^\W\d_][\w .'’()-]*)$"
)
_ADDRESS_FILLER = re.compile(
    r"^(meine adresse( ist| lautet)?:?|adresse:?|anschrift:?|ich wohne (in der |im |am |in )?|"
    r"wir wohnen (in der |im |am |in )?)\s*",
    re.IGNORECASE,
)
# Issued now: HST-<year>-<8 characters of Crockford's base32>; by version 0.1: 5 digits.
_AKTENZEICHEN = re.compile(r"HST(\d{4})([0-9A-Z]{8}|\d{1,5})")
# Crockford's base32 reads the letters people confuse with digits as those digits.
_CROCKFORD_READINGS = str.maketrans("OIL", "011")
_NUMBER_WORDS = {
    "kein": 0,
    "keine": 0,
    "keinen": 0,
    "null": 0,
    "nein": 0,
    "noch keinen": 0,
    "einen": 1,
    "eins": 1,
    "ein": 1,
    "einer": 1,
    "eine": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "fuenf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
}
_FIRST_DOG = re.compile(
    r"erste[rn]?\s+hund|einzige[rn]?\s+hund|sonst\s+kein|keine\s+weiteren|"
    r"keine\s+anderen|bisher\s+kein|noch\s+kein"
)
MAX_DOGS = 20


@dataclass(frozen=True)
class Address:
    """A postal address in Germany."""

    strasse: str
    plz: str
    ort: str

    def __str__(self) -> str:
        return f"{self.strasse}, {self.plz} {self.ort}"


_NO_VALUE = re.compile(
    r"\bkein(e|en)?\s+(chip|nummer|aktenzeichen)|nicht gechippt|nicht zur hand", re.IGNORECASE
)


def is_skip(text: str) -> bool:
    """True when the citizen says they have no such value or do not know it."""
    cleaned = text.strip()
    return bool(_SKIP_WORDS.match(cleaned) or _NO_VALUE.search(cleaned) or is_unknown(cleaned))


def parse_name(text: str) -> str | None:
    """A person's or dog's name: 2–60 characters, letters first, no digits."""
    cleaned = _NAME_FILLER.sub("", text.strip()).strip(" .!")
    if not 2 <= len(cleaned) <= 60 or not _NAME_CHARS.match(cleaned) or is_place_phrase(cleaned):
        return None
    if len(cleaned.split()) > 5:
        return None  # a sentence, not a name
    # "schmitz, peter" -> "Peter Schmitz"; names typed in lower case get capitals.
    if cleaned.count(",") == 1:
        last, first = (part.strip() for part in cleaned.split(","))
        cleaned = f"{first} {last}".strip()
    if cleaned == cleaned.lower():
        cleaned = " ".join(part[:1].upper() + part[1:] for part in cleaned.split())
    return cleaned


def is_valid_plz(plz: str) -> bool:
    """German postcodes have five digits; 01001 is the lowest one issued."""
    return bool(re.fullmatch(r"\d{5}", plz)) and plz >= "01001"


def parse_address(text: str) -> Address | None:
    """Street with house number, 5-digit postcode and town from one answer."""
    cleaned = _ADDRESS_FILLER.sub("", text.strip()).strip(" .")
    cleaned = re.sub(r"\s+", " ", cleaned)
    match = _ADDRESS.match(cleaned)
    if not match:
        # "59494 Soest, Marktstraße 3" is also common.
        swapped = re.match(r"^(\d{5})\s+([^,\d]+?)\s*,\s*(.+)$", cleaned)
        if not swapped:
            return None
        match = _ADDRESS.match(f"{swapped.group(3)}, {swapped.group(1)} {swapped.group(2)}")
        if not match:
            return None
    plz = match.group("plz")
    if not is_valid_plz(plz):
        return None
    strasse = re.sub(r"\s*,\s*$", "", match.group("strasse")).strip()
    ort = match.group("ort").strip()
    return Address(
        strasse=strasse[:1].upper() + strasse[1:], plz=plz, ort=ort[:1].upper() + ort[1:]
    )


def parse_chip(text: str) -> str | None:
    """A 15-digit transponder number (ISO 11784), or SKIP; None if not valid.

    Some readers show a leading 0 (16 digits) that is not part of the number. The first three
    digits are a country code (001–899, Germany 276) or a manufacturer code (900–998).
    """
    if is_skip(text):
        return SKIP
    digits = re.sub(
        r"[\s.\-/]",
        "",
        re.sub(
            r"^(chip(nummer)?|transponder(nummer)?|nr\.?):?", "", text.strip(), flags=re.IGNORECASE
        ),
    )
    if re.fullmatch(r"0\d{15}", digits):
        digits = digits[1:]
    if not re.fullmatch(r"\d{15}", digits):
        return None
    return digits if 1 <= int(digits[:3]) <= 998 else None


def parse_count(text: str) -> int | None:
    """How many dogs: digits or German number words; "das ist mein erster Hund" is 0."""
    lowered = text.strip().lower()
    if _FIRST_DOG.search(lowered):
        return 0
    digits = re.findall(r"\b\d+\b", lowered)
    if len(digits) == 1:
        value = int(digits[0])
        return value if value <= MAX_DOGS else None
    words = [w for w in re.findall(r"[a-zäöüß]+", lowered) if w in _NUMBER_WORDS]
    if words:
        return _NUMBER_WORDS[words[0]]
    return None


def parse_aktenzeichen(text: str) -> str | None:
    """A dog tax reference "HST-2026-7K3M9QTX" or "HST-2026-00001", SKIP, or None.

    Case, spaces and dashes do not matter; O, I and L in the code are read as 0, 1 and 1.
    """
    if is_skip(text):
        return SKIP
    cleaned = re.sub(
        r"^(aktenzeichen|az\.?|nummer|mein aktenzeichen( ist| lautet)?):?\s*",
        "",
        text.strip(),
        flags=re.IGNORECASE,
    ).strip(" .")
    match = _AKTENZEICHEN.fullmatch(re.sub(r"[\s-]+", "", cleaned).upper())
    if not match:
        return None
    year, code = match.groups()
    if len(code) <= 5 and code.isdigit():
        return f"HST-{year}-{int(code):05d}"
    code = code.translate(_CROCKFORD_READINGS)
    return None if "U" in code else f"HST-{year}-{code}"
