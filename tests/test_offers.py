"""An offer stays open across side questions: a later yes starts it, a no declines it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.core import ActionCancel, ActionNo, ActionYes
from nrwbot.offers import OFFER_SLOT, Offer, keep_open, make_offer
from nrwbot.testing import make_tracker, responses_sent

OFFER = Offer("muell", "muell_termin_form", "utter_muell_termin_nochmal", "utter_muell_spaeter")


def offered(**kwargs: Any) -> Any:
    return make_tracker({OFFER_SLOT: asdict(OFFER)}, **kwargs)


def test_making_an_offer_asks_it_and_remembers_it() -> None:
    dispatcher = CollectingDispatcher()
    events = make_offer(dispatcher, OFFER, "utter_muell_termin_angebot")
    assert responses_sent(dispatcher) == ["utter_muell_termin_angebot"]
    assert events == [SlotSet(OFFER_SLOT, asdict(OFFER))]


async def test_yes_starts_the_offered_form_and_closes_the_offer() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionYes().run(dispatcher, offered(intent="affirm", text="ja"), {})
    assert events == [SlotSet(OFFER_SLOT, None), FollowupAction("muell_termin_form")]
    assert dispatcher.messages == []


async def test_yes_without_an_offer_only_greets() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionYes().run(dispatcher, make_tracker(intent="affirm", text="ja"), {})
    assert events == [] and responses_sent(dispatcher) == ["utter_greet"]


async def test_no_declines_the_offer_in_the_experts_words() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionNo().run(dispatcher, offered(intent="deny", text="nein"), {})
    assert events == [SlotSet(OFFER_SLOT, None)]
    assert responses_sent(dispatcher) == ["utter_muell_spaeter"]


async def test_no_without_an_offer_acknowledges() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionNo().run(dispatcher, make_tracker(intent="deny", text="nein"), {})
    assert events == [] and responses_sent(dispatcher) == ["utter_no_problem"]


async def test_cancel_without_a_form_also_closes_the_offer() -> None:
    events = await ActionCancel().run(CollectingDispatcher(), offered(intent="cancel"), {})
    assert events == [SlotSet(OFFER_SLOT, None)]


def test_a_side_answer_of_the_same_expert_asks_the_offer_again() -> None:
    dispatcher = CollectingDispatcher()
    events = keep_open("muell", dispatcher, offered(), [])
    assert events == [] and responses_sent(dispatcher) == ["utter_muell_termin_nochmal"]


def test_an_answer_of_another_expert_closes_the_offer() -> None:
    dispatcher = CollectingDispatcher()
    events = keep_open("fundbuero", dispatcher, offered(), [])
    assert events == [SlotSet(OFFER_SLOT, None)] and dispatcher.messages == []


def test_an_answer_that_starts_a_form_closes_the_offer() -> None:
    dispatcher = CollectingDispatcher()
    events = keep_open("muell", dispatcher, offered(), [FollowupAction("muell_other_form")])
    assert events[-1] == SlotSet(OFFER_SLOT, None) and dispatcher.messages == []


def test_inside_a_form_the_offer_is_not_asked() -> None:
    dispatcher = CollectingDispatcher()
    events = keep_open("muell", dispatcher, offered(active_loop="muell_other_form"), [])
    assert events == [] and dispatcher.messages == []


def test_an_answer_that_makes_a_new_offer_is_left_alone() -> None:
    dispatcher = CollectingDispatcher()
    new = [SlotSet(OFFER_SLOT, {"expert": "muell"})]
    assert keep_open("muell", dispatcher, offered(), new) == new
    assert dispatcher.messages == []
