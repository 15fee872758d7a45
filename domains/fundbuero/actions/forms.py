"""Validation of the answers the Fundbüro forms collect (rules in `inputs`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from domains.fundbuero.actions.base import DomainDict
from domains.fundbuero.inputs import (
    ANONYM,
    datum_angabe,
    gegenstand_angabe,
    is_time_not_place,
    kontakt_angabe,
    name_angabe,
    ort_angabe,
)
from nrwbot.forms import ExpertFormValidation


class _AngabenValidierung(ExpertFormValidation, ABC):
    """Checks the answers shared by the expert's forms (rules in `inputs`)."""

    anonym_erlaubt = False  # only a finder may stay anonymous; a search request needs a reply

    def __init__(self, today: Callable[[], date] = date.today) -> None:
        self._today = today

    @abstractmethod
    def name(self) -> str: ...

    def validate_fundbuero_item(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"fundbuero_item": gegenstand_angabe(value)}

    def validate_fundbuero_location(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("requested_slot") == "fundbuero_location" and is_time_not_place(
            value, self._today()
        ):
            # A time given where the place was asked: keep it as the time, ask for the place.
            dispatcher.utter_message(response="utter_fundbuero_zeit_statt_ort")
            values: dict[str, Any] = {"fundbuero_location": None}
            if not tracker.get_slot("fundbuero_date"):
                values["fundbuero_date"] = datum_angabe(value, self._today())[0]
            return values
        return {"fundbuero_location": ort_angabe(value)}

    def validate_fundbuero_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        stored, not_understood = datum_angabe(value, self._today())
        if not_understood:
            dispatcher.utter_message(response="utter_fundbuero_datum_unklar")
        return {"fundbuero_date": stored}

    def validate_fundbuero_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = name_angabe(value, anonym_erlaubt=self.anonym_erlaubt)
        if name is None:
            dispatcher.utter_message(response="utter_fundbuero_name_ungueltig")
        return {"fundbuero_name": name}

    def validate_fundbuero_kontakt(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        kontakt = kontakt_angabe(value, ohne_erlaubt=self.anonym_erlaubt)
        if kontakt is None:
            dispatcher.utter_message(response="utter_fundbuero_kontakt_ungueltig")
        return {"fundbuero_kontakt": kontakt}


class ValidateSucheForm(_AngabenValidierung):
    """Validates what was lost, where and when."""

    def name(self) -> str:
        return "validate_fundbuero_suche_form"


class ValidateSuchauftragForm(_AngabenValidierung):
    """Validates the name and contact for a search request."""

    def name(self) -> str:
        return "validate_fundbuero_suchauftrag_form"


class ValidateFundForm(_AngabenValidierung):
    """Validates a find report; an anonymous finder is not asked for a contact."""

    anonym_erlaubt = True

    def name(self) -> str:
        return "validate_fundbuero_fund_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("fundbuero_name") == ANONYM:
            return [slot for slot in domain_slots if slot != "fundbuero_kontakt"]
        return domain_slots
