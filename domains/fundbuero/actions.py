"""Rasa SDK actions of the Fundbüro expert: search, search requests, find reports and FAQ.

Actions stay thin: they read slots, call one `FundsachenClient` method and map the typed result to
responses. The client is built from the conversation's tenant settings unless a test passes one.
All classes live in this module because the action server checks it against the domain.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.fundbuero import angaben as mapping
from domains.fundbuero import replies
from domains.fundbuero.angaben import Angaben
from domains.fundbuero.answers import (
    ANONYM,
    datum_angabe,
    gegenstand_angabe,
    kontakt_angabe,
    name_angabe,
    ort_angabe,
)
from domains.fundbuero.client import FundsachenClient
from domains.fundbuero.reward import berechne_finderlohn, betrag_aus_text, ist_oeffentlich, ist_tier
from domains.fundbuero.tenant_settings import EXPERT, FundbueroSettings
from nrwbot.conversation import CONTACT_OFFICE_SLOT
from nrwbot.sdk import ExpertAction
from nrwbot.service_client import InvalidRequest, ServiceError

logger = logging.getLogger(__name__)

DomainDict = dict[str, Any]


class _FundbueroAction(ExpertAction[FundbueroSettings]):
    """Shared wiring: tenant settings, the backend client and today's date, all injectable."""

    expert = EXPERT
    settings_model = FundbueroSettings
    client_class = FundsachenClient

    def __init__(
        self,
        client: FundsachenClient | None = None,
        settings: Callable[[Tracker], FundbueroSettings] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(client, settings)
        self._today = today

    def kontext(self, tracker: Tracker, settings: FundbueroSettings) -> replies.Kontext:
        return replies.Kontext(settings, tracker.get_slot(CONTACT_OFFICE_SLOT))


def _user_texts(tracker: Tracker) -> list[str]:
    return [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]


class ActionSucheStarten(_FundbueroAction):
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
        return mapping.angaben_aus_nachricht(tracker) + [SlotSet("fundbuero_angebot", None)]


class ActionSuchen(_FundbueroAction):
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
        replies.sage_suchergebnis(dispatcher, kontext, angaben, ergebnis)
        return [SlotSet("fundbuero_angebot", "suchauftrag")]

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: FundbueroSettings,
        error: ServiceError,
    ) -> list[EventType]:
        replies.sage_nicht_erreichbar(dispatcher, self.kontext(tracker, settings))
        # No search request on offer: filing it would fail the same way.
        return [SlotSet("fundbuero_angebot", None)]


class _Uebermittlung(_FundbueroAction):
    """An action that files the citizen's data; afterwards, sent or not, the data is forgotten."""

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: FundbueroSettings,
        error: ServiceError,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        replies.sage_fehler(dispatcher, kontext, abgelehnt=isinstance(error, InvalidRequest))
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


class ActionFundInfo(_FundbueroAction):
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
        angebot = replies.sage_fund_hinweise(dispatcher, self.kontext(tracker, settings), tracker)
        if angebot:
            dispatcher.utter_message(response="utter_fundbuero_fund_angebot")
        return mapping.angaben_aus_nachricht(tracker) + [
            SlotSet("fundbuero_angebot", "fundmeldung" if angebot else None)
        ]


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
        replies.sage_stelle(dispatcher, self.kontext(tracker, settings))
        return mapping.alles_vergessen()


class ActionAbholung(_FundbueroAction):
    """How to claim a find: ID, proof of ownership, the fee, and where."""

    def name(self) -> str:
        return "action_fundbuero_abholung"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        dispatcher.utter_message(response="utter_fundbuero_abholung")
        replies.sage_gebuehr(dispatcher, kontext)
        replies.sage_stelle(dispatcher, kontext)
        return []


class ActionFinderlohn(_FundbueroAction):
    """The finder's reward rules, computed for the value the citizen names."""

    def name(self) -> str:
        return "action_fundbuero_finderlohn"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        wert = betrag_aus_text(text)
        is_answer = (tracker.latest_message.get("intent") or {}).get("name") == "inform"
        if wert is None:
            # A follow-up without an amount: ask for the value instead of repeating the rules.
            if not is_answer:
                dispatcher.utter_message(response="utter_fundbuero_finderlohn_regeln")
            # Inside a form the next answer belongs to the form's question, not to a value.
            if not tracker.active_loop:
                dispatcher.utter_message(response="utter_fundbuero_finderlohn_wert_fragen")
            return []
        if is_answer:
            # "ca. 600 Euro" answers the question before it ("Hund gefunden, Finderlohn?").
            text = " ".join(_user_texts(tracker)[-2:])
        lohn = berechne_finderlohn(wert, tier=ist_tier(text), oeffentlich=ist_oeffentlich(text))
        replies.sage_finderlohn(dispatcher, lohn)
        return []


class ActionAufbewahrung(_FundbueroAction):
    """How long finds are kept and what happens afterwards, with the town's practice if known."""

    def name(self) -> str:
        return "action_fundbuero_aufbewahrung"

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: FundbueroSettings,
    ) -> list[EventType]:
        kontext = self.kontext(tracker, settings)
        dispatcher.utter_message(response="utter_fundbuero_aufbewahrung")
        if settings.after_storage_info:
            dispatcher.utter_message(
                response="utter_fundbuero_verwertung",
                after_storage_info=settings.after_storage_info,
            )
        else:
            dispatcher.utter_message(
                response="utter_fundbuero_verwertung_unbekannt", stelle=kontext.stelle
            )
        return []


class _AngabenValidierung(FormValidationAction, ABC):
    """Checks the answers shared by the expert's forms (rules in `answers`)."""

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
