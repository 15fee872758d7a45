"""Dog registration (Hundeanmeldung): which questions to ask, in which order, and the summary.

The summary names the annual tax the backend quotes for the new dog (the backend owns tariff and
rule); if it cannot, the summary says so and the citizen may still send the registration.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions.base import ClientFactory
from domains.hundesteuer.actions.choices import ERMAESSIGUNG_BUTTONS, ERMAESSIGUNG_LABELS, Field
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
from domains.hundesteuer.actions.registration_checks import (
    ANZAHL,
    ANZAHL_GEFAEHRLICH,
    CHIP,
    DATUM,
    ERMAESSIGUNG,
    GEFAEHRLICH,
    RASSE,
    AnmeldungChecks,
)
from domains.hundesteuer.actions.settings import EXPERT, HundesteuerSettings, gemeinde_of
from domains.hundesteuer.actions.validation import SKIP
from domains.hundesteuer.client import Ermaessigung, HundesteuerClient, Steuerfall
from nrwbot.german import euro, german_date
from nrwbot.sdk import log_backend_failure
from nrwbot.service_client import ServiceError

DomainDict = dict[str, Any]
FORM = "hundesteuer_anmeldung_form"
FORM_SLOTS = (
    HALTER,
    ADRESSE,
    HUND,
    RASSE,
    GEFAEHRLICH,
    DATUM,
    CHIP,
    ANZAHL,
    ANZAHL_GEFAEHRLICH,
    ERMAESSIGUNG,
    BESTAETIGUNG,
    AENDERUNG,
)

# Priority order matters: "Name des Hundes" before "Name", "Anzahl der Hunde" before "Hund".
FIELDS = (
    Field(
        "hund_name",
        "Name des Hundes",
        (HUND,),
        r"hunde?name|name (des|vom|von meinem|meines) hunde?s?|hund hei(ß|ss)t",
    ),
    Field("chip", "Chipnummer", (CHIP,), r"chip|transponder"),
    Field(
        "datum",
        "Datum der Aufnahme",
        (DATUM,),
        r"datum|seit wann|aufgenommen|aufnahme|eingezogen|seit dem",
    ),
    Field(
        "anzahl",
        "Anzahl der Hunde",
        (ANZAHL, ANZAHL_GEFAEHRLICH),
        r"anzahl|wie ?viele|weitere|andere hunde|bisherige|schon angemeldet",
    ),
    Field("ermaessigung", "Ermäßigung", (ERMAESSIGUNG,), r"erm(ä|ae)(ß|ss)igung|befreiung|rabatt"),
    Field(
        "gefaehrlich",
        "Einstufung als gefährlicher Hund",
        (GEFAEHRLICH, ANZAHL_GEFAEHRLICH),
        r"gef(ä|ae)hrlich|listenhund|liste|einstufung",
    ),
    Field("rasse", "Rasse", (RASSE, GEFAEHRLICH, ANZAHL_GEFAEHRLICH), r"rasse|mischling"),
    Field(
        "adresse",
        "Anschrift",
        (ADRESSE,),
        r"adresse|anschrift|stra(ß|ss)e|str\.|plz|postleitzahl|wohnort|hausnummer|\bort\b",
    ),
    Field("name", "Ihr Name", (HALTER,), r"\bname|hei(ß|ss)e|vorname|nachname"),
)


def steuerfall(tracker: Tracker) -> Steuerfall:
    """What the annual tax of the dog being registered depends on, from the form's slots."""
    dangerous = bool(tracker.get_slot(GEFAEHRLICH))
    return Steuerfall(
        gemeinde=gemeinde_of(tracker),
        gefaehrlich=dangerous,
        anzahl_hunde_bisher=int(tracker.get_slot(ANZAHL) or 0),
        # Asked only for a dangerous dog joining other dogs; without any it is 0.
        anzahl_gefaehrlich_bisher=int(tracker.get_slot(ANZAHL_GEFAEHRLICH) or 0)
        if dangerous
        else None,
    )


def requested_reduction(tracker: Tracker) -> Ermaessigung:
    value = tracker.get_slot(ERMAESSIGUNG)
    return Ermaessigung(value) if value else Ermaessigung.KEINE


class AnmeldungFormValidation(AnmeldungChecks, HundesteuerFormValidation):
    """Checks every answer of the registration form and decides what to ask next."""

    def __init__(self, client_factory: ClientFactory | None = None) -> None:
        super().__init__()
        self._client_factory = client_factory

    def backend(self, settings: HundesteuerSettings) -> HundesteuerClient:
        """The client for the tenant's backend (built per call, as the actions build theirs)."""
        if self._client_factory is not None:
            return self._client_factory(settings)
        return HundesteuerClient(str(settings.backend_url))

    def fields(self) -> tuple[Field, ...]:
        return FIELDS

    def slot_order(self, tracker: Tracker, settings: HundesteuerSettings) -> list[str]:
        order = [HALTER, ADRESSE, HUND, RASSE, GEFAEHRLICH, DATUM, CHIP, ANZAHL]
        anzahl = tracker.get_slot(ANZAHL)
        if tracker.get_slot(GEFAEHRLICH) is True and isinstance(anzahl, int) and anzahl > 0:
            order.append(ANZAHL_GEFAEHRLICH)  # dangerous dogs have their own rate tiers
        if settings.ermaessigungen:
            order.append(ERMAESSIGUNG)
        order.append(BESTAETIGUNG)
        if tracker.get_slot(BESTAETIGUNG) is False:
            order.append(AENDERUNG)
        return order

    def ask_dynamic(
        self,
        slot: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
    ) -> None:
        if slot == ERMAESSIGUNG:
            options = [Ermaessigung.KEINE, *settings.ermaessigungen]
            dispatcher.utter_message(
                response="utter_hundesteuer_frage_ermaessigung",
                buttons=[
                    {"title": ERMAESSIGUNG_BUTTONS[o], "payload": ERMAESSIGUNG_BUTTONS[o]}
                    for o in options
                ],
            )

    async def show_summary(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, settings: HundesteuerSettings
    ) -> None:
        chip = tracker.get_slot(CHIP)
        dispatcher.utter_message(
            response="utter_hundesteuer_anmeldung_zusammenfassung",
            halter=tracker.get_slot(HALTER),
            adresse=address_text(tracker.get_slot(ADRESSE)),
            hund=tracker.get_slot(HUND),
            rasse=tracker.get_slot(RASSE),
            einstufung="ja" if tracker.get_slot(GEFAEHRLICH) else "nein",
            datum=german_date(date.fromisoformat(tracker.get_slot(DATUM))),
            chip="keine Angabe" if chip in (None, SKIP) else chip,
            anzahl=tracker.get_slot(ANZAHL),
            ermaessigung=ERMAESSIGUNG_LABELS[requested_reduction(tracker)],
        )
        try:
            steuer = await self.backend(settings).jahressteuer(steuerfall(tracker))
        except ServiceError as error:
            # The summary can be sent without the amount; the tax office sets it anyway.
            log_backend_failure(EXPERT, self.name(), tracker.sender_id, error)
            dispatcher.utter_message(
                response="utter_hundesteuer_anmeldung_betrag_unbekannt",
                buttons=CONFIRM_BUTTONS,
                kontakt=settings.kontakt,
            )
            return
        dispatcher.utter_message(
            response="utter_hundesteuer_anmeldung_betrag",
            buttons=CONFIRM_BUTTONS,
            betrag=euro(steuer.betrag),
            tarif_hinweis=steuer.tarif_hinweis,
        )
