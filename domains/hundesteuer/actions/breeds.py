"""Dog breeds: the canonical name of what a citizen typed, and its category under the LHundG NRW.

§ 3 LHundG NRW names four "gefährliche Hunde" breeds and their crosses, § 10 ten "Hunde bestimmter
Rassen" and their crosses (domain-facts.md 1c). A cross with a listed breed counts like the breed.
For a mixed breed without a listed parent, or a breed we do not know, only the Ordnungsamt can
decide, so the category is UNCLEAR and the registration form asks the citizen.
"""

from __future__ import annotations

import re
from enum import Enum


class BreedCategory(Enum):
    """Where a breed stands under the Landeshundegesetz NRW."""

    DANGEROUS = "§ 3"  # gefährlicher Hund
    LISTED = "§ 10"  # Hund bestimmter Rassen
    NOT_LISTED = "nicht gelistet"
    UNCLEAR = "unklar"

    @property
    def needs_permit(self) -> bool:
        return self in (BreedCategory.DANGEROUS, BreedCategory.LISTED)


# Patterns run on the normalised text (lower case, umlauts spelled out, no spaces or hyphens).
# Order matters: "staffordshirebullterrier" must not be read as a plain "bullterrier" first —
# harmless here because both are § 3, but the canonical name should be the specific one.
_DANGEROUS = (
    ("Pitbull Terrier", r"pit(bull|bul)"),
    ("American Staffordshire Terrier", r"amstaff|americanstaff"),
    ("Staffordshire Bullterrier", r"staff"),
    ("Bullterrier", r"bullterrier|bulliterrier"),
)
_LISTED = (
    ("Alano", r"alano"),
    ("American Bulldog", r"americanbulldog|amibulldog"),
    ("Bullmastiff", r"bullmastiff"),
    ("Mastino Español", r"mastinoespanol|mastinespanol|spanischermastiff|mastinoespa"),
    ("Mastino Napoletano", r"mastinonapoletano|mastino(?!espa)|napolitanischermastiff"),
    ("Fila Brasileiro", r"fila(brasileiro)?"),
    # Not "dogo" alone: the Dogo Canario is not on the NRW list.
    ("Dogo Argentino", r"dogoargentino|^dogo$|argentinischedogge"),
    ("Rottweiler", r"rott(weiler|i|wailer|weiller)"),
    ("Tosa Inu", r"tosa"),
    # "Mastiff" alone is the English Mastiff (listed); Tibet or Pyrenean mastiffs are not.
    ("Mastiff", r"^(englischer|english|oldenglish|old)?mastiff$"),
)
_MIX = re.compile(r"mischling|mix|kreuzung|gekreuzt|mischung")

# Synonyms and spellings citizens use -> canonical breed (also in data/nlu.yml for the NLU).
_SYNONYMS = {
    "Labrador": r"labrador(retriever)?|labbi|labi|labrador|labradore?",
    "Deutscher Schäferhund": r"(deutscher)?schae?f(f)?erhund|dsh|schaefi",
    "Mischling": r"mischling(shund)?|mix|promenadenmischung",
    "Golden Retriever": r"golden(retriever)?|goldie",
    "Dackel": r"dackel|teckel|dachshund|rauhaardackel|langhaardackel",
    "Jack Russell Terrier": r"jackrussel+(terrier)?|jacky",
    "Französische Bulldogge": r"franzoesischebulldogge|frenchie|frenchbulldog|fbulldogge",
    "Chihuahua": r"chihuahua|chiwawa|chihuahuha|chiuaua",
    "Yorkshire Terrier": r"yorkshire(terrier)?|yorki|yorkie",
    "Border Collie": r"bordercollie|border",
    "Australian Shepherd": r"australianshepherd|aussie",
    "Beagle": r"beagle|bigel",
    "Boxer": r"boxer",
    "Pudel": r"(zwerg|toy|gross|klein)?pudel",
    "Husky": r"(siberian)?husky|huskie",
    "Mops": r"mops|pug",
    "Berner Sennenhund": r"berner(sennenhund|senne)?",
    "Dobermann": r"dobermann|doberman",
    "Malteser": r"malteser",
    "Cocker Spaniel": r"cocker(spaniel)?",
    "Dalmatiner": r"dalmatiner",
    "Zwergschnauzer": r"(zwerg|mittel|riesen)?schnauzer",
    "Shih Tzu": r"shihtzu|shitzu",
    "Havaneser": r"havaneser",
    "Magyar Vizsla": r"(magyar)?vizsla|viszla",
    "Weimaraner": r"weimaraner",
    "Cavalier King Charles Spaniel": r"cavalier(kingcharles)?(spaniel)?",
    "Spitz": r"(zwerg|gross|mittel|wolfs)?spitz|pomeranian",
    "Leonberger": r"leonberger",
    "Neufundländer": r"neufundlaender",
    "Deutsche Dogge": r"deutschedogge",
    "Collie": r"collie",
    "Sheltie": r"sheltie|shetlandsheepdog",
    "Bolonka": r"bolonka",
    "Malinois": r"malinois|belgischerschaeferhund",
    "Rhodesian Ridgeback": r"(rhodesian)?ridgeback",
    "Labradoodle": r"labradoodle|goldendoodle|doodle",
    "West Highland White Terrier": r"westie|westhighland(whiteterrier)?",
    "Parson Russell Terrier": r"parsonrussel+(terrier)?",
    "Podenco": r"podenco",
    "Galgo": r"galgo",
    "Windhund": r"windhund|greyhound|whippet|windspiel",
    "Eurasier": r"eurasier",
    "Hovawart": r"hovawart",
    "Kangal": r"kangal",
    "Pekinese": r"pekinese",
}


def normalise(text: str) -> str:
    """Lower case, umlauts and ß spelled out, only letters and digits kept."""
    text = text.lower().strip()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ñ", "n")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]", "", text)


_FILLER = re.compile(
    r"^(mein hund ist|unser hund ist|der hund ist|es ist|er ist|sie ist|das ist|rasse:?|"
    r"ein|eine|einen|nen|ne|so ein|so einen?)\s+",
    re.IGNORECASE,
)


def strip_filler(text: str) -> str:
    """The answer without leading filler words ("Er ist ein Labrador." -> "Labrador")."""
    cleaned = text.strip().strip(".!")
    while True:
        shorter = _FILLER.sub("", cleaned, count=1)
        if shorter == cleaned:
            return cleaned.strip()
        cleaned = shorter


def _listed_match(key: str) -> tuple[str, BreedCategory] | None:
    for name, pattern in _DANGEROUS:
        if re.search(pattern, key):
            return name, BreedCategory.DANGEROUS
    for name, pattern in _LISTED:
        if re.search(pattern, key):
            return name, BreedCategory.LISTED
    return None


def _known(key: str) -> str | None:
    for name, pattern in _SYNONYMS.items():
        if re.fullmatch(pattern, key):
            return name
    return None


def is_cross(text: str) -> bool:
    """True for mixed breeds ("Labrador-Mix", "Mischling")."""
    return bool(_MIX.search(normalise(text)))


def classify_breed(text: str) -> BreedCategory:
    """The LHundG category of a breed as typed, crosses included."""
    key = normalise(strip_filler(text))
    if not key:
        return BreedCategory.UNCLEAR
    listed = _listed_match(key)
    if listed:
        return listed[1]
    if _MIX.search(key):
        return BreedCategory.UNCLEAR
    return BreedCategory.NOT_LISTED if _known(key) else BreedCategory.UNCLEAR


def canonical_breed(text: str) -> str:
    """The breed's usual name ("Labbi" -> "Labrador"); crosses keep the citizen's wording.

    Unknown breeds are returned as typed (first letter upper case): the tax office reads the
    registration, so a breed we do not know is still a valid answer.
    """
    cleaned = strip_filler(text)
    key = normalise(cleaned)
    as_typed = cleaned[:1].upper() + cleaned[1:]
    if _MIX.search(key) and _known(key) != "Mischling":
        return as_typed
    listed = _listed_match(key)
    if listed:
        return listed[0]
    return _known(key) or as_typed
