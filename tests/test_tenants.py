"""Tenant files: the shipped municipalities load, broken files fail with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrwbot.errors import TenantConfigError
from nrwbot.experts import discover_experts
from nrwbot.project import load_project
from nrwbot.tenants import TenantRegistry, load_registry, load_tenant
from tests.factories import TENANT, make_expert, make_project, write_yaml


def test_shipped_tenants_load_with_distinct_values() -> None:
    tenants = load_project().tenants
    soest, lippstadt = tenants.get("soest"), tenants.get("lippstadt")
    assert tenants.default == "soest"
    assert soest.bot_name == "Jägerken" and soest.municipality == "Stadt Soest"
    assert lippstadt.municipality == "Stadt Lippstadt"
    assert lippstadt.contact.phone != soest.contact.phone
    assert tenants.get(None) is soest and tenants.get("unbekannt") is soest


def _load(tmp_path: Path, data: dict, experts=None):
    path = write_yaml(tmp_path / "tenants" / "beispiel.yml", data)
    return load_tenant(path, experts or {})


def test_valid_tenant_file_loads(tmp_path: Path) -> None:
    tenant = _load(tmp_path, TENANT)
    assert tenant.id == "beispiel" and tenant.contact.office == "Bürgerbüro"
    assert tenant.experts == {}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"contact": {**TENANT["contact"], "email": "keine-mail"}}, "contact.email"),
        ({"contact": {**TENANT["contact"], "phone": None}}, "contact.phone"),
        ({"privacy_url": "datenschutz"}, "privacy_url"),
        ({"bot_name": ""}, "bot_name"),
        ({"id": "andere"}, "must equal the file name"),
        ({"unbekanntes_feld": 1}, "unbekanntes_feld"),
        ({"experts": ["muell"]}, "must be a mapping"),
        ({"experts": {"muell": {}}}, "enables unknown expert 'muell'"),
    ],
)
def test_invalid_tenant_is_refused_naming_the_field(
    tmp_path: Path, change: dict, message: str
) -> None:
    with pytest.raises(TenantConfigError, match=message):
        _load(tmp_path, {**TENANT, **change})


def test_expert_settings_are_checked_against_the_manifest(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    spec = [{"name": "backend_url", "type": "url", "description": "Basis-URL der API"}]
    spec.append({"name": "gebuehr", "type": "number", "description": "Gebühr", "required": False})
    make_expert(settings, "muell", manifest={"settings": spec})
    experts = discover_experts(settings.domains_dir)
    with pytest.raises(
        TenantConfigError, match="needs setting 'backend_url' \\(Basis-URL der API\\)"
    ):
        _load(tmp_path, {**TENANT, "experts": {"muell": {}}}, experts)
    with pytest.raises(
        TenantConfigError, match="'gebuehr' of expert 'muell' must be of type number"
    ):
        _load(
            tmp_path,
            {**TENANT, "experts": {"muell": {"backend_url": "http://x", "gebuehr": "5"}}},
            experts,
        )
    tenant = _load(tmp_path, {**TENANT, "experts": {"muell": {"backend_url": "http://x"}}}, experts)
    assert tenant.enables("muell") and tenant.expert_settings("muell") == {
        "backend_url": "http://x"
    }


def test_missing_default_tenant_is_refused(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    with pytest.raises(TenantConfigError, match="Default tenant 'soest' has no file"):
        load_registry(settings.tenants_dir, {}, "soest")


def test_enabled_experts_is_the_union_over_tenants(tmp_path: Path) -> None:
    a = _load(tmp_path, {**TENANT})
    registry = TenantRegistry({"beispiel": a}, "beispiel")
    assert registry.enabled_experts() == set()
    assert "beispiel" in registry and "x" not in registry
