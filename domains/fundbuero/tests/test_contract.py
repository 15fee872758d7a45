"""What this expert promises beyond the conformance suite: contract intents, deny values."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from domains.fundbuero import inputs
from domains.fundbuero.tenant_settings import FundbueroSettings
from nrwbot.compose import declared_names
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
    "fundbuero_tier",
}


def _yaml(path: Path) -> dict:
    return read_yaml(path) or {}


def test_declares_the_contract_intents_and_needs_only_a_backend_url() -> None:
    expert = load_expert(EXPERT_DIR)
    declared = declared_names(expert.domain_files)

    assert declared["intents"] == CONTRACT_INTENTS
    model = expert.settings_class()
    assert {name for name, field in model.__fields__.items() if field.required} == {"backend_url"}


def test_domain_maps_deny_to_the_values_the_code_expects() -> None:
    slots = _yaml(EXPERT_DIR / "domain" / "fundbuero.yml")["slots"]
    deny_values = {
        slot: mapping["value"]
        for slot, spec in slots.items()
        for mapping in spec["mappings"]
        if mapping.get("intent") == "deny"
    }

    assert deny_values == {
        "fundbuero_location": inputs.UNBEKANNT,
        "fundbuero_date": inputs.UNBEKANNT,
        "fundbuero_name": inputs.ANONYM,
        "fundbuero_kontakt": inputs.KEINE_ANGABE,
    }


def test_office_needs_every_field() -> None:
    with pytest.raises(ValidationError, match="opening_hours"):
        FundbueroSettings.parse_obj(
            {
                "backend_url": "http://x",
                "office": {"name": "Fundbüro", "address": "a", "phone": "1", "email": "e"},
            }
        )
