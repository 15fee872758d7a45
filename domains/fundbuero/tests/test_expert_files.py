"""The expert's manifest, domain, training data and tenant blocks fit together."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from pydantic import ValidationError

from domains.fundbuero import answers
from domains.fundbuero.tenant_settings import FundbueroSettings
from nrwbot.compose import check_expert_names, declared_names
from nrwbot.experts import load_expert
from nrwbot.yamlio import read_yaml

EXPERT_DIR = Path(__file__).resolve().parents[1]
PROJECT_ROOT = EXPERT_DIR.parents[1]
CONTRACT_INTENTS = {
    "fundbuero_verlust",
    "fundbuero_fund_melden",
    "fundbuero_abholung",
    "fundbuero_finderlohn",
    "fundbuero_aufbewahrung",
}


def _yaml(path: Path) -> dict:
    return read_yaml(path) or {}


def _examples() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((EXPERT_DIR / "data").glob("nlu*.yml")):
        for block in _yaml(path).get("nlu", []):
            if "intent" in block:
                lines = [
                    line[2:] for line in block["examples"].splitlines() if line.startswith("- ")
                ]
                found.setdefault(block["intent"], []).extend(lines)
    return found


def _plain(example: str) -> str:
    return re.sub(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})", r"\1", example).strip().lower()


def test_manifest_loads_and_every_name_is_prefixed() -> None:
    expert = load_expert(EXPERT_DIR)
    declared = declared_names(expert.domain_files)

    check_expert_names(expert, declared)
    assert declared["intents"] == CONTRACT_INTENTS
    model = expert.settings_class()
    assert {name for name, field in model.__fields__.items() if field.required} == {"backend_url"}


def test_every_contract_intent_has_at_least_60_distinct_examples() -> None:
    examples = _examples()

    for intent in CONTRACT_INTENTS:
        assert len(set(map(_plain, examples[intent]))) >= 60, intent


def test_no_example_is_used_for_two_intents() -> None:
    owners = Counter(
        text for intent, lines in _examples().items() for text in {_plain(line) for line in lines}
    )

    assert [text for text, count in owners.items() if count > 1] == []


def test_every_response_the_code_sends_exists_in_the_domain() -> None:
    responses = _yaml(EXPERT_DIR / "domain" / "responses.yml")["responses"]
    code = "\n".join(p.read_text(encoding="utf-8") for p in EXPERT_DIR.glob("*.py"))
    sent = set(re.findall(r'"(utter_fundbuero_\w+)"', code))

    assert sent and sent <= set(responses)


def test_domain_maps_deny_to_the_values_the_code_expects() -> None:
    slots = _yaml(EXPERT_DIR / "domain" / "fundbuero.yml")["slots"]
    deny_values = {
        slot: mapping["value"]
        for slot, spec in slots.items()
        for mapping in spec["mappings"]
        if mapping.get("intent") == "deny"
    }

    assert deny_values == {
        "fundbuero_location": answers.UNBEKANNT,
        "fundbuero_date": answers.UNBEKANNT,
        "fundbuero_name": answers.ANONYM,
        "fundbuero_kontakt": answers.KEINE_ANGABE,
    }


@pytest.mark.parametrize(
    "tenant", sorted((PROJECT_ROOT / "tenants").glob("*.yml")), ids=lambda p: p.stem
)
def test_tenant_blocks_are_valid_settings(tenant: Path) -> None:
    block = (_yaml(tenant).get("experts") or {}).get("fundbuero")
    if block is None:
        pytest.skip(f"{tenant.stem} does not enable fundbuero")

    settings = FundbueroSettings.parse_obj(block)

    assert settings.backend_url.startswith("http")


def test_office_needs_every_field() -> None:
    with pytest.raises(ValidationError, match="opening_hours"):
        FundbueroSettings.parse_obj(
            {
                "backend_url": "http://x",
                "office": {"name": "Fundbüro", "address": "a", "phone": "1", "email": "e"},
            }
        )


def test_every_declared_action_has_exactly_one_class_in_the_actions_module() -> None:
    import inspect

    from rasa_sdk import Action

    from domains.fundbuero import actions

    classes = [
        cls
        for _, cls in inspect.getmembers(actions, inspect.isclass)
        if cls.__module__ == actions.__name__
        and issubclass(cls, Action)
        and not inspect.isabstract(cls)
    ]
    names = [cls().name() for cls in classes]
    declared = declared_names(load_expert(EXPERT_DIR).domain_files)["actions"]

    assert sorted(names) == sorted(declared)
