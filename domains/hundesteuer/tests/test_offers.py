"""What the citizen already said is not asked again: a wish to register starts the form with the
breed taken over; a reason for de-registering named up front is kept for the form."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import (
    ActionHundesteuerAbmeldungInfo,
    ActionHundesteuerAnmeldungInfo,
    ActionHundesteuerErmaessigung,
    ActionHundesteuerSteuermarke,
    ActionHundesteuerZahlung,
)
from domains.hundesteuer.actions.offers import ABMELDUNG, ANMELDUNG, wants_to_act
from domains.hundesteuer.tests.conftest import make_tracker, rendered
from nrwbot.offers import OFFER_SLOT, Offer
from nrwbot.testing import entity, responses_sent


@pytest.fixture(autouse=True)
def _tenant_files(tenant_settings: Any) -> None:
    """The actions read the real tenant blocks."""


async def run(
    action: Any, text: str, tenant: str = "soest", **kwargs: Any
) -> tuple[list, str, list]:
    tracker = make_tracker(tenant=tenant, text=text, **kwargs)
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    return events, rendered(dispatcher, tracker), responses_sent(dispatcher)


@pytest.mark.parametrize(
    ("text", "wish"),
    [
        ("Wir möchten unseren Beagle bei der Steuer anmelden", True),
        ("ich will meinen hund anmelden", True),
        ("Hund anmelden bitte", True),
        ("moechte meinen hund jetzt anmelden", True),
        ("Wie melde ich meinen Hund an?", False),
        ("Muss ich meinen Hund anmelden", False),
        ("ich möchte wissen, bis wann ich den hund anmelden muss", False),
        ("hund anmelden", False),
        ("Wo kann man einen Hund anmelden", False),
    ],
)
def test_a_wish_is_told_from_a_question(text: str, wish: bool) -> None:
    assert wants_to_act(text) is wish


async def test_a_wish_to_register_starts_the_form_with_the_breed() -> None:
    text = "Wir möchten unseren Beagle bei der Steuer anmelden"
    events, said, sent = await run(
        ActionHundesteuerAnmeldungInfo(),
        text,
        intent="hundesteuer_anmelden",
        entities=[entity("dog_breed", "Beagle", text.index("Beagle"))],
    )
    assert events == [
        SlotSet("hundesteuer_rasse", "Beagle"),
        FollowupAction("hundesteuer_anmeldung_form"),
    ]
    assert sent == ["utter_hundesteuer_anmeldung_start"]
    # The other ways to register, in one sentence, from the tenant file.
    assert "Online- oder PDF-Formular" in said and "Möchten Sie" not in said


async def test_without_configured_ways_the_start_points_to_the_info_page() -> None:
    events, said, sent = await run(
        ActionHundesteuerAnmeldungInfo(), "ich will meinen hund anmelden", tenant="lippstadt"
    )
    assert events == [FollowupAction("hundesteuer_anmeldung_form")]
    assert sent == ["utter_hundesteuer_anmeldung_start_ohne_wege"]
    assert "lippstadt.de" in said


async def test_a_question_about_registering_gets_the_facts_and_the_offer() -> None:
    events, _, sent = await run(ActionHundesteuerAnmeldungInfo(), "Wie melde ich meinen Hund an?")
    assert events == [SlotSet(OFFER_SLOT, asdict(ANMELDUNG))]
    assert sent[-1] == "utter_hundesteuer_anmeldung_angebot"


@pytest.mark.parametrize(
    ("text", "grund"),
    [
        ("mein Hund ist gestorben", "verstorben"),
        ("wir ziehen nach Köln, hund abmelden", "verzogen"),
        ("Hund abmelden", None),
    ],
)
async def test_a_reason_named_up_front_is_kept_for_the_form(text: str, grund: str | None) -> None:
    events, _, sent = await run(ActionHundesteuerAbmeldungInfo(), text)
    assert sent[-1] == "utter_hundesteuer_abmeldung_angebot"
    offered = [SlotSet(OFFER_SLOT, asdict(ABMELDUNG))]
    assert events == offered + ([SlotSet("hundesteuer_abmeldegrund", grund)] if grund else [])


@pytest.mark.parametrize(
    ("side_question", "text", "offer", "asked_again"),
    [
        (ActionHundesteuerErmaessigung, "gibts ermäßigung?", ANMELDUNG, "utter_hundesteuer_anmeldung_nochmal"),
        (ActionHundesteuerSteuermarke, "was ist eine steuermarke", ANMELDUNG, "utter_hundesteuer_anmeldung_nochmal"),
        (ActionHundesteuerZahlung, "wann muss ich zahlen", ABMELDUNG, "utter_hundesteuer_abmeldung_nochmal"),
    ],
)  # fmt: skip
async def test_after_a_side_question_the_open_offer_is_asked_again(
    side_question: Any, text: str, offer: Offer, asked_again: str
) -> None:
    events, said, sent = await run(side_question(), text, slots={OFFER_SLOT: asdict(offer)})
    assert sent[-1] == asked_again and len(sent) > 1  # the answer first, then the offer
    assert not [e for e in events if e.get("name") == OFFER_SLOT]  # the offer stays open
    assert said.rstrip().endswith("?")


async def test_a_side_question_inside_a_form_does_not_repeat_the_offer() -> None:
    slots = {OFFER_SLOT: asdict(ANMELDUNG)}
    _, _, sent = await run(
        ActionHundesteuerErmaessigung(), "ermäßigung?", slots=slots,
        active_loop="hundesteuer_anmeldung_form",
    )  # fmt: skip
    assert "utter_hundesteuer_anmeldung_nochmal" not in sent


async def test_a_wish_to_register_closes_an_open_de_registration_offer() -> None:
    events, _, _ = await run(
        ActionHundesteuerAnmeldungInfo(), "ich will meinen hund anmelden",
        slots={OFFER_SLOT: asdict(ABMELDUNG)},
    )  # fmt: skip
    assert events[-1] == SlotSet(OFFER_SLOT, None)
    assert FollowupAction("hundesteuer_anmeldung_form") in events
