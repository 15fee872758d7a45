"""Answers that pick from a fixed set: reductions, reasons, yes/no, and which field to correct."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domains.hundesteuer.client import Abmeldegrund, Ermaessigung

ERMAESSIGUNG_LABELS = {
    Ermaessigung.KEINE: "keine",
    Ermaessigung.SOZIALLEISTUNGEN: "Sozialleistungen (z. B. Bürgergeld, Grundsicherung)",
    Ermaessigung.TIERHEIM: "Hund aus dem Tierheim",
    Ermaessigung.ASSISTENZHUND: "Assistenzhund (z. B. Blindenführhund)",
    Ermaessigung.SONSTIGE: "anderer Grund",
}
ERMAESSIGUNG_BUTTONS = {
    Ermaessigung.KEINE: "Keine",
    Ermaessigung.SOZIALLEISTUNGEN: "Sozialleistungen",
    Ermaessigung.TIERHEIM: "Tierheimhund",
    Ermaessigung.ASSISTENZHUND: "Assistenzhund",
    Ermaessigung.SONSTIGE: "Anderer Grund",
}
GRUND_LABELS = {
    Abmeldegrund.VERSTORBEN: "Der Hund ist verstorben",
    Abmeldegrund.ABGEGEBEN: "Der Hund wurde abgegeben oder verkauft",
    Abmeldegrund.VERZOGEN: "Umzug in eine andere Gemeinde",
    Abmeldegrund.ENTLAUFEN: "Der Hund ist entlaufen",
    Abmeldegrund.SONSTIGES: "Anderer Grund",
}

_ERMAESSIGUNG = (
    (
        Ermaessigung.KEINE,
        (
            r"^(kein|keine|keinen|nein|nö|ne|nee|nichts|brauche? ich nicht|"
            r"nicht nötig|nein danke|keine ermäßigung|normal)\b"
        ),
    ),
    (
        Ermaessigung.ASSISTENZHUND,
        (
            r"assistenz|blind|führhund|fuehrhund|signalhund|"
            r"behinder|schwerbehind|diabetiker|epilepsie|gehörlos|taub"
        ),
    ),
    (Ermaessigung.TIERHEIM, r"tierheim|tierschutz|auffangstation|aus dem heim"),
    (
        Ermaessigung.SOZIALLEISTUNGEN,
        (
            r"sozial|bürgergeld|buergergeld|hartz|\balg\b|arbeitslosengeld|"
            r"grundsicherung|wohngeld|jobcenter|sgb|geringes einkommen"
        ),
    ),
    (Ermaessigung.SONSTIGE, r"sonstig|ander|rettungshund|wachhund|herdenschutz|jagd"),
)
_GRUND = (
    (
        Abmeldegrund.VERSTORBEN,
        (
            r"verstorb|gestorb|tot\b|eingeschläfert|eingeschlaefert|"
            r"eingeschlafen|über die regenbogenbrücke|nicht mehr am leben|tod"
        ),
    ),
    (Abmeldegrund.ENTLAUFEN, r"entlaufen|weggelaufen|abgehauen|vermisst|verschwunden|ausgebüxt"),
    (
        Abmeldegrund.VERZOGEN,
        (
            r"verzogen|umzug|umgezogen|ziehe|ziehen|wegzug|weggezogen|"
            r"andere stadt|andere gemeinde"
        ),
    ),
    (
        Abmeldegrund.ABGEGEBEN,
        (
            r"abgegeben|verkauft|verschenkt|tierheim|abgeben|neue[nr]? besitzer|"
            r"weitergegeben|vermittelt|abgabe"
        ),
    ),
    (Abmeldegrund.SONSTIGES, r"sonstig|ander"),
)


def parse_ermaessigung(text: str) -> Ermaessigung | None:
    """The reduction a free-text answer names, if any."""
    lowered = text.strip().lower()
    for value, pattern in _ERMAESSIGUNG:
        if re.search(pattern, lowered):
            return value
    return None


def parse_grund(text: str) -> Abmeldegrund | None:
    """The de-registration reason a free-text answer names, if any."""
    lowered = text.strip().lower()
    for value, pattern in _GRUND:
        if re.search(pattern, lowered):
            return value
    return None


@dataclass(frozen=True)
class Field:
    """A form field the citizen can correct in the summary."""

    key: str
    label: str
    slots: tuple[str, ...]  # reset together, e.g. the breed and what was derived from it
    pattern: str


def find_field(text: str, fields: tuple[Field, ...]) -> Field | None:
    """The first field (in the given priority order) the text talks about."""
    lowered = text.strip().lower()
    for field in fields:
        if re.search(field.pattern, lowered):
            return field
    return None
