"""The FAQ answers: pick-up, duration, fees, documents to bring, and a lost document.

Each answer is for the document the citizen named, or for both when they named none. A question
about the abolished Kinderreisepass also gets the explanation of what children get instead, so
that parents do not set out to apply for a document that no longer exists.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from domains.ausweisstatus.actions.base import AusweisAction
from domains.ausweisstatus.inputs import DocumentType
from domains.ausweisstatus.replies import (
    asked_document_type,
    document_response,
    duration_values,
    fee_values,
    fees_missing,
    pickup_values,
)
from domains.ausweisstatus.settings import AusweisSettings

KINDERREISEPASS_RESPONSE = "utter_ausweis_kinderreisepass"


class ActionAusweisAbholungInfo(AusweisAction):
    """What to bring and who may pick up, with the tenant's place and opening hours."""

    def name(self) -> str:
        return "action_ausweis_abholung_info"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: AusweisSettings,
    ) -> list[EventType]:
        if asked_document_type(tracker) is DocumentType.KINDERREISEPASS:
            dispatcher.utter_message(
                response=KINDERREISEPASS_RESPONSE, **fee_values(settings, tracker)
            )
        dispatcher.utter_message(
            response="utter_ausweis_abholung", **pickup_values(settings, tracker)
        )
        return []


class ActionAusweisDauerInfo(AusweisAction):
    """Typical production times (for the document asked about) and options when it is urgent."""

    def name(self) -> str:
        return "action_ausweis_dauer_info"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: AusweisSettings,
    ) -> list[EventType]:
        values = {**duration_values(settings, tracker), **fee_values(settings, tracker)}
        kind = asked_document_type(tracker)
        if kind is DocumentType.KINDERREISEPASS:
            dispatcher.utter_message(response=KINDERREISEPASS_RESPONSE, **values)
        dispatcher.utter_message(response=document_response("utter_ausweis_dauer", kind), **values)
        dispatcher.utter_message(response="utter_ausweis_dauer_eilig", **values)
        return []


class ActionAusweisGebuehrenInfo(AusweisAction):
    """The tenant's fees for the document asked about; a fee it left out is asked at the office."""

    def name(self) -> str:
        return "action_ausweis_gebuehren_info"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: AusweisSettings,
    ) -> list[EventType]:
        values = fee_values(settings, tracker)
        kind = asked_document_type(tracker)
        if kind is DocumentType.KINDERREISEPASS:
            # The Kinderreisepass answer already names the fees children pay instead.
            dispatcher.utter_message(response=KINDERREISEPASS_RESPONSE, **values)
        else:
            response = document_response("utter_ausweis_gebuehren", kind)
            dispatcher.utter_message(response=response, **values)
        if fees_missing(settings, kind):
            dispatcher.utter_message(response="utter_ausweis_gebuehren_nachfragen")
        return []


class ActionAusweisUnterlagenInfo(AusweisAction):
    """What to bring to the application and, briefly, to the pick-up."""

    def name(self) -> str:
        return "action_ausweis_unterlagen_info"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: AusweisSettings,
    ) -> list[EventType]:
        values = {**fee_values(settings, tracker), **pickup_values(settings, tracker)}
        if asked_document_type(tracker) is DocumentType.KINDERREISEPASS:
            dispatcher.utter_message(response=KINDERREISEPASS_RESPONSE, **values)
        dispatcher.utter_message(response="utter_ausweis_unterlagen_antrag", **values)
        dispatcher.utter_message(response="utter_ausweis_unterlagen_abholung", **values)
        return []


class ActionAusweisVerlustInfo(AusweisAction):
    """A lost or stolen document: block the online ID function, report it, get a new one."""

    def name(self) -> str:
        return "action_ausweis_verlust_info"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: AusweisSettings,
    ) -> list[EventType]:
        values = fee_values(settings, tracker)
        kind = asked_document_type(tracker)
        if kind in (None, DocumentType.PERSONALAUSWEIS):
            # Blocking comes first: until then someone else could use the online ID function.
            dispatcher.utter_message(response="utter_ausweis_verlust_sperren")
        dispatcher.utter_message(response="utter_ausweis_verlust_melden")
        if kind is DocumentType.KINDERREISEPASS:
            dispatcher.utter_message(response=KINDERREISEPASS_RESPONSE, **values)
        else:
            response = document_response("utter_ausweis_verlust_ersatz", kind)
            dispatcher.utter_message(response=response, **values)
        return []
