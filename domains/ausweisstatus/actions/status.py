"""The status lookup: validation of the status form and the status check.

Privacy rules (domain-facts § 4): the answer never names the person or the document type, an
unknown number and a wrong birth date get the same reply, lookups stop after repeated failures,
and the number and birth date are forgotten right after the one lookup they are needed for.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from domains.ausweisstatus.actions.base import AusweisAction
from domains.ausweisstatus.client import AusweisClient, AusweisStatus, DocumentStatus
from domains.ausweisstatus.inputs import DocumentType, normalize_document_number
from domains.ausweisstatus.replies import (
    EXPERT,
    asked_document_type,
    duration_values,
    pickup_values,
)
from domains.ausweisstatus.settings import AusweisSettings
from nrwbot.forms import ExpertFormValidation
from nrwbot.german import BirthDateError, FutureBirthDateError, parse_birth_date
from nrwbot.service_client import InvalidRequest, NotFound, RateLimited

logger = logging.getLogger(__name__)

NUMBER_SLOT = "ausweis_nummer"
BIRTH_DATE_SLOT = "ausweis_geburtsdatum"
FAILURES_SLOT = "ausweis_fehlversuche"
REQUESTED_SLOT = "requested_slot"
# Lookups per conversation that may fail before only the contact is offered (anti-enumeration).
MAX_FAILED_ATTEMPTS = 3
# A date the citizen gives before being asked counts as birth date only if they say so.
_BIRTH_CUE = re.compile(r"\bgeb(?:\.|oren|urt)", re.IGNORECASE)
STATUS_RESPONSES = {
    DocumentStatus.BEANTRAGT: "utter_ausweis_status_beantragt",
    DocumentStatus.IN_PRODUKTION: "utter_ausweis_status_in_produktion",
    DocumentStatus.ABHOLBEREIT: "utter_ausweis_status_abholbereit",
    DocumentStatus.ABGEHOLT: "utter_ausweis_status_abgeholt",
}


def is_locked(tracker: Tracker) -> bool:
    """True once this conversation may not look up any more numbers."""
    return float(tracker.get_slot(FAILURES_SLOT) or 0) >= MAX_FAILED_ATTEMPTS


def _latest_text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


class ValidateAusweisStatusForm(ExpertFormValidation):
    """Normalises the document number and the birth date, and re-asks with an example."""

    def name(self) -> str:
        return "validate_ausweis_status_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if is_locked(tracker):
            # Ask for nothing: the form ends at once and the check action offers the contact.
            return [SlotSet(NUMBER_SLOT, None), SlotSet(BIRTH_DATE_SLOT, None)] + [
                SlotSet(REQUESTED_SLOT, None)
            ]
        activating = tracker.get_slot(REQUESTED_SLOT) is None
        if activating and asked_document_type(tracker) is DocumentType.KINDERREISEPASS:
            dispatcher.utter_message(response="utter_ausweis_kinderreisepass_hinweis")
        return await super().run(dispatcher, tracker, domain)

    def validate_ausweis_nummer(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, _: DomainDict
    ) -> dict[str, Any]:
        requested = tracker.get_slot(REQUESTED_SLOT)
        candidates = [str(slot_value or "")]
        if requested in (None, NUMBER_SLOT):
            # The entity may cover only part of a spaced number ("l01x 00t4 7"); the text has all.
            candidates.append(_latest_text(tracker))
        for candidate in candidates:
            number = normalize_document_number(candidate)
            if number:
                return {NUMBER_SLOT: number}
        typed_a_number = any(char.isdigit() for char in str(slot_value or ""))
        if requested == NUMBER_SLOT or (requested is None and typed_a_number):
            dispatcher.utter_message(response="utter_ausweis_nummer_ungueltig")
        return {NUMBER_SLOT: None}

    def validate_ausweis_geburtsdatum(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, _: DomainDict
    ) -> dict[str, Any]:
        asked = tracker.get_slot(REQUESTED_SLOT) == BIRTH_DATE_SLOT
        if not asked and not _BIRTH_CUE.search(_latest_text(tracker)):
            # "Seit dem 12.10. beantragt": an unasked date is rarely the birth date.
            return {BIRTH_DATE_SLOT: None}
        candidates = [str(slot_value or "")] + ([_latest_text(tracker)] if asked else [])
        problem = "utter_ausweis_geburtsdatum_ungueltig"
        for candidate in candidates:
            try:
                return {BIRTH_DATE_SLOT: parse_birth_date(candidate, date.today()).isoformat()}
            except FutureBirthDateError:
                problem = "utter_ausweis_geburtsdatum_zukunft"
            except BirthDateError:
                continue
        if asked:
            dispatcher.utter_message(response=problem)
        return {BIRTH_DATE_SLOT: None}


class ActionAusweisCheckStatus(AusweisAction):
    """Asks the backend for the status and answers per status, then forgets number and date."""

    def name(self) -> str:
        return "action_ausweis_check_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        # Data minimisation: number and birth date serve this one lookup and nothing else.
        return events + [SlotSet(NUMBER_SLOT, None), SlotSet(BIRTH_DATE_SLOT, None)]

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: AusweisSettings,
    ) -> list[EventType]:
        number, birth = tracker.get_slot(NUMBER_SLOT), tracker.get_slot(BIRTH_DATE_SLOT)
        if is_locked(tracker):
            dispatcher.utter_message(response="utter_ausweis_status_gesperrt")
            return []
        if not number or not birth:
            dispatcher.utter_message(response="utter_ausweis_status_unbekannt")
            return []
        client: AusweisClient = self.backend(settings)
        try:
            result = await client.check_status(number, date.fromisoformat(birth), tracker.sender_id)
        except RateLimited:
            logger.info("%s: rate limited in conversation %s", EXPERT, tracker.sender_id)
            dispatcher.utter_message(response="utter_ausweis_status_gesperrt")
            return [SlotSet(FAILURES_SLOT, float(MAX_FAILED_ATTEMPTS))]
        except NotFound:
            failures = int(float(tracker.get_slot(FAILURES_SLOT) or 0)) + 1
            locked = failures >= MAX_FAILED_ATTEMPTS
            response = (
                "utter_ausweis_status_gesperrt" if locked else "utter_ausweis_status_unbekannt"
            )
            dispatcher.utter_message(response=response)
            return [SlotSet(FAILURES_SLOT, float(failures))]
        except InvalidRequest as exc:
            logger.warning("%s: conversation %s: %s", EXPERT, tracker.sender_id, exc)
            dispatcher.utter_message(response="utter_ausweis_status_unbekannt")
            return []
        self._answer(dispatcher, tracker, settings, result)
        return []

    @staticmethod
    def _answer(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: AusweisSettings,
        result: AusweisStatus,
    ) -> None:
        values = {
            **pickup_values(settings, tracker, result.abholort),
            **duration_values(settings, tracker),
        }
        dispatcher.utter_message(response=STATUS_RESPONSES[result.status], **values)
