"""Names of people, found by the words citizens put before them.

German capitalises every noun, so a name cannot be told by its shape: "Rentner" looks like
"Renate". A name is therefore only taken after a cue – "ich heiße", "mein Name ist", "Name:",
"Halter:", "Herr"/"Frau", "hier ist", "ich bin", and greetings that end a message ("Gruß",
"MfG", "LG") – and the cue itself stays: "Herr [NAME]". A first-name list would catch names
without a cue, but the one on PyPI (gender-guesser) is GPL-licensed and unmaintained since 2016.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from admin.redaction_patterns import Kind, Span


@dataclass(frozen=True)
class _Cue:
    """Words after which a name may follow, and how sure they make us."""

    pattern: re.Pattern[str]
    # "ich heiße erika mustermann": after first-person cues people write names in lower case.
    lowercase: bool = False
    # "ich bin Rentner", "hier ist Schluss": nouns follow as often as names, so one word is a
    # name only if it is no role noun and the clause ends after it.
    weak: bool = False
    # "lg erika" ends a message; "grüße gehen raus" does not: lower case only at the line end.
    line_end: bool = False
    # Words between cue and name that are neither: titles ("Frau Dr. Müller"), "Ihre" in
    # "Viele Grüße, Ihre Erika Mustermann".
    skip: frozenset[str] = frozenset()
    # After "Herr"/"Frau" comes the surname, so particles lead it ("Frau von der Leyen"); elsewhere
    # they follow a first name ("Erika von Stein"), and "Herr Meier von der Stadt" keeps its tail.
    leading_particles: bool = False


def _cue(pattern: str, **options: Any) -> _Cue:
    return _Cue(re.compile(pattern, re.I | re.M), **options)


_TITLES = frozenset(
    "dr prof dipl doktor professor bürgermeister bürgermeisterin oberbürgermeister "
    "oberbürgermeisterin".split()
)
_RELATIVE = (
    r"(?:(?:ehe)?(?:mann|frau)|sohn|tochter|kind|vater|mutter|bruder|schwester|oma|opa"
    r"|enkel(?:in)?|partner(?:in)?|freund(?:in)?|nachbar(?:in)?|lebensgefährt(?:e|in))"
)
_CUES = (
    # "ich heiße", "ich heisse", "ich heise", "ich heiß".
    _cue(r"\bich +hei(?:ß|ss|s)e?\b", lowercase=True),
    _cue(r"\bmeine? +(?:vor|nach|familien|ruf|voller +)?name +(?:ist|is|lautet)\b", lowercase=True),
    # Citizens who write English introduce themselves the English way.
    _cue(
        r"\bmy +(?:first +|last +|full +|sur)?name(?: +is|'s)\b|\bi(?: +am|'m) +called\b",
        lowercase=True,
    ),
    # Form-like "Name: …", "Vor- und Nachname: …", "Name des Halters: …"; "Hundename:" is no cue.
    _cue(
        r"\b(?:vor- *und +)?(?:vor|nach|familien|ruf|geburts)?name(?: +de[sr] +halter(?:s|in))?"
        r" *[:=]",
        lowercase=True,
    ),
    _cue(r"\b(?:hunde)?halter(?:in)? *[:=]", lowercase=True),
    # "mein Mann heißt Peter", "meine Tochter Lisa": relatives are named after these words.
    _cue(rf"\b{_RELATIVE} +hei(?:ß|ss|s)t\b", lowercase=True),
    _cue(rf"\bmein(?:e[mnr]?)? +{_RELATIVE}\b"),
    _cue(r"\bhier +(?:ist|spricht|schreibt)\b", weak=True),
    _cue(r"\bich +bin +(?:(?:die|der) +)?", weak=True),
    # "Fr." after a dash or slash is Friday ("Mo.-Fr. Öffnungszeiten").
    _cue(r"\b(?:herrn?|frau|hr\.|(?<![-–/])fr\.)(?= )", skip=_TITLES, leading_particles=True),
    # Greetings end a message, and the name after them is its writer's. "LG"/"VG" also stand for
    # courts (Landgericht Arnsberg), so as a greeting they must start a line or follow a sentence.
    _cue(
        r"(?:\b(?:(?:viele|liebe|beste|schöne|herzliche|freundliche) +)?gr(?:ü|u|ue)(?:ß|ss|s)(?:e|en)?"
        r"|\bmfg|(?:^|(?<=[.!?,;]))[ \t]*(?:lg|vg|bg))\b[ \t]*[,.!:-]*[ \t]*\n?",
        lowercase=True,
        line_end=True,
        skip=frozenset({"ihr", "ihre", "dein", "deine", "eure", "euer", "von"}),
    ),
)

# One word of a name: letters of any alphabet (Öztürk, Şahin), hyphenated or with an apostrophe.
_WORD = re.compile(r"[ \t]*(?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)")
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[.,;:!?)\n]|(?i:und|aus|von|vom|mit|ich|hier)\b)")
_LINE_END = re.compile(r"[ \t]*[.!]*[ \t]*(?:\n|$)")
MAX_NAME_WORDS = 4
# Particles inside a name ("Erika von der Heide", "Ali bin Said"); "der"/"den" only after one.
_PARTICLES = frozenset({"von", "van", "zu", "de", "ten", "ter", "da", "di", "del", "bin"})
_SECOND_PARTICLES = frozenset({"der", "den"})
# Words that end a name, capitalised or not: pronouns, articles, conjunctions, prepositions,
# greetings and the verbs and adverbs that follow "ich heiße" when it is no introduction
# ("Ich heiße Sie willkommen").
_NOT_NAMES = frozenset(
    "and ich du er sie es wir ihr ihnen mich dich sich uns euch mir dir ihm der die das den dem des "
    "ein eine einen einem einer mein meine meinen meinem meiner dein deine sein seine ihre ihren "
    "unser unsere und oder aber doch denn weil dass daß ob wenn als wie was wer wo warum aus in "
    "im an am auf bei beim mit nach von vom zu zum zur für fuer über ueber unter seit bis gegen "
    "ohne um auch nicht kein keine noch schon so ja nein hier da dort jetzt gerade eigentlich "
    "übrigens bitte danke dank gerne gern herzlich herzlichen willkommen mal nur sehr gut leider "
    "gestern heute morgen vielen viele liebe beste gruß gruss grüße gruesse hallo hi moin guten "
    "tag abend tschüss bin ist sind war habe hab hat haben wohne möchte will würde wurde wird "
    "kann soll muss frage herr herrn frau falsch richtig korrekt etwas alles nichts man jemand "
    "wegen betreff bescheid stadt gemeinde verwaltung stadtverwaltung bürgeramt buergeramt rathaus "
    "fundbüro fundbuero ordnungsamt amt kreis polizei".split()
)
# Role nouns after "ich bin" / "hier ist" (compounds too: "Hundehalterin", "Neubürger"), and the
# adjectives people capitalise there ("Ich bin Krank").
_ROLES = frozenset(
    "rentner pensionär halter besitzer eigentümer bürger buerger einwohner anwohner mieter "
    "vermieter nachbar student schüler kunde mutter vater tochter sohn eltern oma opa finder "
    "verlierer meinung ansicht auffassung mitglied neu gast arbeitslos beamter beamtin lehrer "
    "arzt ärztin witwe witwer vertreter betreuer vormund inhaber antragsteller mann schluss "
    "bürgermeister mitarbeiter krank froh fertig sicher unsicher umgezogen zugezogen".split()
)
MIN_COMPOUND_ROLE = 5


def _is_role(word: str) -> bool:
    lower = word.lower()
    for form in {lower, lower.removesuffix("innen"), lower.removesuffix("in")}:
        if form in _ROLES or any(
            form.endswith(role) for role in _ROLES if len(role) >= MIN_COMPOUND_ROLE
        ):
            return True
    return False


def _name_after(text: str, position: int, cue: _Cue) -> tuple[int, int] | None:
    """The span of the name starting at `position`, or None if no name stands there."""
    words: list[tuple[int, int]] = []
    particle_start: int | None = None  # where the particles before the next word begin
    lowercase_used = False
    while len(words) < MAX_NAME_WORDS:
        match = _WORD.match(text, position)
        if not match:
            break
        word, start, end = match.group("word"), match.start("word"), match.end("word")
        lower = word.lower()
        particles_allowed = not words if cue.leading_particles else bool(words)
        if not words and particle_start is None and lower in cue.skip:
            position = end + text.startswith(".", end)
            continue
        if len(word) == 1 and (word.isupper() or cue.lowercase) and text.startswith(".", end):
            end += 1  # an initial: "Erika M."
        elif particles_allowed and (
            lower in _PARTICLES or (particle_start is not None and lower in _SECOND_PARTICLES)
        ):
            particle_start = start if particle_start is None else particle_start
            position = end
            continue
        elif lower in _NOT_NAMES:
            break
        elif word[0].islower():
            if not cue.lowercase:
                break
            lowercase_used = True
        words.append((start if particle_start is None else particle_start, end))
        position, particle_start = end, None
    if not words:
        return None
    start, end = words[0][0], words[-1][1]
    if cue.weak and (
        _is_role(text[start : words[0][1]])
        or (len(words) == 1 and not _CLAUSE_END.match(text, end))
    ):
        return None
    if cue.line_end and lowercase_used and not _LINE_END.match(text, end):
        return None
    return start, end


def names(text: str) -> Iterator[Span]:
    """Names after the cues above; the cue words themselves are kept."""
    for cue in _CUES:
        for match in cue.pattern.finditer(text):
            span = _name_after(text, match.end(), cue)
            if span:
                yield Kind.NAME, *span
