"""Answers to dog tax questions, filled with the values of the conversation's municipality.

Rates come from the municipality's backend; when it cannot say, the answer names the tax office
instead of a figure. Everything else comes from the tenant settings.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions.base import HundesteuerAction
from domains.hundesteuer.actions.breeds import BreedCategory, canonical_breed, classify_breed
from domains.hundesteuer.actions.choices import ERMAESSIGUNG_LABELS
from domains.hundesteuer.actions.settings import HundesteuerSettings, gemeinde_of
from domains.hundesteuer.actions.tax import tier_lines
from nrwbot.service_client import ServiceError

DomainDict = dict[str, Any]

_BREED_RESPONSES = {
    BreedCategory.DANGEROUS: "utter_hundesteuer_rasse_paragraph_3",
    BreedCategory.LISTED: "utter_hundesteuer_rasse_paragraph_10",
    BreedCategory.NOT_LISTED: "utter_hundesteuer_rasse_nicht_gelistet",
    BreedCategory.UNCLEAR: "utter_hundesteuer_rasse_unklar",
}


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def mentioned_breed(tracker: Tracker) -> str | None:
    """The breed named in the latest message, as the NLU extracted it."""
    values = list(tracker.get_latest_entity_values("dog_breed"))
    return canonical_breed(str(values[0])) if values else None


def _utter_breed(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    breed = mentioned_breed(tracker)
    if breed:
        dispatcher.utter_message(response=_BREED_RESPONSES[classify_breed(breed)], rasse=breed)


class TariffAnswer(HundesteuerAction):
    """An answer that names the municipality's rates, read from its backend.

    When the backend cannot name them (down, or no tariff for the municipality), the answer
    names the tax office instead of a figure.
    """

    unavailable_response = "utter_hundesteuer_kosten_nicht_verfuegbar"

    async def utter_rates(
        self,
        response: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
    ) -> None:
        """Sends `response` with the rates; a `ServiceError` goes to `answer_backend_failure`."""
        tarife = await self.backend(settings).tarife(gemeinde_of(tracker))
        dispatcher.utter_message(
            response=response,
            info_url=settings.info_url,
            saetze=bullets(tier_lines(tarife.normal)),
            saetze_gefaehrlich=bullets(tier_lines(tarife.gefaehrlich)),
            tarif_hinweis=tarife.tarif_hinweis,
        )


class KostenAnswer(TariffAnswer):
    """How much the dog tax is, per dog and year, by number of dogs."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        await self.utter_rates("utter_hundesteuer_kosten", dispatcher, tracker, settings)
        _utter_breed(dispatcher, tracker)
        return []

    def answer_backend_failure(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
        error: ServiceError,
    ) -> list[EventType]:
        events = super().answer_backend_failure(dispatcher, tracker, settings, error)
        _utter_breed(dispatcher, tracker)  # the law does not depend on the backend
        return events


class GefaehrlichAnswer(TariffAnswer):
    """LHundG NRW duties for dangerous, listed and large dogs, and their tax rate."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        _utter_breed(dispatcher, tracker)
        dispatcher.utter_message(response="utter_hundesteuer_gefaehrlich_regeln")
        # Rates last: if the backend fails, the rules are said and the outage answer follows.
        await self.utter_rates(
            "utter_hundesteuer_gefaehrlich_steuer", dispatcher, tracker, settings
        )
        return []


class ErmaessigungAnswer(HundesteuerAction):
    """Reductions and exemptions this municipality is known to grant, on application."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        lines = [
            f"{ERMAESSIGUNG_LABELS[key]}: {text}" for key, text in settings.ermaessigungen.items()
        ]
        dispatcher.utter_message(
            response="utter_hundesteuer_ermaessigung"
            if lines
            else "utter_hundesteuer_ermaessigung_unbekannt",
            gruende=bullets(lines),
            hinweis=settings.ermaessigungen_hinweis,
            kontakt=settings.kontakt,
        )
        return []


class SteuermarkeAnswer(HundesteuerAction):
    """Lost or damaged tax tag: where to get a new one and whether it costs."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        if settings.steuermarke:
            dispatcher.utter_message(
                response="utter_hundesteuer_steuermarke_regeln", regeln=settings.steuermarke
            )
        dispatcher.utter_message(
            response="utter_hundesteuer_steuermarke_ersatz",
            ersatz=settings.steuermarke_ersatz,
            kontakt=settings.kontakt,
        )
        dispatcher.utter_message(
            response="utter_hundesteuer_steuermarke_gebuehr"
            if settings.steuermarke_gebuehr
            else "utter_hundesteuer_steuermarke_gebuehr_unbekannt",
            gebuehr=settings.steuermarke_gebuehr or "",
            kontakt=settings.kontakt,
        )
        return []


class ZahlungAnswer(HundesteuerAction):
    """When and how the tax is paid; unconfirmed due dates are never stated."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        if settings.zahlung_hinweis:
            dispatcher.utter_message(text=settings.zahlung_hinweis)
        dispatcher.utter_message(
            response="utter_hundesteuer_zahlung_termine"
            if settings.faelligkeiten
            else "utter_hundesteuer_zahlung_unbekannt",
            termine=", ".join(settings.faelligkeiten),
            kontakt=settings.kontakt,
        )
        return []
