"""Sending a confirmed registration or de-registration to the backend, and what the citizen hears.

A backend failure is a conversation state: nothing was submitted, the citizen is told so, and
the form reopens at its summary with every answer kept, so "Ja, absenden" tries again and
"abbrechen" ends it. Refused data (4xx) and unknown reference numbers get their own answers.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import deregistration as abm
from domains.hundesteuer.actions import registration as anm
from domains.hundesteuer.actions.base import BackendAction
from domains.hundesteuer.actions.forms import ADRESSE, BESTAETIGUNG, HALTER, HUND
from domains.hundesteuer.actions.settings import HundesteuerSettings, settings_for
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

logger = logging.getLogger(__name__)

DomainDict = dict[str, Any]


def _clear(slots: tuple[str, ...]) -> list[EventType]:
    return [SlotSet(slot, None) for slot in slots]


def _retry_later(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    form: str,
    settings: HundesteuerSettings,
    error: ServiceError,
) -> list[EventType]:
    logger.warning(
        "hundesteuer: %s not submitted (conversation %s): %s", form, tracker.sender_id, error
    )
    dispatcher.utter_message(
        response="utter_hundesteuer_backend_nicht_erreichbar", kontakt=settings.kontakt
    )
    return [SlotSet(BESTAETIGUNG, None), FollowupAction(form)]


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


class AnmeldungAbsenden(BackendAction):
    """Submits the confirmed registration; names the Aktenzeichen and the tax the backend set."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        settings = settings_for(tracker)
        anmeldung = anmeldung_from_slots(tracker)
        try:
            stored = await self._client_factory(settings).anmelden(anmeldung)
        except InvalidRequest as error:
            logger.warning(
                "hundesteuer: registration refused (conversation %s): %s %s",
                tracker.sender_id,
                error,
                error.detail,
            )
            dispatcher.utter_message(
                response="utter_hundesteuer_abgelehnt", kontakt=settings.kontakt
            )
            return _clear(anm.FORM_SLOTS)
        except ServiceError as error:
            return _retry_later(dispatcher, tracker, anm.FORM, settings, error)
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
        return _clear(anm.FORM_SLOTS)


class AbmeldungAbsenden(BackendAction):
    """Submits the confirmed de-registration and says what happens next.

    A receipt `zu_pruefen` (no Aktenzeichen, or the name does not match it) is said plainly:
    the tax office checks the de-registration and gets in touch.
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        settings = settings_for(tracker)
        abmeldung = abmeldung_from_slots(tracker)
        try:
            receipt = await self._client_factory(settings).abmelden(abmeldung)
        except NotFound:
            # Keep the other answers; the reopened form asks only for the number again.
            dispatcher.utter_message(response="utter_hundesteuer_aktenzeichen_unbekannt")
            return [
                SlotSet(abm.AKTENZEICHEN, None),
                SlotSet(BESTAETIGUNG, None),
                FollowupAction(abm.FORM),
            ]
        except InvalidRequest as error:
            logger.warning(
                "hundesteuer: de-registration refused (conversation %s): %s %s",
                tracker.sender_id,
                error,
                error.detail,
            )
            dispatcher.utter_message(
                response="utter_hundesteuer_abgelehnt", kontakt=settings.kontakt
            )
            return _clear(abm.FORM_SLOTS)
        except ServiceError as error:
            return _retry_later(dispatcher, tracker, abm.FORM, settings, error)
        dispatcher.utter_message(
            response="utter_hundesteuer_abmeldung_zu_pruefen"
            if receipt.status is Abmeldestatus.ZU_PRUEFEN
            else "utter_hundesteuer_abmeldung_erfolg",
            vorgangsnummer=receipt.vorgangsnummer,
        )
        self._next_steps(dispatcher, settings, abmeldung.grund)
        return _clear(abm.FORM_SLOTS)

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
