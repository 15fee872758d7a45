"""What this expert promises beyond the conformance suite: intents, placeholders, fees."""

from __future__ import annotations

import re
from pathlib import Path

from domains.ausweisstatus.replies import FEE_KEYS, duration_values, fee_values, pickup_values
from domains.ausweisstatus.settings import AusweisSettings
from domains.ausweisstatus.tests.support import SETTINGS, make_tracker
from nrwbot.compose import declared_names
from nrwbot.experts import load_expert
from nrwbot.yamlio import read_yaml

EXPERT_DIR = Path(__file__).resolve().parents[1]
ROOT = EXPERT_DIR.parents[1]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_declares_the_contract_intents_and_the_status_form() -> None:
    expert = load_expert(EXPERT_DIR)
    declared = declared_names(expert.domain_files)
    assert declared["intents"] == {
        "ausweis_status",
        "ausweis_abholung",
        "ausweis_dauer",
        "ausweis_gebuehren",
        "ausweis_unterlagen",
        "ausweis_verlust",
    }
    assert declared["forms"] == {"ausweis_status_form"}


def test_every_placeholder_is_a_core_slot_or_a_value_the_actions_pass() -> None:
    core_slots = set(read_yaml(ROOT / "bot" / "domain.yml")["slots"])
    tracker = make_tracker()
    settings = AusweisSettings.parse_obj(SETTINGS)
    passed = {
        *pickup_values(settings, tracker),
        *duration_values(settings, tracker),
        *fee_values(settings, tracker),
    }
    responses = read_yaml(EXPERT_DIR / "domain.yml")["responses"]
    for name, variants in responses.items():
        for variant in variants:
            unknown = set(PLACEHOLDER.findall(variant["text"])) - core_slots - passed
            assert not unknown, f"{name} uses unknown placeholders {unknown}"


def test_soest_configures_every_setting_and_every_fee() -> None:
    expert = load_expert(EXPERT_DIR)
    block = read_yaml(ROOT / "tenants" / "soest.yml")["experts"]["ausweisstatus"]
    model = expert.settings_class()
    required = {name for name, field in model.__fields__.items() if field.required}
    assert required <= set(block)
    assert set(FEE_KEYS) <= set(block["gebuehren"])


def test_lippstadt_does_not_enable_the_expert() -> None:
    experts = read_yaml(ROOT / "tenants" / "lippstadt.yml").get("experts") or {}
    assert "ausweisstatus" not in experts
