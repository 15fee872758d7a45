"""Personal data recognisable by its shape: contact data, numbers, birth dates, addresses.

Each function yields `(kind, start, end)` spans over the original text; `admin.redaction`
decides between overlapping ones. Every pattern is compiled once and says why it looks the way
it does. Citizens type in lower case, without umlauts and with spaces anywhere, so the patterns
accept that wherever it does not make them match ordinary words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from enum import Enum


class Kind(str, Enum):
    """A kind of personal data; its placeholder (`[NAME]`, `[IBAN]`, …) replaces it."""

    NAME = "NAME"
    EMAIL = "EMAIL"
    TELEFON = "TELEFON"
    IBAN = "IBAN"
    ADRESSE = "ADRESSE"
    PLZ_ORT = "PLZ_ORT"
    GEBURTSDATUM = "GEBURTSDATUM"
    DOKUMENTNUMMER = "DOKUMENTNUMMER"
    CHIPNUMMER = "CHIPNUMMER"
    AKTENZEICHEN = "AKTENZEICHEN"

    @property
    def placeholder(self) -> str:
        """The text that replaces data of this kind."""
        return f"[{self.value}]"


Span = tuple[Kind, int, int]

# "(at)" and "[at]" hide an address from spam bots; it is the same address all the same. The
# lookbehind lets a match start only where a word starts: else every letter of a long word
# would start a scan to its end.
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|\s?[(\[]at[)\]]\s?)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.I
)

# German IBANs are DE, two check digits and 18 digits, in groups of four or run together; any
# such run is an account number, even with a mistyped checksum.
_GERMAN_IBAN = re.compile(r"(?<!\w)DE\s?\d{2}(?:\s?\d){18}(?!\d)", re.I)
# Other countries' IBANs differ in length and may hold letters; only the ISO 13616 checksum tells
# them from other codes, so they count only when it holds.
_FOREIGN_IBAN = re.compile(
    r"(?<!\w)[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?(?!\w)"
)

# Hundesteuer and Fundbüro numbers (backend.numbering): prefix, year, and 8 characters of
# Crockford base32 (5 digits in version 0.1). Citizens type them in lower case, with spaces or
# run together, and misread base32 (I, L, O), so for these prefixes any 8 letters or digits count.
_KNOWN_FILE_NUMBER = re.compile(
    r"(?<![\w-])(?:HST|HSA|F)[\s-]?(?:19|20)\d{2}[\s-]?(?P<suffix>[0-9A-Z]{8}|\d{5})(?![\w-])",
    re.I,
)
# Numbers of later experts follow the same scheme with prefixes of their own: written exactly.
_OTHER_FILE_NUMBER = re.compile(
    r"(?<![\w-])[A-Z]{1,4}-(?:19|20)\d{2}-(?:[0-9A-HJKMNP-TV-Z]{8}|\d{5})(?![\w-])"
)
# The Ausweis process number (PA-2026-001000): two letters, year, six digits, typed in the same
# ways as domains/ausweisstatus/inputs.py reads them.
_PROCESS_NUMBER = re.compile(r"(?<![\w-])[A-Z]{2}[\s-]?(?:19|20)\d{2}[\s-]?\d{6}(?![\w-])", re.I)
# ID card and passport serial numbers: 9 characters, digits and 17 consonants (an O is the digit
# 0 misread), the first a letter, often split in groups of 4+5 or 3+3+3. No German word has
# digits, so a candidate must hold one.
_SERIAL_CHAR = "[0-9CFGHJKLMNOPRTVWXYZ]"
_DOCUMENT_SERIAL = re.compile(
    rf"(?<![\w-])[CFGHJKLMNPRTVWXYZ](?:{_SERIAL_CHAR}{{3}}[ -]?{_SERIAL_CHAR}{{5}}"
    rf"|{_SERIAL_CHAR}{{2}}[ -]{_SERIAL_CHAR}{{3}}[ -]{_SERIAL_CHAR}{{3}})(?![\w-])",
    re.I,
)

# Transponder numbers (ISO 11784): 15 digits, often in groups. They start with a country (276,
# 040) or manufacturer code (9xx), never with 00 – that is how a foreign phone number starts.
_CHIP_NUMBER = re.compile(r"(?<![\d+])(?!00)\d(?:[ .-]?\d){14}(?![ .-]?\d)")

# Phone numbers libphonenumber rejects (a digit too many or too few) are still somebody's: a
# leading 0 or +/00 country code, an area code of three or more digits – so "01.02.2026" is no
# number – and at least four more digits.
_PHONE_SHAPED = re.compile(
    r"(?<![\w+])(?:(?:\+|00) ?\d{2}[ -]?(?:\(0\) ?)?\d{2,5}|\(?0\d{2,5}\)?)(?:[ /-]*\d){4,10}(?!\d)"
)
# After a phone cue even an extension alone is a number ("Tel. 103-5314"); five digits at least,
# so opening hours after "Telefon:" ("08-12 Uhr") stay.
_PHONE_CUE = re.compile(
    r"\b(?:tel(?:efon)?|handy|mobil|fon|fax)\.?(?:-?(?:nr|nummer)\.?)?[ \t]*:?[ \t]*"
    r"(?P<number>\+?\d[\d \t/()-]{3,}\d)(?!\d)",
    re.I,
)
MIN_CUED_PHONE_DIGITS = 5

_MONTH = (
    r"(?:jan(?:uar)?|feb(?:ruar)?|m(?:ä|ae|a)rz|apr(?:il)?|mai|juni?|juli?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?)(?![a-zäöü])\.?"
)
# German dates as typed: 22.10.1949, 1.2.80, 22/10/49, 1949-10-22, 22. Okt 1949, and the
# year-less 22.10. of "mein Geburtstag ist am 22.10.".
_DATE = (
    rf"(?<![\d.])(?:\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} ?[./-] ?\d{{1,2}} ?[./-] ?(?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}\.? ?{_MONTH}(?: ?(?:\d{{4}}|\d{{2}}))?|\d{{1,2}}\. ?\d{{1,2}}\.)(?!\d)"
)
# A date is a birth date when the citizen says so: before it ("geboren am", "geb.",
# "Geburtsdatum", "Geburtstag ist", "Jahrgang", the genealogical "*" – in brackets or touching
# the date, as a list bullet before a date in a bot's answer is no birth) ...
_BIRTH_CUE = (
    r"(?:\bgeboren(?: (?:am|den|im))?|\bgeb\b\.?(?: ?am)?|\bgeb\.?-? ?datum"
    r"|\bgeburts(?:datum|tag)(?: (?:ist|war|lautet))?(?: (?:am|der|den))?|\bjahrgang"
    r"|\( *\*|\*(?=\d))"
)
_BIRTH_DATE_AFTER_CUE = re.compile(
    rf"{_BIRTH_CUE} *[:=]? *(?P<date>{_DATE}|(?<!\d)(?:19|20)\d{{2}}(?!\d))", re.I
)
# ... or after it: "am 22.10.1949 geboren", "1980 geboren", "am 22.10. Geburtstag".
_BIRTH_DATE_BEFORE_CUE = re.compile(
    rf"(?P<date>{_DATE}|(?<!\d)(?:19|20)\d{{2}}) +(?:geboren|geburtstag)\b", re.I
)
# "Jahrgang 49": the one cue after which two digits are a year.
_BIRTH_YEAR = re.compile(r"\bjahrgang *[:=]? *(?P<date>(?:19|20)?\d{2})(?!\d)", re.I)
# A bare date right after a name ("Erika Mustermann, 22.10.1949", "Erika M. (*1.2.1980)") is a
# birth date only when its year lies long enough back; "Herr Müller 12.03.2026" is an event.
_DATE_AFTER_NAME = re.compile(
    rf"[ \t]*[,;(]?[ \t]*(?:\*[ \t]*)?(?P<date>\d{{1,2}}\. ?\d{{1,2}}\. ?(?P<year>\d{{4}})"
    rf"|\d{{1,2}}\.? ?{_MONTH} ?(?P<year_worded>\d{{4}}))(?!\d)",
    re.I,
)
MIN_AGE_YEARS = 14

# A town after a postcode: one word (any case), "Bad"/"Sankt" before it, "an der Ruhr" or
# "(Westf.)" after it.
_TOWN = (
    r"(?P<town>(?:(?:bad|sankt|st\.) +)?[^\W\d_][\w-]*"
    r"(?: +(?:an +der|am|im|ob +der) +[^\W\d_][\w-]*)?(?: *\([^()\n]{1,20}\))?)"
)
_POSTCODE_TOWN = rf"(?<![\w,.-])(?:D-? ?)?(?!00)\d{{5}}(?![\d,.]) +{_TOWN}"
_POSTCODE_TOWN_RE = re.compile(_POSTCODE_TOWN, re.I)
# Five-digit counts are followed by what is counted; those words are no towns.
_COUNTED = frozenset(
    "euro eur einwohner einwohnerinnen menschen leute personen bürger buerger hunde katzen tiere "
    "stück stueck mal km kilometer meter qm jahre jahren tage tagen stunden minuten fälle faelle "
    "anträge antraege besucher kunden seiten zeichen punkte liter kg und oder bis in im am".split()
)

# A house number: 12, 3a, 12 a, 12-14, 7/1 – never five digits (that is a postcode).
_HOUSE_NUMBER = r"\d{1,4}(?: ?[a-zA-Z](?!\w))?(?: ?[-–/] ?\d{1,4}(?: ?[a-zA-Z](?!\w))?)?(?!\d)"
# Streets are compounds ending in a street word. "straße", "weg" and the like are street words
# in any case ("musterweg 12"); "platz", "ring" and the rest only in a capitalised compound with
# two letters before them, else "bring 3" or "Platz 3" would be addresses.
_STREET_COMPOUND = (
    r"(?<![\w.-])(?:(?i:[^\W\d_][\w.-]+?(?:stra(?:ß|ss|s)e|str\.?|weg|gasse|allee))"
    r"|[A-ZÄÖÜ][\w.-]+?(?:platz|ring|damm|ufer|pfad|steig|stieg|chaussee|promenade|wall|graben"
    r"|kamp|gracht))"
)
# Or an adjective or town name before a separate street word: "Soester Straße 12", "Alter
# Markt 5". "Straße" may follow any capitalised word; the other street words only one ending
# in -er, so "Bitte Platz 3 nehmen" stays.
_STREET_WORDS = (
    r"(?<![\w.-])(?:[A-ZÄÖÜ][\w.-]*[ ]+){1,2}(?i:stra(?:ß|ss|s)e|str\.?)"
    r"|(?<![\w.-])(?:[A-ZÄÖÜ][\w.-]*[ ]+)?[A-ZÄÖÜ][\w-]*er[ ]+"
    r"(?:Weg|Gasse|Allee|Platz|Ring|Damm|Wall|Graben|Markt|Kamp)"
)
# Or a preposition before a capitalised noun: "Am Markt 3a", "An der Alten Kirche 2".
_STREET_PREPOSITION = (
    r"(?i:\b(?:am|an +de[rmn]|auf +de[rmn]|im|in +de[rn]|zum|zur|unter +den|hinter +de[rm]"
    r"|vor +de[rm]|beim|über +dem)) +(?:[A-ZÄÖÜ][\w-]*e[nrs]? +)?(?P<noun>[A-ZÄÖÜ][\w-]+)"
)
_NUMBER_AND_TOWN = (
    rf" *(?P<number>{_HOUSE_NUMBER})(?P<tail>(?i: *[,/-]? *(?:in +)?{_POSTCODE_TOWN}))?"
)
_STREET_ADDRESS = re.compile(rf"(?P<street>{_STREET_COMPOUND}|{_STREET_WORDS}){_NUMBER_AND_TOWN}")
# Matched apart from the street forms: a preposition match that the checks below turn down must
# not hide the street inside it ("am Bahnhofplatz 1 einen Schlüssel gefunden").
_PREPOSITION_ADDRESS = re.compile(rf"{_STREET_PREPOSITION}{_NUMBER_AND_TOWN}")
# After a preposition a noun with a number is an address only if nothing but the end of the
# clause or the town follows ("am Bahnhof 2 Stunden gewartet" is none) ...
_ADDRESS_END = re.compile(r" *(?:$|[.,;:!?)\n]|(?i:in|und)\b)")
# Rooms, platforms, bus lines, months and parking spaces are numbered too.
_NUMBERED_PLACES = frozenset(
    "zimmer raum gleis schalter bus linie jahr tag stock obergeschoss erdgeschoss haus gebäude "
    "eingang ausgang tor saal büro platz bereich block bahnsteig stellplatz parkplatz spielplatz "
    "sportplatz sitzplatz arbeitsplatz listenplatz januar "
    "februar märz april mai juni juli august september oktober november dezember montag "
    "dienstag mittwoch donnerstag freitag samstag sonntag".split()
)


def _spans(pattern: re.Pattern[str], kind: Kind, text: str, group: str | int = 0) -> Iterator[Span]:
    for match in pattern.finditer(text):
        yield kind, match.start(group), match.end(group)


def _iban_checksum_holds(iban: str) -> bool:
    compact = "".join(iban.split()).upper()
    return int("".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])) % 97 == 1


def emails(text: str) -> Iterator[Span]:
    """E-mail addresses, also written with "(at)"."""
    return _spans(_EMAIL, Kind.EMAIL, text)


def ibans(text: str) -> Iterator[Span]:
    """German IBANs of any checksum, other countries' IBANs with a valid one."""
    yield from _spans(_GERMAN_IBAN, Kind.IBAN, text)
    for match in _FOREIGN_IBAN.finditer(text):
        if _iban_checksum_holds(match.group()):
            yield Kind.IBAN, match.start(), match.end()


def file_numbers(text: str) -> Iterator[Span]:
    """Aktenzeichen and Vorgangsnummern of the experts and the Ausweis process numbers."""
    for match in _KNOWN_FILE_NUMBER.finditer(text):
        suffix = match.group("suffix")
        # "hsa 2026 abmelden": a suffix without a digit counts only as written, in capitals.
        if any(ch.isdigit() for ch in suffix) or suffix.isupper():
            yield Kind.AKTENZEICHEN, match.start(), match.end()
    yield from _spans(_OTHER_FILE_NUMBER, Kind.AKTENZEICHEN, text)
    yield from _spans(_PROCESS_NUMBER, Kind.DOKUMENTNUMMER, text)


def document_serials(text: str) -> Iterator[Span]:
    """Serial numbers of ID cards and passports."""
    for match in _DOCUMENT_SERIAL.finditer(text):
        if any(ch.isdigit() for ch in match.group()):
            yield Kind.DOKUMENTNUMMER, match.start(), match.end()


def chip_numbers(text: str) -> Iterator[Span]:
    """15-digit transponder numbers of dogs."""
    return _spans(_CHIP_NUMBER, Kind.CHIPNUMMER, text)


def phone_shaped(text: str) -> Iterator[Span]:
    """Phone numbers by their shape or cue, for those libphonenumber does not accept."""
    yield from _spans(_PHONE_SHAPED, Kind.TELEFON, text)
    for match in _PHONE_CUE.finditer(text):
        number = match.group("number")
        if sum(ch.isdigit() for ch in number) >= MIN_CUED_PHONE_DIGITS:
            yield Kind.TELEFON, match.start("number"), match.end("number")


def birth_dates(text: str) -> Iterator[Span]:
    """Dates (or years) the text calls a birth date."""
    yield from _spans(_BIRTH_DATE_AFTER_CUE, Kind.GEBURTSDATUM, text, "date")
    yield from _spans(_BIRTH_DATE_BEFORE_CUE, Kind.GEBURTSDATUM, text, "date")
    yield from _spans(_BIRTH_YEAR, Kind.GEBURTSDATUM, text, "date")


def dates_after_names(text: str, names: Iterable[tuple[int, int]]) -> Iterator[Span]:
    """Dates right after a name whose year makes them a birth date."""
    for _, end in names:
        match = _DATE_AFTER_NAME.match(text, end)
        if match:
            year = int(match.group("year") or match.group("year_worded"))
            if year <= date.today().year - MIN_AGE_YEARS:
                yield Kind.GEBURTSDATUM, match.start("date"), match.end("date")


def _is_town(match: re.Match[str]) -> bool:
    return match.group("town").split()[0].lower() not in _COUNTED


def _address(match: re.Match[str]) -> Span:
    # A tail whose "town" is a counted noun ("Musterweg 12 10000 Euro") is no part of it.
    end = match.end() if not match.group("tail") or _is_town(match) else match.end("number")
    return Kind.ADRESSE, match.start(), end


def addresses(text: str) -> Iterator[Span]:
    """Street and house number, with postcode and town when they follow."""
    for match in _STREET_ADDRESS.finditer(text):
        if match.group("street").split()[-1].lower() not in _NUMBERED_PLACES:
            yield _address(match)
    for match in _PREPOSITION_ADDRESS.finditer(text):
        if match.group("noun").lower() in _NUMBERED_PLACES:
            continue
        has_letter = any(ch.isalpha() for ch in match.group("number"))
        if has_letter or match.group("tail") or _ADDRESS_END.match(text, match.end()):
            yield _address(match)


def postcode_towns(text: str) -> Iterator[Span]:
    """A postcode with the town after it ("59494 Soest"); the town alone stays."""
    for match in _POSTCODE_TOWN_RE.finditer(text):
        if _is_town(match):
            yield Kind.PLZ_ORT, match.start(), match.end()
