"""Whole conversations: an open offer survives a side question, and mashing gets a rephrase."""

from __future__ import annotations

import itertools

import pytest

from tests.harness import Bot, joined

pytestmark = pytest.mark.integration
_ids = itertools.count()


async def _conversation(bot: Bot, *texts: str) -> list[str]:
    sender = f"offers-{next(_ids)}"
    await bot.say(sender, "Hallo")
    return [joined(await bot.say(sender, text)) for text in texts]


async def test_registration_offer_is_asked_again_after_a_side_question_and_yes_starts_it(
    bot: Bot,
) -> None:
    offer, side, yes = await _conversation(
        bot, "Wie melde ich meinen Hund an?", "Gibt es eine Ermäßigung?", "ja"
    )
    assert "Möchten Sie Ihren Hund jetzt anmelden?" in offer
    assert "Ermäßigung" in side and "Möchten Sie Ihren Hund jetzt hier anmelden?" in side
    assert "Vor- und Nachname" in yes


async def test_no_after_a_side_question_declines_the_registration(bot: Bot) -> None:
    *_, no = await _conversation(
        bot, "wie meld ich meinen hund an", "was ist eine steuermarke", "nein"
    )
    assert "jederzeit hier starten" in no
    assert "Vor- und Nachname" not in no


async def test_find_report_offer_survives_the_question_about_a_finders_reward(bot: Bot) -> None:
    offer, side, yes = await _conversation(
        bot, "Ich habe eine Geldbörse gefunden", "Bekomme ich Finderlohn?", "ja bitte"
    )
    assert "vorab melden" in offer
    assert "Finderlohn" in side and "Möchten Sie den Fund jetzt hier vorab melden?" in side
    assert "Wo haben Sie es gefunden?" in yes


async def test_a_question_to_another_expert_closes_the_offer(bot: Bot) -> None:
    _, other, yes = await _conversation(
        bot, "Wie melde ich meinen Hund an?", "Ist mein Personalausweis schon fertig?", "ja"
    )
    assert "anmelden?" not in other
    assert "Vor- und Nachname" not in yes


async def test_mashing_gets_a_rephrase_then_the_contact_not_the_out_of_scope_answer(
    bot: Bot,
) -> None:
    first, second = await _conversation(bot, "asdfgh jklö", "qwertzuiop")
    assert "nicht verstanden" in first and "leider nicht helfen" not in first
    assert "02921 103-0" in second and "leider nicht helfen" not in second
