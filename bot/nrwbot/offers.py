"""An offer stays open until the citizen answers it, also across side questions.

"Möchten Sie Ihren Hund jetzt anmelden?" and then "gibt es eine Ermäßigung?": the citizen wants
the answer and still has the offer in mind. So an expert makes an offer with `make_offer`, which
asks the offer's question and remembers the offer in the core slot `open_offer`. Every later
answer of the same expert outside a form ends with the offer's short question (`keep_open`, called by
`ExpertAction.run`); a bare yes starts the offered form and a bare no gets the expert's "later"
answer, also after such side questions (core actions `action_nrwbot_ja` and `action_nrwbot_nein`).
An answer of another expert, a started form or "abbrechen" closes the offer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

OFFER_SLOT = "open_offer"


@dataclass(frozen=True)
class Offer:
    """What the bot offered: the form a yes starts, the short question that asks it again after a
    side question, and the answer to a no."""

    expert: str
    form: str
    question: str
    declined: str

    @classmethod
    def from_slot(cls, value: Any) -> Offer | None:
        if not isinstance(value, dict):
            return None
        try:
            return cls(
                **{key: str(value[key]) for key in ("expert", "form", "question", "declined")}
            )
        except KeyError:
            return None


def open_offer(tracker: Tracker) -> Offer | None:
    """The offer the citizen has not answered yet, if any."""
    return Offer.from_slot(tracker.get_slot(OFFER_SLOT))


def make_offer(dispatcher: CollectingDispatcher, offer: Offer, first_ask: str) -> list[EventType]:
    """Makes the offer in the words of the response `first_ask` and keeps it open."""
    dispatcher.utter_message(response=first_ask)
    return remember_offer(offer)


def remember_offer(offer: Offer) -> list[EventType]:
    """Keeps an offer open whose question the expert has just asked in its own words."""
    return [SlotSet(OFFER_SLOT, asdict(offer))]


def close_offer(tracker: Tracker) -> list[EventType]:
    """Forgets an open offer; nothing when none is open."""
    return [SlotSet(OFFER_SLOT, None)] if tracker.get_slot(OFFER_SLOT) is not None else []


def _sets_offer(events: list[EventType]) -> bool:
    return any(e.get("event") == "slot" and e.get("name") == OFFER_SLOT for e in events)


def _starts_something(events: list[EventType]) -> bool:
    return any(e.get("event") in {"followup", "active_loop"} for e in events)


def keep_open(
    expert: str, dispatcher: CollectingDispatcher, tracker: Tracker, events: list[EventType]
) -> list[EventType]:
    """After an answer of `expert`: asks the open offer's question again, or closes the offer.

    The question comes back only after a side question of the same expert outside a form; an
    answer that makes or closes an offer itself, or starts a form, is left as it is.
    """
    offer = open_offer(tracker)
    if offer is None or _sets_offer(events) or (tracker.active_loop or {}).get("name"):
        return events
    if offer.expert != expert or _starts_something(events):
        return [*events, SlotSet(OFFER_SLOT, None)]
    dispatcher.utter_message(response=offer.question)
    return events
