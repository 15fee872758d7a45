"""Dog de-registration (Hundeabmeldung): reason, date, reference number and owner, or owner data.

With an Aktenzeichen the owner's name is asked too: the backend takes a de-registration as it
is only when both match a registration, so a known Aktenzeichen alone cancels nobody's dog.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions.choices import GRUND_LABELS, Field, parse_grund
from domains.hundesteuer.actions.date_checks import (
    DateCheck,
    check_past_date,
    check_planned_date,
)
from domains.hundesteuer.actions.forms import (
    ADRESSE,
    AENDERUNG,
    BESTAETIGUNG,
    CONFIRM_BUTTONS,
    HALTER,
    HUND,
    HundesteuerFormValidation,
    address_text,
)
from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.actions.validation import SKIP, parse_aktenzeichen
from domains.hundesteuer.client import Abmeldegrund
from nrwbot.german import german_date

DomainDict = dict[str, Any]
FORM = "hundesteuer_abmeldung_form"
GRUND = "hundesteuer_abmeldegrund"
DATUM = "hundesteuer_abmeldedatum"
AKTENZEICHEN = "hundesteuer_aktenzeichen"
FORM_SLOTS = (GRUND, DATUM, AKTENZEICHEN, HALTER, ADRESSE, HUND, BESTAETIGUNG, AENDERUNG)

# "Hausnummer" is an address, so the address is matched before the generic "nummer".
FIELDS = (
    Field(
        "hund_name",
        "Name des Hundes",
        (HUND,),
        r"hunde?name|name (des|vom|von meinem|meines) hunde?s?|hund hei(ß|ss)t",
    ),
    Field(
        "adresse",
        "Anschrift",
        (ADRESSE,),
        r"adresse|anschrift|stra(ß|ss)e|str\.|plz|postleitzahl|wohnort|hausnummer|\bort\b",
    ),
    Field(
        "aktenzeichen",
        "Aktenzeichen",
        (AKTENZEICHEN, HALTER, ADRESSE, HUND),
        r"aktenzeichen|\baz\b|hst|nummer",
    ),
    Field("datum", "Datum", (DATUM,), r"datum|wann|seit dem|tag"),
    Field(
        "grund",
        "Grund der Abmeldung",
        (GRUND,),
        r"grund|verstorb|gestorb|abgegeben|umzug|umgezogen|verzogen|entlaufen",
    ),
    Field("name", "Ihr Name", (HALTER,), r"\bname|hei(ß|ss)e|vorname|nachname"),
)


class AbmeldungFormValidation(HundesteuerFormValidation):
    """Checks every answer of the de-registration form and decides what to ask next."""

    def fields(self) -> tuple[Field, ...]:
        return FIELDS

    def slot_order(self, tracker: Tracker, settings: HundesteuerSettings) -> list[str]:
        order = [GRUND, DATUM, AKTENZEICHEN, HALTER]
        if tracker.get_slot(AKTENZEICHEN) == SKIP:
            order += [ADRESSE, HUND]  # the tax office finds the dog by its owner instead
        order.append(BESTAETIGUNG)
        if tracker.get_slot(BESTAETIGUNG) is False:
            order.append(AENDERUNG)
        return order

    async def show_summary(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, settings: HundesteuerSettings
    ) -> None:
        aktenzeichen = tracker.get_slot(AKTENZEICHEN)
        if aktenzeichen and aktenzeichen != SKIP:
            wer = f"Aktenzeichen: {aktenzeichen}\n- Halter/in: {tracker.get_slot(HALTER)}"
        else:
            wer = (
                f"Halter/in: {tracker.get_slot(HALTER)}\n"
                f"- Anschrift: {address_text(tracker.get_slot(ADRESSE))}\n"
                f"- Hund: {tracker.get_slot(HUND)}"
            )
        dispatcher.utter_message(
            response="utter_hundesteuer_abmeldung_zusammenfassung",
            buttons=CONFIRM_BUTTONS,
            grund=GRUND_LABELS[Abmeldegrund(tracker.get_slot(GRUND))],
            datum=german_date(date.fromisoformat(tracker.get_slot(DATUM))),
            wer=wer,
        )

    def validate_hundesteuer_abmeldegrund(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        grund = parse_grund(str(value))
        if grund is None:
            dispatcher.utter_message(response="utter_hundesteuer_grund_ungueltig")
            return {GRUND: None}
        return {GRUND: grund.value}

    def validate_hundesteuer_abmeldedatum(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # A move or a hand-over can be announced in advance; a death or an escape cannot.
        planned = tracker.get_slot(GRUND) in (
            Abmeldegrund.VERZOGEN.value,
            Abmeldegrund.ABGEGEBEN.value,
        )
        check = check_planned_date if planned else check_past_date
        parsed = check(str(value), date.today())
        if parsed is None:
            dispatcher.utter_message(response="utter_hundesteuer_datum_ungueltig")
            return {DATUM: None}
        if parsed.check is DateCheck.FUTURE:
            dispatcher.utter_message(
                response="utter_hundesteuer_abmeldedatum_zu_spaet"
                if planned
                else "utter_hundesteuer_abmeldedatum_zukunft"
            )
            return {DATUM: None}
        return {DATUM: parsed.value.isoformat()}

    def validate_hundesteuer_aktenzeichen(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        aktenzeichen = parse_aktenzeichen(str(value))
        if aktenzeichen is None:
            dispatcher.utter_message(response="utter_hundesteuer_aktenzeichen_ungueltig")
        return {AKTENZEICHEN: aktenzeichen}
