"""The expert loads as core loads it: prefixed names, every domain action defined, tenants valid."""

from __future__ import annotations

from pathlib import Path

from actions.expert_loader import import_expert_actions
from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.tests.conftest import EXPERT_DIR, TENANTS_DIR
from nrwbot.compose import check_expert_names, declared_names
from nrwbot.experts import discover_experts, load_expert
from nrwbot.tenants import load_tenant

CONTRACT_INTENTS = {
    "hundesteuer_anmelden",
    "hundesteuer_abmelden",
    "hundesteuer_kosten",
    "hundesteuer_ermaessigung",
    "hundesteuer_gefaehrlich",
    "hundesteuer_steuermarke",
    "hundesteuer_zahlung",
}


def test_manifest_and_names() -> None:
    expert = load_expert(EXPERT_DIR)
    assert (expert.name, expert.intent_prefix) == ("hundesteuer", "hundesteuer")
    declared = declared_names(expert.domain_files)
    check_expert_names(expert, declared)
    assert declared["intents"] == CONTRACT_INTENTS
    assert declared["forms"] == {"hundesteuer_anmeldung_form", "hundesteuer_abmeldung_form"}


def test_every_declared_action_has_exactly_one_class() -> None:
    expert = load_expert(EXPERT_DIR)
    module = import_expert_actions(expert, seen={})
    assert module.__name__ == "domains.hundesteuer.actions"


def test_both_tenants_configure_the_expert_completely() -> None:
    experts = discover_experts(EXPERT_DIR.parent)
    for tenant_id in ("soest", "lippstadt"):
        tenant = load_tenant(TENANTS_DIR / f"{tenant_id}.yml", experts)
        assert tenant.enables("hundesteuer")
        settings = tenant.settings_for("hundesteuer")
        assert isinstance(settings, HundesteuerSettings)
        assert settings.anmeldefrist_tage == 14


def test_every_setting_a_tenant_uses_is_declared() -> None:
    import yaml

    declared = set(load_expert(EXPERT_DIR).settings_class().__fields__)
    for path in (TENANTS_DIR / "soest.yml", TENANTS_DIR / "lippstadt.yml"):
        used = set(yaml.safe_load(path.read_text(encoding="utf-8"))["experts"]["hundesteuer"])
        assert used <= declared, f"{path.name}: undeclared {used - declared}"


def test_every_contract_intent_has_at_least_60_examples() -> None:
    import yaml

    data = yaml.safe_load((EXPERT_DIR / "data" / "nlu.yml").read_text(encoding="utf-8"))
    counts = {
        block["intent"]: len([line for line in block["examples"].splitlines() if line.strip()])
        for block in data["nlu"]
        if "intent" in block
    }
    assert set(counts) == CONTRACT_INTENTS
    assert min(counts.values()) >= 60, counts


def test_readme_documents_every_setting() -> None:
    readme = (EXPERT_DIR / "README.md").read_text(encoding="utf-8")
    for name in load_expert(EXPERT_DIR).settings_class().__fields__:
        assert f"`{name}`" in readme, name


def test_no_module_is_too_long() -> None:
    for path in Path(EXPERT_DIR).rglob("*.py"):
        if "tests" not in path.parts:
            assert len(path.read_text(encoding="utf-8").splitlines()) <= 250, path.name
