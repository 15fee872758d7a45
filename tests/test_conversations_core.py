"""Whole conversations with the trained model and a real action server (core flows, tenants)."""

from __future__ import annotations

import itertools

import pytest

from nrwbot.project import load_project
from tests.harness import Bot, joined

pytestmark = pytest.mark.integration
_ids = itertools.count()


def sender() -> str:
    return f"core-{next(_ids)}"


async def test_first_answer_discloses_the_bot_as_jaegerken_of_soest(bot: Bot) -> None:
    reply = joined(await bot.say(sender(), "Hallo"))
    assert "Jägerken" in reply and "Stadt Soest" in reply
    assert "automatisiertes Programm" in reply and "kein Mensch" in reply
    assert "Wie kann ich Ihnen helfen?" in reply


async def test_second_tenant_answers_with_its_own_name_and_contact(bot: Bot) -> None:
    lippstadt = load_project().tenants.get("lippstadt")
    conversation = sender()
    greeting = joined(await bot.say(conversation, "Guten Tag", tenant="lippstadt"))
    assert lippstadt.bot_name in greeting and "Stadt Lippstadt" in greeting
    assert "Jägerken" not in greeting
    contact = joined(await bot.say(conversation, "Wann hat das Bürgerbüro geöffnet?"))
    assert lippstadt.contact.phone in contact and lippstadt.contact.email in contact
    assert "Soest" not in contact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bist du ein Mensch oder ein Computer?", "kein Mensch"),
        ("Was passiert mit meinen Daten?", "https://www.soest.de/datenschutz"),
        ("Ich möchte bitte mit einem Mitarbeiter sprechen", "02921 103-0"),
        ("Wie wird das Wetter morgen?", "leider nicht helfen"),
        ("Vielen Dank für die Hilfe!", "Gern geschehen"),
        ("Tschüss, bis bald", "Auf Wiedersehen"),
        ("abbrechen", "Gerade läuft kein Vorgang"),
    ],
)
async def test_core_intents_get_their_answer(bot: Bot, text: str, expected: str) -> None:
    conversation = sender()
    await bot.say(conversation, "Hallo")
    assert expected in joined(await bot.say(conversation, text))


async def test_out_of_scope_says_where_to_turn_instead(bot: Bot) -> None:
    conversation = sender()
    await bot.say(conversation, "Hallo")
    reply = joined(await bot.say(conversation, "Kannst du mir ein Rezept für Pfannkuchen geben?"))
    assert "leider nicht helfen" in reply and "Telefon 02921 103-0" in reply


async def test_help_lists_exactly_the_tenants_experts(bot: Bot) -> None:
    project = load_project()
    for tenant in project.tenants:
        conversation = sender()
        await bot.say(conversation, "Hallo", tenant=tenant.id)
        reply = joined(await bot.say(conversation, "Was kannst du alles?"))
        for name, expert in project.experts.items():
            assert (f"- {expert.title}:" in reply) == tenant.enables(name), (tenant.id, name)


async def _example_for(bot: Bot, expert) -> str | None:
    """An utterance of the expert's own training data that the model assigns to the expert."""
    import yaml

    for path in expert.data_files:
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu") or []:
            if not expert.owns_intent(str(block.get("intent", ""))):
                continue
            for line in block["examples"].splitlines()[:10]:
                text = line.strip().lstrip("- ").strip()
                if "[" in text or not text:
                    continue
                parsed = await bot.agent.parse_message(text)
                if expert.owns_intent(parsed["intent"]["name"] or ""):
                    return text
    return None


async def test_expert_not_enabled_for_the_tenant_points_to_its_contact(bot: Bot) -> None:
    project = load_project()
    pairs = [
        (expert, tenant)
        for expert in project.enabled_experts
        for tenant in project.tenants
        if not tenant.enables(expert.name)
    ]
    if not pairs:
        pytest.skip("every enabled expert is enabled by every tenant")
    expert, tenant = pairs[0]
    text = await _example_for(bot, expert)
    assert text, f"no training example of {expert.name} is recognised"
    conversation = sender()
    await bot.say(conversation, "Hallo", tenant=tenant.id)
    reply = joined(await bot.say(conversation, text))
    assert f"„{expert.title}“" in reply and tenant.municipality in reply
    assert tenant.contact.phone in reply
