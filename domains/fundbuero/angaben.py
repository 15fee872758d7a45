"""The citizen's answers (slots) and how they become backend requests.

Pure functions over a small frozen dataclass, so the mapping from "schwarzen Rucksack, im Bus,
letzten Freitag" to query parameters is tested without Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from rasa_sdk.events import SlotSet

from domains.fundbuero import items
from domains.fundbuero.client import Fundmeldung, Suchanfrage, Suchauftrag
from domains.fundbuero.inputs import ANONYM, KEINE_ANGABE, UNBEKANNT
from domains.fundbuero.suchzeitraum import suchzeitraum
from nrwbot.german import Zeitraum, parse_range

# Every slot that holds something the citizen told us; cleared when a flow ends.
SLOTS = (
    "fundbuero_item",
    "fundbuero_color",
    "fundbuero_location",
    "fundbuero_date",
    "fundbuero_name",
    "fundbuero_kontakt",
)
SONSTIGES = "Sonstiges"  # backend category for things outside its code list
OHNE_ORT = "unbekannt"


class _Tracker(Protocol):
    latest_message: dict[str, Any]

    def get_slot(self, key: str) -> Any: ...

    def get_latest_entity_values(self, entity_type: str) -> Any: ...


def _known(value: str | None) -> str | None:
    return value if value and value not in (UNBEKANNT, ANONYM, KEINE_ANGABE) else None


@dataclass(frozen=True)
class Angaben:
    """What the citizen said about a loss or a find, as stored in the slots."""

    item: str | None = None
    color: str | None = None
    location: str | None = None
    date: str | None = None
    name: str | None = None
    kontakt: str | None = None

    @classmethod
    def aus_tracker(cls, tracker: _Tracker) -> Angaben:
        return cls(*(tracker.get_slot(slot) for slot in SLOTS))

    @property
    def farbe(self) -> str | None:
        return items.farbe(self.color)

    @property
    def kategorie(self) -> str | None:
        return items.kategorie(self.item)

    @property
    def beschreibung(self) -> str:
        """Item and colour as one phrase, e.g. "Rucksack (schwarz)"."""
        item = self.item or "ohne Beschreibung"
        return f"{item} ({self.farbe})" if self.farbe else item

    def zeitraum(self, today: date) -> Zeitraum | None:
        return parse_range(self.date, today) if _known(self.date) else None


def angaben_aus_nachricht(tracker: _Tracker) -> list[SlotSet]:
    """Slot events that replace all earlier answers by what the latest message says."""

    def last(entity: str) -> str | None:
        values = list(tracker.get_latest_entity_values(entity))
        return str(values[-1]) if values else None

    item = last("item") or last("document_type")
    values = [item, last("color"), last("location"), last("date"), None, None]
    return [SlotSet(slot, value) for slot, value in zip(SLOTS, values, strict=True)]


def suchanfrage(angaben: Angaben, today: date, limit: int) -> Suchanfrage:
    """Search parameters: the category and date range filter, the words rank.

    The backend applies `farbe` and `ort` as strict filters, but a citizen's place ("in der
    Innenstadt") or colour is often vaguer than the record, or the record has none. So colour and
    place only rank the results, as words of `q`, and only when the category already keeps out
    unrelated things; without a category the item word alone must match.
    """
    zeitraum = angaben.zeitraum(today)
    bereich = suchzeitraum(zeitraum, today) if zeitraum else None
    kategorie = angaben.kategorie
    woerter = [angaben.item]
    if kategorie:
        woerter += [angaben.farbe, items.ort(_known(angaben.location))]
    return Suchanfrage(
        q=" ".join(w for w in woerter if w) or None,
        kategorie=kategorie,
        von=bereich.von if bereich else None,
        bis=bereich.bis if bereich else None,
        limit=limit,
    )


def suchauftrag(angaben: Angaben, today: date) -> Suchauftrag:
    """A search request; a vague date goes into the description instead of a wrong exact day."""
    zeitraum = angaben.zeitraum(today)
    beschreibung = angaben.beschreibung
    if zeitraum and not zeitraum.exakt:
        beschreibung += f" (verloren: {angaben.date})"
    return Suchauftrag(
        beschreibung=beschreibung,
        name=angaben.name or "",
        kontakt=angaben.kontakt or "",
        kategorie=angaben.kategorie,
        farbe=angaben.farbe,
        verlustort=_known(angaben.location),
        verlustdatum=zeitraum.von if zeitraum and zeitraum.exakt else None,
    )


def fundmeldung(angaben: Angaben, today: date) -> Fundmeldung:
    """A find report; an unknown find date counts as today, the day it is reported."""
    zeitraum = angaben.zeitraum(today)
    return Fundmeldung(
        kategorie=angaben.kategorie or SONSTIGES,
        beschreibung=angaben.beschreibung,
        fundort=_known(angaben.location) or OHNE_ORT,
        funddatum=zeitraum.von if zeitraum else today,
        farbe=angaben.farbe,
        finder_name=_known(angaben.name),
        finder_kontakt=_known(angaben.kontakt),
    )


def alles_vergessen() -> list[SlotSet]:
    """Events that drop everything the citizen entered (data minimisation after a flow)."""
    return [SlotSet(slot, None) for slot in SLOTS] + [SlotSet("fundbuero_angebot", None)]
