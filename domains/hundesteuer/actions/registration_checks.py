"""Answer checks of the registration form: breed and LHundG category, date, chip, counts, reduction.

A mixin for `AnmeldungFormValidation` (registration.py); it relies on `activating()` from the form
base so that answers re-checked when the form restarts produce no repeated hints.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions.breeds import (
    BreedCategory,
    canonical_breed,
    classify_breed,
    is_cross,
)
from domains.hundesteuer.actions.choices import ERMAESSIGUNG_LABELS, parse_ermaessigung
from domains.hundesteuer.actions.date_checks import DateCheck, check_past_date
from domains.hundesteuer.actions.forms import latest_intent
from domains.hundesteuer.actions.settings import settings_for
from domains.hundesteuer.actions.validation import SKIP, parse_chip, parse_count
from domains.hundesteuer.client import Ermaessigung
from nrwbot.german import is_unknown

DomainDict = dict[str, Any]
RASSE = "hundesteuer_rasse"
GEFAEHRLICH = "hundesteuer_gefaehrlich"
DATUM = "hundesteuer_aufnahmedatum"
CHIP = "hundesteuer_chipnummer"
ANZAHL = "hundesteuer_anzahl_hunde"
ANZAHL_GEFAEHRLICH = "hundesteuer_anzahl_gefaehrlich"
ERMAESSIGUNG = "hundesteuer_ermaessigung"


class AnmeldungChecks:
    """validate_<slot> methods of the registration-only slots (`activating` comes from the form)."""

    activating: Any  # HundesteuerFormValidation.activating, found through the form's MRO

    def validate_hundesteuer_rasse(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if self.activating(tracker):
            return {RASSE: value}
        # Two extractors may report the same breed; only one distinct breed is trusted.
        named = {canonical_breed(str(v)) for v in tracker.get_latest_entity_values("dog_breed")}
        breed = canonical_breed(str(value))
        if len(named) == 1 and not is_cross(str(value)):
            # The NLU may know a spelling our list lacks (synonyms in data/nlu.yml).
            entity_breed = named.pop()
            if classify_breed(breed) is BreedCategory.UNCLEAR and (
                classify_breed(entity_breed) is not BreedCategory.UNCLEAR
            ):
                breed = entity_breed
        if len(breed) < 2 or len(breed) > 60:
            dispatcher.utter_message(response="utter_hundesteuer_rasse_ungueltig")
            return {RASSE: None}
        category = classify_breed(breed)
        if category.needs_permit:
            dispatcher.utter_message(
                response="utter_hundesteuer_rasse_paragraph_3"
                if category is BreedCategory.DANGEROUS
                else "utter_hundesteuer_rasse_paragraph_10",
                rasse=breed,
            )
        dangerous = None if category is BreedCategory.UNCLEAR else category.needs_permit
        return {RASSE: breed, GEFAEHRLICH: dangerous, ANZAHL_GEFAEHRLICH: None}

    def validate_hundesteuer_gefaehrlich(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, bool):
            return {GEFAEHRLICH: value}
        intent, text = latest_intent(tracker), str(value).strip().lower()
        if intent == "affirm" or text.startswith(("ja", "doch")):
            return {GEFAEHRLICH: True}
        if is_unknown(text):
            # Unknown stays "no" for the tax; the Ordnungsamt decides on the breed.
            dispatcher.utter_message(response="utter_hundesteuer_einstufung_unklar")
            return {GEFAEHRLICH: False}
        if intent == "deny" or text.startswith(("nein", "nö", "ne", "kein")):
            return {GEFAEHRLICH: False}
        dispatcher.utter_message(response="utter_hundesteuer_ja_oder_nein")
        return {GEFAEHRLICH: None}

    def validate_hundesteuer_aufnahmedatum(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        parsed = check_past_date(str(value), date.today())
        if parsed is None:
            dispatcher.utter_message(response="utter_hundesteuer_datum_ungueltig")
            return {DATUM: None}
        if parsed.check is DateCheck.FUTURE:
            dispatcher.utter_message(response="utter_hundesteuer_datum_zukunft")
            return {DATUM: None}
        if parsed.check is DateCheck.LATE and not self.activating(tracker):
            settings = settings_for(tracker)
            dispatcher.utter_message(
                response="utter_hundesteuer_datum_spaet", frist=settings.anmeldefrist_tage
            )
        return {DATUM: parsed.value.isoformat()}

    def validate_hundesteuer_chipnummer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        chip = parse_chip(str(value))
        if chip is None:
            dispatcher.utter_message(response="utter_hundesteuer_chip_ungueltig")
        elif chip == SKIP and tracker.get_slot(GEFAEHRLICH) and not self.activating(tracker):
            dispatcher.utter_message(response="utter_hundesteuer_chip_pflicht")
        return {CHIP: chip}

    def validate_hundesteuer_anzahl_hunde(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        count = value if isinstance(value, int) else parse_count(str(value))
        if count is None:
            dispatcher.utter_message(response="utter_hundesteuer_anzahl_ungueltig")
        return {ANZAHL: count}

    def validate_hundesteuer_anzahl_gefaehrlich(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        count = value if isinstance(value, int) else parse_count(str(value))
        total = tracker.get_slot(ANZAHL) or 0
        if count is None or count > total:
            dispatcher.utter_message(
                response="utter_hundesteuer_anzahl_gefaehrlich_ungueltig", anzahl=total
            )
            return {ANZAHL_GEFAEHRLICH: None}
        return {ANZAHL_GEFAEHRLICH: count}

    def validate_hundesteuer_ermaessigung(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        settings = settings_for(tracker)
        choice = parse_ermaessigung(str(value))
        if latest_intent(tracker) == "deny" and choice is None:
            choice = Ermaessigung.KEINE
        if choice is None or (
            choice is not Ermaessigung.KEINE and choice not in settings.ermaessigungen
        ):
            offered = [ERMAESSIGUNG_LABELS[key] for key in settings.ermaessigungen]
            dispatcher.utter_message(
                response="utter_hundesteuer_ermaessigung_nicht_moeglich",
                moeglich=", ".join(offered),
            )
            return {ERMAESSIGUNG: None}
        if choice is not Ermaessigung.KEINE and not self.activating(tracker):
            dispatcher.utter_message(
                response="utter_hundesteuer_ermaessigung_nachweis", kontakt=settings.kontakt
            )
        return {ERMAESSIGUNG: choice.value}
