"""What citizens call their things, mapped to what the Fundsachen backend and the advice need.

The NLU already maps common synonyms (Portemonnaie → Geldbörse, Smartphone → Handy). This module
turns the remaining free text into the backend's category code list, a plain colour and a place
without its preposition, and recognises finds that need special advice (animals, ID documents).
"""

from __future__ import annotations

import re
from enum import Enum

# The backend's category code list (as seeded from the demo data), keyed by word stems. Compound
# words match by their last part: "Autoschlüssel" → Schlüssel, "Lederjacke" → Bekleidung.
KATEGORIEN: dict[str, str] = {
    "handy": "Mobiltelefon", "smartphone": "Mobiltelefon", "telefon": "Mobiltelefon",
    "geldbörse": "Geldbörse", "portemonnaie": "Geldbörse", "geldbeutel": "Geldbörse",
    "brieftasche": "Geldbörse", "börse": "Geldbörse",
    "schlüssel": "Schlüssel", "schlüsselbund": "Schlüssel",
    "fahrrad": "Fahrrad", "rad": "Fahrrad", "bike": "Fahrrad", "pedelec": "Fahrrad",
    "rucksack": "Rucksack", "ranzen": "Rucksack",
    "regenschirm": "Regenschirm", "schirm": "Regenschirm", "knirps": "Regenschirm",
    "brille": "Brille",
    "kopfhörer": "Kopfhörer", "airpods": "Kopfhörer", "ohrhörer": "Kopfhörer", "earbuds": "Kopfhörer",
    "tasche": "Tasche", "beutel": "Tasche", "koffer": "Tasche",
    "jacke": "Bekleidung", "mantel": "Bekleidung", "mütze": "Bekleidung", "schal": "Bekleidung",
    "pullover": "Bekleidung", "pulli": "Bekleidung", "handschuh": "Bekleidung",
    "handschuhe": "Bekleidung", "weste": "Bekleidung", "hoodie": "Bekleidung", "cap": "Bekleidung",
    "ring": "Schmuck", "kette": "Schmuck", "armband": "Schmuck", "ohrring": "Schmuck",
    "ohrringe": "Schmuck", "uhr": "Schmuck", "schmuck": "Schmuck", "anhänger": "Schmuck",
    "ausweis": "Ausweisdokument", "perso": "Ausweisdokument", "reisepass": "Ausweisdokument",
    "pass": "Ausweisdokument", "führerschein": "Ausweisdokument",
}  # fmt: skip
FARBEN = (
    "schwarz", "weiß", "rot", "blau", "grün", "gelb", "grau", "braun", "beige", "lila", "rosa",
    "pink", "orange", "silber", "gold", "bunt", "kariert", "gestreift", "türkis", "transparent",
)  # fmt: skip
_KEINE_KATEGORIE = {"kompass", "fahrradkette", "motorrad"}  # false friends of the suffix match
_FARB_FORMEN = {"silbern": "silber", "golden": "gold", "weiss": "weiß", "gruen": "grün"}
_PRAEPOSITION = re.compile(
    r"^(?:irgendwo\s+|wahrscheinlich\s+|vermutlich\s+|ich glaube?\s+)*"
    r"(?:in der|in den|in dem|auf dem|auf der|an der|an dem|bei der|bei dem|vor dem|vor der|"
    r"hinter dem|neben dem|am|im|in|auf|an|beim|bei|vorm|hinterm|zum|zur|vom|unterwegs)\s+",
    re.IGNORECASE,
)
_ARTIKEL = re.compile(
    r"^(?:mein|meine|meinen|meinem|ein|eine|einen|nen|ne|den|die|das)\s+", re.IGNORECASE
)
_TIER = re.compile(
    r"\b(?:hund|hündin|welpe|katze|kater|kätzchen|tier|haustier|vogel|wellensittich|papagei|"
    r"kaninchen|hase|meerschweinchen|hamster|schildkröte)\b",
    re.IGNORECASE,
)
_GELDAUTOMAT = re.compile(r"geldautomat|bankautomat|automaten|geld ?automat", re.IGNORECASE)
# Matched on the umlaut-folded text. The citizen's own animal ("unsere Katze", "hat jemand …
# gefunden", "wurde … abgegeben") wins over words of a find; a find wins over words of a loss,
# because "ein entlaufener Hund ist uns zugelaufen" is someone else's animal the citizen found.
_TIERE = (
    r"(?:hund|huendin|welpe|katze|kater|kaetzchen|tier|vogel|wellensittich|papagei|kaninchen|hase|"
    r"meerschweinchen|hamster|schildkroete|pferd|pony)\w*"
)
_EIGENES_TIER = re.compile(
    rf"\b(?:mein|meine|meinen|unser|unsere|unseren|unserer)\s+(?:\w+\s+)?{_TIERE}\b|"
    r"\bunserer ist\b|\bhat (?:jemand|wer|einer|irgendwer)\b.*\bgefunden|abgegeben|vermiss"
)
_FUNDTIER = re.compile(
    r"gefund|gefunen|fundtier|zugelauf|zulaeuft|zugeflogen|eingefangen|eingesammelt|aufgegriffen|"
    r"hinterhergelaufen|gelandet|laeuft\b.*\b(?:rum|herum|umher)|rennt\b.*\b(?:rum|herum)|"
    r"hoppel|streun|herrenlos|ausgesetzt|fremde[rnsm]? |sitzt (?:bei|auf|in|vor)|"
    r"(?:bei|vor|in) (?:uns|unserem|unserer)\b|kein(?:er)? (?:besitzer|halter|herrchen)|"
    r"keiner ist da|gehoert keinem"
)
_VERMISST = re.compile(
    r"entlaufen|weggelaufen|weggerannt|abgehau|ausgebue|entwischt|weggeflogen|entflogen|"
    r"ausgebrochen|verschwunden|\bweg\b|nicht (?:mehr )?(?:nach hause|heim)|heimgekommen|"
    r"such(?:e|en) (?:meine|unsere|mein|unser)"
)


class TierFall(Enum):
    """Whether the citizen found someone's animal or misses their own."""

    FUNDTIER = "fundtier"
    VERMISST = "vermisst"
    UNKLAR = "unklar"


class FundArt(Enum):
    """Finds that need different advice when someone reports them."""

    TIER = "tier"
    AUSWEIS = "ausweis"
    GELDBOERSE = "geldboerse"
    GELDAUTOMAT = "geldautomat"
    SONSTIGES = "sonstiges"


def _ascii(text: str) -> str:
    """Folds umlauts the way citizens type without them ("Schlüssel" ~ "schluessel")."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return text


_STAEMME = sorted(
    ((_ascii(stem), name) for stem, name in KATEGORIEN.items()), key=lambda s: -len(s[0])
)


def kategorie(item: str | None) -> str | None:
    """The backend category for an item description, or None if none fits."""
    if not item:
        return None
    for word in reversed(re.findall(r"[\wäöüß-]+", _ascii(item))):
        if word in _KEINE_KATEGORIE:
            continue
        for stem, name in _STAEMME:
            if word.endswith(stem):
                return name
    return None


def farbe(color: str | None) -> str | None:
    """A colour adjective in its base form ("schwarzen" → "schwarz", "dunkelblaue" → "dunkelblau")."""
    if not color:
        return None
    word = color.strip().lower()
    endings = ("em", "en", "er", "es", "e")
    for stem in [word] + [word[: -len(e)] for e in endings if word.endswith(e)]:
        stem = _FARB_FORMEN.get(stem, stem)
        if stem.endswith(FARBEN):
            return stem
    return word


def ort(location: str | None) -> str | None:
    """A place without its preposition ("im Bus Linie 5" → "Bus Linie 5") for the search."""
    if not location:
        return None
    stripped = _PRAEPOSITION.sub("", location.strip())
    return stripped or None


def gegenstand(item: str) -> str:
    """An item description without a leading possessive or article ("meinen Rucksack" → "Rucksack")."""
    return _ARTIKEL.sub("", item.strip())


def fund_art(text: str, item: str | None, document_type: str | None = None) -> FundArt:
    """Which advice a found thing needs, from the message text and extracted entities."""
    if _TIER.search(text or ""):
        return FundArt.TIER
    if _GELDAUTOMAT.search(text or ""):
        return FundArt.GELDAUTOMAT
    # A wallet with an ID inside is still a wallet: its owner is identifiable.
    if kategorie(item) == "Geldbörse":
        return FundArt.GELDBOERSE
    if document_type or kategorie(item) == "Ausweisdokument":
        return FundArt.AUSWEIS
    return FundArt.SONSTIGES


def tier_fall(text: str) -> TierFall:
    """Found or missed animal, from the message; UNKLAR when it says neither."""
    folded = _ascii(text or "")
    if _EIGENES_TIER.search(folded):
        return TierFall.VERMISST
    if _FUNDTIER.search(folded):
        return TierFall.FUNDTIER
    if _VERMISST.search(folded):
        return TierFall.VERMISST
    return TierFall.UNKLAR
