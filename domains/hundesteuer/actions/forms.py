"""What both hundesteuer forms share: slot order, questions with tenant buttons, the summary step.

Each form ends with a summary that the citizen confirms (`hundesteuer_bestaetigung`). Saying what
is wrong ("die Adresse stimmt nicht") empties just that field, the form asks it again and then
shows the summary again. Both confirmation slots are required slots of the form, so the core
cancel action also clears them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from domains.hundesteuer.actions.choices import Field, find_field
from domains.hundesteuer.actions.settings import HundesteuerSettings, settings_for
from domains.hundesteuer.actions.validation import parse_address, parse_name
from nrwbot.forms import ExpertFormValidation

DomainDict = dict[str, Any]

HALTER = "hundesteuer_halter_name"
ADRESSE = "hundesteuer_adresse"  # {"strasse", "plz", "ort"} once valid
HUND = "hundesteuer_hund_name"
BESTAETIGUNG = "hundesteuer_bestaetigung"
AENDERUNG = "hundesteuer_aenderung"
CONFIRM_BUTTONS = [
    {"title": "Ja, absenden", "payload": "/affirm"},
    {"title": "Nein, etwas ändern", "payload": "/deny"},
]
_NEGATION = re.compile(r"falsch|nicht|ändern|aendern|korrig|stimmt kein|verkehrt|fehler")
_NOTHING_TO_CHANGE = re.compile(
    r"^(nichts|doch( nichts)?|alles (richtig|korrekt|gut)|passt( doch)?)\b"
)


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


class HundesteuerFormValidation(ExpertFormValidation, ABC):
    """Base of the hundesteuer form validations; subclasses name the form and its fields."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def slot_order(self, tracker: Tracker, settings: HundesteuerSettings) -> list[str]:
        """The slots to fill, in order, given what is known so far."""

    @abstractmethod
    def fields(self) -> tuple[Field, ...]:
        """Fields the citizen may correct in the summary, in matching priority."""

    @abstractmethod
    async def show_summary(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, settings: HundesteuerSettings
    ) -> None:
        """Sends the summary; its last message carries the confirmation buttons."""

    def ask_dynamic(
        self,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
    ) -> None:
        """Asks for a slot whose question depends on the tenant (no utter_ask response)."""

    def activating(self, tracker: Tracker) -> bool:
        """True while the form (re)starts: prefilled values are re-checked silently then."""
        return (tracker.active_loop or {}).get("name") != self.form_name()

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        order = self.slot_order(tracker, settings_for(tracker))
        unknown = set(order) - set(domain_slots)
        if unknown:
            raise ValueError(f"{self.form_name()}: slots {sorted(unknown)} missing in the domain")
        return order

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        # Always decide ourselves (the base leaves it to Rasa when the lists happen to match).
        settings = settings_for(tracker)
        order = self.slot_order(tracker, settings)
        missing = next((slot for slot in order if tracker.slots.get(slot) is None), None)
        if missing == BESTAETIGUNG:
            await self.show_summary(dispatcher, tracker, settings)
        elif missing is not None:
            self.ask_dynamic(missing, dispatcher, tracker, settings)
        return SlotSet(REQUESTED_SLOT, missing)

    def _fields_asked(self, tracker: Tracker) -> tuple[Field, ...]:
        """Correctable fields this conversation was asked (no owner data after an Aktenzeichen)."""
        order = self.slot_order(tracker, settings_for(tracker))
        return tuple(field for field in self.fields() if field.slots[0] in order)

    def _reset(self, field: Field, dispatcher: CollectingDispatcher) -> dict[str, Any]:
        dispatcher.utter_message(response="utter_hundesteuer_korrektur", feld=field.label)
        return {**{slot: None for slot in field.slots}, BESTAETIGUNG: None, AENDERUNG: None}

    def validate_hundesteuer_bestaetigung(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes sends; a named field is corrected at once; a plain no asks what to change."""
        if isinstance(value, bool):
            return {BESTAETIGUNG: value}
        text = latest_text(tracker).lower()
        intent = latest_intent(tracker)
        if intent == "affirm" and not _NEGATION.search(text):
            return {BESTAETIGUNG: True}
        field = find_field(text, self._fields_asked(tracker))
        if field:
            return self._reset(field, dispatcher)
        if intent == "deny" or _NEGATION.search(text):
            return {BESTAETIGUNG: False}
        dispatcher.utter_message(response="utter_hundesteuer_ja_oder_nein")
        return {BESTAETIGUNG: None}

    def validate_hundesteuer_aenderung(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Which field to change; "nichts" shows the summary again."""
        text = str(value).strip().lower()
        field = find_field(text, self._fields_asked(tracker))
        if field:
            return self._reset(field, dispatcher)
        if latest_intent(tracker) == "affirm" or _NOTHING_TO_CHANGE.match(text):
            return {BESTAETIGUNG: None, AENDERUNG: None}
        dispatcher.utter_message(response="utter_hundesteuer_aenderung_unklar")
        return {AENDERUNG: None}

    # Owner and dog fields, shared by registration and de-registration.

    def validate_hundesteuer_halter_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = parse_name(str(value))
        if not name:
            dispatcher.utter_message(response="utter_hundesteuer_name_ungueltig")
        return {HALTER: name}

    def validate_hundesteuer_hund_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = parse_name(str(value))
        if not name:
            dispatcher.utter_message(response="utter_hundesteuer_hundename_ungueltig")
        return {HUND: name}

    def validate_hundesteuer_adresse(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, dict):
            return {ADRESSE: value}  # already checked, e.g. when the form restarts
        address = parse_address(str(value))
        if address is None:
            has_plz = re.search(r"(?<!\d)\d{5}(?!\d)", str(value))
            dispatcher.utter_message(
                response="utter_hundesteuer_adresse_ungueltig"
                if has_plz
                else "utter_hundesteuer_plz_fehlt"
            )
            return {ADRESSE: None}
        return {ADRESSE: {"strasse": address.strasse, "plz": address.plz, "ort": address.ort}}


def address_text(value: Any) -> str:
    """The address slot as one line for summaries."""
    if isinstance(value, dict):
        return f"{value.get('strasse')}, {value.get('plz')} {value.get('ort')}"
    return str(value or "")
