"""Sending a confirmed registration or de-registration to the backend, and what the citizen hears.

A backend failure is a conversation state: nothing was submitted, the citizen is told so, and
the form reopens at its summary with every answer kept, so "Ja, absenden" tries again and
"abbrechen" ends it. Refused data (4xx) and unknown reference numbers get their own answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import deregistration as abm
from domains.hundesteuer.actions import registration as anm
from domains.hundesteuer.actions.base import HundesteuerAction
from domains.hundesteuer.actions.forms import ADRESSE, BESTAETIGUNG, HALTER, HUND
from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.actions.validation import SKIP
from domains.hundesteuer.client import (
    Abmeldegrund,
    Abmeldestatus,
    Ermaessigung,
    NeueAbmeldung,
    NeueAnmeldung,
)
from nrwbot.german import euro
from nrwbot.service_client import InvalidRequest, NotFound, ServiceError

DomainDict = dict[str, Any]


def _clear(slots: tuple[str, ...]) -> list[EventType]:
    return [SlotSet(slot, None) for slot in slots]


def anmeldung_from_slots(tracker: Tracker) -> NeueAnmeldung:
    """The registration the citizen confirmed, from the form's slots (the backend adds the tax)."""
    address = tracker.get_slot(ADRESSE)
    chip = tracker.get_slot(anm.CHIP)
    return NeueAnmeldung(
        halter_name=tracker.get_slot(HALTER),
        strasse=address["strasse"],
        plz=address["plz"],
        ort=address["ort"],
        hund_name=tracker.get_slot(HUND),
        rasse=tracker.get_slot(anm.RASSE),
        aufnahmedatum=date.fromisoformat(tracker.get_slot(anm.DATUM)),
        chipnummer=None if chip in (None, SKIP) else chip,
        ermaessigung=anm.requested_reduction(tracker),
        steuerfall=anm.steuerfall(tracker),
    )


def abmeldung_from_slots(tracker: Tracker) -> NeueAbmeldung:
    """The de-registration the citizen confirmed, from the form's slots."""
    aktenzeichen = tracker.get_slot(abm.AKTENZEICHEN)
    grund = Abmeldegrund(tracker.get_slot(abm.GRUND))
    datum = date.fromisoformat(tracker.get_slot(abm.DATUM))
    if aktenzeichen and aktenzeichen != SKIP:
        return NeueAbmeldung(
            grund=grund,
            datum=datum,
            aktenzeichen=aktenzeichen,
            halter_name=tracker.get_slot(HALTER),
        )
    address = tracker.get_slot(ADRESSE) or {}
    return NeueAbmeldung(
        grund=grund,
        datum=datum,
        halter_name=tracker.get_slot(HALTER),
        strasse=address.get("strasse"),
        plz=address.get("plz"),
        ort=address.get("ort"),
        hund_name=tracker.get_slot(HUND),
    )


class _Absenden(HundesteuerAction):
    """Sends a confirmed form; a backend failure keeps the answers and reopens the summary."""

    unavailable_response = "utter_hundesteuer_backend_nicht_erreichbar"
    form: ClassVar[str]
    form_slots: ClassVar[tuple[str, ...]]

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
        error: ServiceError,
    ) -> list[EventType]:
        if isinstance(error, InvalidRequest):
            # Refused data would be refused again: no retry, the tax office takes it from here.
            dispatcher.utter_message(
                response="utter_hundesteuer_abgelehnt", kontakt=settings.kontakt
            )
            return _clear(self.form_slots)
        # Nothing was submitted: only the confirmation is undone, "Ja, absenden" tries again.
        super().answer_backend_failure(dispatcher, tracker, settings, error)
        return [SlotSet(BESTAETIGUNG, None), FollowupAction(self.form)]


class AnmeldungAbsenden(_Absenden):
    """Submits the confirmed registration; names the Aktenzeichen and the tax the backend set."""

    form = anm.FORM
    form_slots = anm.FORM_SLOTS

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        anmeldung = anmeldung_from_slots(tracker)
        stored = await self.backend(settings).anmelden(anmeldung)
        dispatcher.utter_message(
            response="utter_hundesteuer_anmeldung_erfolg",
            aktenzeichen=stored.aktenzeichen,
            betrag=euro(stored.jahressteuer),  # as the backend computed and stored it
            kontakt=settings.kontakt,
        )
        if anmeldung.ermaessigung is not Ermaessigung.KEINE:
            dispatcher.utter_message(response="utter_hundesteuer_anmeldung_ermaessigung_folgt")
        dispatcher.utter_message(
            response="utter_hundesteuer_anmeldung_erlaubnis_hinweis"
            if anmeldung.steuerfall.gefaehrlich
            else "utter_hundesteuer_anmeldung_grosse_hunde_hinweis"
        )
        return _clear(self.form_slots)


class AbmeldungAbsenden(_Absenden):
    """Submits the confirmed de-registration and says what happens next.

    A receipt `zu_pruefen` (no Aktenzeichen, or the name does not match it) is said plainly:
    the tax office checks the de-registration and gets in touch.
    """

    form = abm.FORM
    form_slots = abm.FORM_SLOTS

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        abmeldung = abmeldung_from_slots(tracker)
        try:
            receipt = await self.backend(settings).abmelden(abmeldung)
        except NotFound:
            # An unknown Aktenzeichen is the citizen's answer, not a failure: ask for it again,
            # keep the other answers; the reopened form asks only for the number.
            dispatcher.utter_message(response="utter_hundesteuer_aktenzeichen_unbekannt")
            return [
                SlotSet(abm.AKTENZEICHEN, None),
                SlotSet(BESTAETIGUNG, None),
                FollowupAction(self.form),
            ]
        dispatcher.utter_message(
            response="utter_hundesteuer_abmeldung_zu_pruefen"
            if receipt.status is Abmeldestatus.ZU_PRUEFEN
            else "utter_hundesteuer_abmeldung_erfolg",
            vorgangsnummer=receipt.vorgangsnummer,
        )
        self._next_steps(dispatcher, settings, abmeldung.grund)
        return _clear(self.form_slots)

    @staticmethod
    def _next_steps(
        dispatcher: CollectingDispatcher, settings: HundesteuerSettings, grund: Abmeldegrund
    ) -> None:
        if settings.steuerpflicht_ende:
            dispatcher.utter_message(
                response="utter_hundesteuer_abmeldung_ende", ende=settings.steuerpflicht_ende
            )
        else:
            dispatcher.utter_message(response="utter_hundesteuer_abmeldung_ende_unbekannt")
        if settings.steuermarke_rueckgabe:
            dispatcher.utter_message(text=settings.steuermarke_rueckgabe)
        nachweis = (settings.abmeldung_nachweise or {}).get(grund)
        dispatcher.utter_message(
            response="utter_hundesteuer_abmeldung_nachweis"
            if nachweis
            else "utter_hundesteuer_abmeldung_nachweis_unbekannt",
            nachweis=nachweis or "",
            kontakt=settings.kontakt,
        )
