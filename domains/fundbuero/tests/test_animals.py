"""Lost and found animals: found ones go to the Ordnungsamt and its Tierheim, owners ask there;
the Tierheim is named only when the town configured it, otherwise the town's contact."""

from __future__ import annotations

import pytest

from domains.fundbuero.actions import ActionFundInfo, ActionTier
from domains.fundbuero.items import TierFall, tier_fall
from domains.fundbuero.tests.support import SETTINGS, action, make_tracker, message, responses

ANIMAL_INFO = "Fundtiere nimmt das Ordnungsamt an; es bringt sie ins Tierheim Musterstadt."


@pytest.mark.parametrize(
    ("text", "fall"),
    [
        ("Hund gefunden", TierFall.FUNDTIER),
        ("uns ist eine katze zugelaufn", TierFall.FUNDTIER),
        ("Ein entlaufener Hund ist uns zugelaufen", TierFall.FUNDTIER),
        ("Bei uns im Garten sitzt ein Wellensittich", TierFall.FUNDTIER),
        ("Wer ist für Fundtiere zuständig?", TierFall.FUNDTIER),
        ("Mein Sohn hat eine Katze gefunden", TierFall.FUNDTIER),
        ("Unser Hund ist entlaufen", TierFall.VERMISST),
        ("meine katze ist seit montag weg", TierFall.VERMISST),
        ("Hat jemand einen Hund gefunden? Unserer ist weg", TierFall.VERMISST),
        ("Wurde ein brauner Mischling abgegeben?", TierFall.VERMISST),
        ("Mein Kater ist nicht nach Hause gekommen", TierFall.VERMISST),
        ("Tierheim Soest", TierFall.UNKLAR),
    ],
)
def test_found_and_missing_animals_are_told_apart(text: str, fall: TierFall) -> None:
    assert tier_fall(text) is fall


async def test_a_found_animal_without_configured_info_gets_the_rule_and_the_contact(
    dispatcher,
) -> None:
    tracker = make_tracker(text="Uns ist ein Hund zugelaufen", intent="fundbuero_tier")

    events = await action(ActionTier).run(dispatcher, tracker, {})

    assert responses(dispatcher) == [
        "utter_fundbuero_fund_tier",
        "utter_fundbuero_fund_tier_stelle_unbekannt",
    ]
    assert events == []


async def test_a_missing_animal_gets_where_to_ask_with_the_towns_setting(dispatcher) -> None:
    settings = SETTINGS.copy(update=dict(animal_info=ANIMAL_INFO))
    tracker = make_tracker(text="Unsere Katze ist seit gestern weg", intent="fundbuero_tier")

    await action(ActionTier, settings=settings).run(dispatcher, tracker, {})

    assert responses(dispatcher) == [
        "utter_fundbuero_tier_vermisst",
        "utter_fundbuero_fund_tier_stelle",
    ]
    assert message(dispatcher, "utter_fundbuero_fund_tier_stelle")["animal_info"] == ANIMAL_INFO


async def test_a_missing_animal_without_configured_info_names_no_tierheim(dispatcher) -> None:
    tracker = make_tracker(text="Mein Hund ist weggelaufen", intent="fundbuero_tier")

    await action(ActionTier).run(dispatcher, tracker, {})

    assert responses(dispatcher) == [
        "utter_fundbuero_tier_vermisst",
        "utter_fundbuero_fund_tier_stelle_unbekannt",
    ]


async def test_an_unclear_animal_question_gets_both_answers(dispatcher) -> None:
    tracker = make_tracker(text="Tierheim?", intent="fundbuero_tier")

    await action(ActionTier).run(dispatcher, tracker, {})

    assert responses(dispatcher)[:2] == [
        "utter_fundbuero_fund_tier",
        "utter_fundbuero_tier_vermisst",
    ]


async def test_an_animal_reported_as_a_find_gets_the_same_advice_and_no_offer(dispatcher) -> None:
    settings = SETTINGS.copy(update=dict(animal_info=ANIMAL_INFO))
    tracker = make_tracker(text="Ich habe eine Katze gefunden", intent="fundbuero_fund_melden")

    await action(ActionFundInfo, settings=settings).run(dispatcher, tracker, {})

    assert responses(dispatcher) == [
        "utter_fundbuero_fund_tier",
        "utter_fundbuero_fund_tier_stelle",
    ]
