"""Registering and de-registering: the offer to do it here, or the form at once when the citizen
already said so.

"Wir möchten unseren Beagle anmelden" is a wish, not a question: the registration starts with the
breed taken over, and the other ways to register are named in one sentence. "Wie melde ich meinen
Hund an?" is a question: it gets the deadline and the ways, then the offer. A reason already given
("mein Hund ist gestorben") is kept, so the de-registration form does not ask it again.
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
from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.client import Abmeldegrund

DomainDict = dict[str, Any]

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


class AnmeldungInfo(HundesteuerAction):
    """Deadline and channels for registering, then the offer, or the form when it was asked for."""

    async def respond(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        settings: HundesteuerSettings,
    ) -> list[EventType]:
        values = {
            "frist": settings.anmeldefrist_tage,
            "wege": settings.anmeldewege or "",
            "info_url": settings.info_url,
            "kontakt": settings.kontakt,
        }
        # Without configured ways, each text points to the info page instead.
        variant = "" if settings.anmeldewege else "_ohne_wege"
        if wants_to_act(_text(tracker)):
            dispatcher.utter_message(
                response=f"utter_hundesteuer_anmeldung_start{variant}", **values
            )
            breeds = list(tracker.get_latest_entity_values("dog_breed"))
            events: list[EventType] = [SlotSet(anm.RASSE, str(breeds[0]))] if breeds else []
            return [*events, FollowupAction(anm.FORM)]
        dispatcher.utter_message(response=f"utter_hundesteuer_anmeldung_info{variant}", **values)
        dispatcher.utter_message(response="utter_hundesteuer_anmeldung_angebot")
        return []


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
        dispatcher.utter_message(response="utter_hundesteuer_abmeldung_angebot")
        grund = parse_grund(_text(tracker))
        if grund is None or grund is Abmeldegrund.SONSTIGES:
            return []
        return [SlotSet(abm.GRUND, grund.value)]
