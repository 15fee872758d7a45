"""Registering and de-registering: the offer to do it here, or the form at once when the citizen
already said so.

"Wir möchten unseren Beagle anmelden" is a wish, not a question: the registration starts with the
breed taken over, and the other ways to register are named in one sentence. "Wie melde ich meinen
Hund an?" is a question: it gets the deadline and the ways, then the offer. A reason already given
("mein Hund ist gestorben") is kept, so the de-registration form does not ask it again. A move
with a dog gets what changes here and in the other municipality, then the offer that fits its
direction: registering when moving in, de-registering when moving out.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import deregistration as abm
from domains.hundesteuer.actions import registration as anm
from domains.hundesteuer.actions.base import HundesteuerAction
from domains.hundesteuer.actions.choices import parse_grund
from domains.hundesteuer.actions.moving import Umzug, parse_umzug
from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.client import Abmeldegrund
from nrwbot.conversation import MUNICIPALITY_SLOT
from nrwbot.offers import Offer, make_offer

DomainDict = dict[str, Any]
UMZUG = "hundesteuer_umzug"  # the direction of the move just explained, so "ja" starts its form
ANMELDUNG = Offer(
    "hundesteuer", anm.FORM, "utter_hundesteuer_anmeldung_nochmal",
    "utter_hundesteuer_anmeldung_spaeter",
)  # fmt: skip
ABMELDUNG = Offer(
    "hundesteuer", abm.FORM, "utter_hundesteuer_abmeldung_nochmal",
    "utter_hundesteuer_abmeldung_spaeter",
)  # fmt: skip

_WISH = re.compile(
    r"\b(m(ö|oe|o)chte?n?|will|wollen|w(ü|ue|u)rde?n? (gern|gerne)|gern(e)?|bitte|"
    r"jetzt|gleich|direkt|sofort|hiermit)\b"
)
_QUESTION = re.compile(
    r"\?|\b(wie|wo|wann|was|welche[nrs]?|warum|wieso|muss|müssen|muessen|ob|kann man|"
    r"kosten|frist|bis wann)\b"
)


def wants_to_act(text: str) -> bool:
    """True when the message states the wish to do it now rather than asking about it."""
    lowered = text.lower()
    return bool(_WISH.search(lowered)) and not _QUESTION.search(lowered)


def _text(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _anmeldung_values(settings: HundesteuerSettings) -> dict[str, Any]:
    return {
        "frist": settings.anmeldefrist_tage,
        "wege": settings.anmeldewege or "",
        "info_url": settings.info_url,
        "kontakt": settings.kontakt,
    }


def _variant(settings: HundesteuerSettings) -> str:
    # Without configured ways, each text points to the info page instead.
    return "" if settings.anmeldewege else "_ohne_wege"


def _start_anmeldung(
    dispatcher: CollectingDispatcher, tracker: Tracker, settings: HundesteuerSettings
) -> list[EventType]:
    """Starts the registration form; a breed in the message is taken over."""
    dispatcher.utter_message(
        response=f"utter_hundesteuer_anmeldung_start{_variant(settings)}",
        **_anmeldung_values(settings),
    )
    breeds = list(tracker.get_latest_entity_values("dog_breed"))
    events: list[EventType] = [SlotSet(anm.RASSE, str(breeds[0]))] if breeds else []
    return [*events, FollowupAction(anm.FORM)]


class AnmeldungInfo(HundesteuerAction):
    """Deadline and channels for registering, then the offer, or the form when it was asked for."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        if wants_to_act(_text(tracker)):
            return _start_anmeldung(dispatcher, tracker, settings)
        dispatcher.utter_message(
            response=f"utter_hundesteuer_anmeldung_info{_variant(settings)}",
            **_anmeldung_values(settings),
        )
        return make_offer(dispatcher, ANMELDUNG, "utter_hundesteuer_anmeldung_angebot")


class AbmeldungInfo(HundesteuerAction):
    """Deadline for de-registering, then the offer; a reason already named is kept."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        if settings.abmeldefrist_tage:
            dispatcher.utter_message(
                response="utter_hundesteuer_abmeldung_frist", frist=settings.abmeldefrist_tage
            )
        events = make_offer(dispatcher, ABMELDUNG, "utter_hundesteuer_abmeldung_angebot")
        grund = parse_grund(_text(tracker))
        if grund is None or grund is Abmeldegrund.SONSTIGES:
            return events
        return [*events, SlotSet(abm.GRUND, grund.value)]


class UmzugInfo(HundesteuerAction):
    """A move with a dog: what to do here and in the other municipality, then the fitting offer.

    A wish ("wir ziehen nach Köln und möchten den Hund abmelden") starts the form at once; a move
    whose direction the message does not give gets both ways and a choice.
    """

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        text = _text(tracker)
        umzug = parse_umzug(text, tracker.get_slot(MUNICIPALITY_SLOT))
        if umzug is Umzug.ZUZUG:
            return self._zuzug(dispatcher, tracker, settings, wish=wants_to_act(text))
        if umzug is Umzug.WEGZUG:
            return self._wegzug(dispatcher, settings, wish=wants_to_act(text))
        dispatcher.utter_message(
            response="utter_hundesteuer_umzug_zuzug", frist=settings.anmeldefrist_tage
        )
        dispatcher.utter_message(response="utter_hundesteuer_umzug_wegzug")
        dispatcher.utter_message(
            response="utter_hundesteuer_umzug_richtung", kontakt=settings.kontakt
        )
        return [SlotSet(UMZUG, None)]

    @staticmethod
    def _zuzug(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        settings: HundesteuerSettings,
        *,
        wish: bool,
    ) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_hundesteuer_umzug_zuzug", frist=settings.anmeldefrist_tage
        )
        if wish:
            return [
                SlotSet(UMZUG, Umzug.ZUZUG.value),
                *_start_anmeldung(dispatcher, tracker, settings),
            ]
        if settings.steuermarke:
            dispatcher.utter_message(
                response="utter_hundesteuer_steuermarke_regeln", regeln=settings.steuermarke
            )
        return [
            SlotSet(UMZUG, Umzug.ZUZUG.value),
            *make_offer(dispatcher, ANMELDUNG, "utter_hundesteuer_anmeldung_angebot"),
        ]

    @staticmethod
    def _wegzug(
        dispatcher: CollectingDispatcher, settings: HundesteuerSettings, *, wish: bool
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_hundesteuer_umzug_wegzug")
        # The reason is known, so the de-registration form does not ask it.
        events: list[EventType] = [
            SlotSet(UMZUG, Umzug.WEGZUG.value),
            SlotSet(abm.GRUND, Abmeldegrund.VERZOGEN.value),
        ]
        if wish:
            dispatcher.utter_message(response="utter_hundesteuer_umzug_abmeldung_start")
            return [*events, FollowupAction(abm.FORM)]
        if settings.abmeldefrist_tage:
            dispatcher.utter_message(
                response="utter_hundesteuer_abmeldung_frist", frist=settings.abmeldefrist_tage
            )
        nachweis = (settings.abmeldung_nachweise or {}).get(Abmeldegrund.VERZOGEN)
        dispatcher.utter_message(
            response="utter_hundesteuer_abmeldung_nachweis"
            if nachweis
            else "utter_hundesteuer_abmeldung_nachweis_unbekannt",
            nachweis=nachweis or "",
            kontakt=settings.kontakt,
        )
        if settings.steuermarke_rueckgabe:
            dispatcher.utter_message(text=settings.steuermarke_rueckgabe)
        else:
            dispatcher.utter_message(
                response="utter_hundesteuer_umzug_marke_unbekannt", kontakt=settings.kontakt
            )
        return [*events, *make_offer(dispatcher, ABMELDUNG, "utter_hundesteuer_abmeldung_angebot")]
