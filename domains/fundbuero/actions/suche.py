"""Searching for a lost item, filing a search request or a find report."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.fundbuero import angaben as mapping
from domains.fundbuero import replies
from domains.fundbuero.actions.base import DomainDict, FundbueroAction
from domains.fundbuero.angaben import Angaben
from domains.fundbuero.tenant_settings import FundbueroSettings
from nrwbot.offers import Offer, close_offer, make_offer, remember_offer
from nrwbot.service_client import InvalidRequest, ServiceError

SUCHAUFTRAG = Offer(
    "fundbuero", "fundbuero_suchauftrag_form", "utter_fundbuero_suchauftrag_nochmal",
    "utter_fundbuero_suchauftrag_abgelehnt",
)  # fmt: skip
FUNDMELDUNG = Offer(
    "fundbuero", "fundbuero_fund_form", "utter_fundbuero_fund_nochmal",
    "utter_fundbuero_fundmeldung_abgelehnt",
)  # fmt: skip


class ActionSucheStarten(FundbueroAction):
    """Starts a search from the first message: takes over what it already says, forgets the rest."""

    def name(self) -> str:
        return "action_fundbuero_suche_starten"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        return [
            *mapping.angaben_aus_nachricht(tracker),
            SlotSet("fundbuero_angebot", None),
            *close_offer(tracker),
        ]


class ActionSuchen(FundbueroAction):
    """Searches the backend with the form's answers and lists the best matches."""

    def name(self) -> str:
        return "action_fundbuero_suchen"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        angaben = Angaben.aus_tracker(tracker)
        anfrage = mapping.suchanfrage(angaben, self._today(), settings.max_results)
        ergebnis = await self.backend(settings).suchen(anfrage)
        replies.say_suchergebnis(dispatcher, kontext, angaben, ergebnis)
        return [SlotSet("fundbuero_angebot", "suchauftrag"), *remember_offer(SUCHAUFTRAG)]

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: FundbueroSettings,
        error: ServiceError,
    ) -> list[EventType]:
        replies.say_nicht_erreichbar(dispatcher, self.kontext(tracker, settings))
        # No search request on offer: filing it would fail the same way.
        return [SlotSet("fundbuero_angebot", None)]


class _Uebermittlung(FundbueroAction):
    """An action that files the citizen's data; afterwards, sent or not, the data is forgotten."""

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: FundbueroSettings,
        error: ServiceError,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        replies.say_fehler(dispatcher, kontext, abgelehnt=isinstance(error, InvalidRequest))
        return mapping.alles_vergessen()


class ActionSuchauftragSenden(_Uebermittlung):
    """Files the search request and forgets the citizen's data afterwards."""

    def name(self) -> str:
        return "action_fundbuero_suchauftrag_senden"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        auftrag = mapping.suchauftrag(Angaben.aus_tracker(tracker), self._today())
        bestaetigung = await self.backend(settings).suchauftrag_anlegen(auftrag)
        dispatcher.utter_message(
            response="utter_fundbuero_suchauftrag_aufgenommen", auftragsnummer=bestaetigung.id
        )
        return mapping.alles_vergessen()


class ActionFundInfo(FundbueroAction):
    """Explains what to do with a find; offers to register it unless it needs another office."""

    def name(self) -> str:
        return "action_fundbuero_fund_info"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        angebot = replies.say_fund_hinweise(dispatcher, self.kontext(tracker, settings), tracker)
        events = [
            *mapping.angaben_aus_nachricht(tracker),
            SlotSet("fundbuero_angebot", "fundmeldung" if angebot else None),
        ]
        if angebot:
            return [*events, *make_offer(dispatcher, FUNDMELDUNG, "utter_fundbuero_fund_angebot")]
        return [*events, *close_offer(tracker)]


class ActionFundErfassen(_Uebermittlung):
    """Registers a reported find with the backend and returns its Fundnummer."""

    def name(self) -> str:
        return "action_fundbuero_fund_erfassen"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        meldung = mapping.fundmeldung(Angaben.aus_tracker(tracker), self._today())
        fund = await self.backend(settings).fund_melden(meldung)
        dispatcher.utter_message(
            response="utter_fundbuero_fund_erfasst", fundnummer=fund.fundnummer
        )
        replies.say_stelle(dispatcher, self.kontext(tracker, settings))
        return mapping.alles_vergessen()
