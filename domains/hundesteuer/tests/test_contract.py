"""What this expert promises beyond the conformance suite: the contract's intents and forms."""

from __future__ import annotations

from domains.hundesteuer.actions.settings import HundesteuerSettings
from domains.hundesteuer.tests.conftest import EXPERT_DIR, TENANTS_DIR
from nrwbot.compose import declared_names
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
    "hundesteuer_umzug",
}


def test_declares_the_contract_intents_and_both_forms() -> None:
    declared = declared_names(load_expert(EXPERT_DIR).domain_files)
    assert declared["intents"] == CONTRACT_INTENTS
    assert declared["forms"] == {"hundesteuer_anmeldung_form", "hundesteuer_abmeldung_form"}


def test_both_tenants_enable_the_expert_with_the_statutory_deadline() -> None:
    experts = discover_experts(EXPERT_DIR.parent)
    for tenant_id in ("soest", "lippstadt"):
        tenant = load_tenant(TENANTS_DIR / f"{tenant_id}.yml", experts)
        settings = tenant.settings_for("hundesteuer")
        assert isinstance(settings, HundesteuerSettings)
        assert settings.anmeldefrist_tage == 14
