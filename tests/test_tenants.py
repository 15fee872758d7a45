"""Tenant files: the shipped municipalities load, broken files fail with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrwbot.errors import TenantConfigError
from nrwbot.experts import discover_experts
from nrwbot.project import load_project
from nrwbot.tenants import TenantRegistry, load_registry, load_tenant
from tests.factories import TENANT, make_expert, make_project, write_yaml
from tests.settings_models import MuellSettings


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


MUELL_MODEL = {"settings_model": "tests.settings_models:MuellSettings"}


def _muell_experts(tmp_path: Path) -> dict:
    settings = make_project(tmp_path)
    make_expert(settings, "muell", manifest=MUELL_MODEL)
    return discover_experts(settings.domains_dir)


def test_expert_settings_are_built_as_the_experts_typed_model(tmp_path: Path) -> None:
    experts = _muell_experts(tmp_path)
    block = {"backend_url": "http://x", "abholgebuehr": 5}
    tenant = _load(tmp_path, {**TENANT, "experts": {"muell": block}}, experts)
    settings = tenant.settings_for("muell")
    assert isinstance(settings, MuellSettings)
    assert settings.abholgebuehr == 5.0 and settings.backend_url == "http://x"
    with pytest.raises(TenantConfigError, match="does not enable expert 'anderes'"):
        tenant.settings_for("anderes")


def test_a_misspelt_setting_names_file_line_and_the_closest_key(tmp_path: Path) -> None:
    experts = _muell_experts(tmp_path)
    block = {"backend_url": "http://x", "abholgebuhr": 5}
    with pytest.raises(TenantConfigError) as error:
        _load(tmp_path, {**TENANT, "experts": {"muell": block}}, experts)
    path = tmp_path / "tenants" / "beispiel.yml"
    line = next(
        number
        for number, text in enumerate(path.read_text().splitlines(), start=1)
        if "abholgebuhr" in text
    )
    assert str(error.value) == (
        f"{path}:{line}: expert 'muell': unknown setting 'abholgebuhr'; "
        "did you mean 'abholgebuehr'?"
    )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({}, "setting 'backend_url' is missing \\(Basis-URL der API\\)"),
        ({"backend_url": "keine-url"}, "setting 'backend_url': invalid or missing URL scheme"),
        ({"backend_url": "http://x", "abholgebuehr": "fünf"}, "'abholgebuehr': value is not"),
        ({"backend_url": "http://x", "gebuehren": {"tone": 1}}, "unknown setting 'tone'"),
        ({"backend_url": "http://x", "gebuehren": {}}, "setting 'gebuehren.tonne' is missing"),
    ],
)
def test_deeper_errors_are_found_when_the_tenant_loads(
    tmp_path: Path, block: dict, message: str
) -> None:
    experts = _muell_experts(tmp_path)
    with pytest.raises(TenantConfigError, match=message):
        _load(tmp_path, {**TENANT, "experts": {"muell": block}}, experts)


def test_an_expert_without_a_model_accepts_no_settings(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(settings, "muell")
    experts = discover_experts(settings.domains_dir)
    assert _load(tmp_path, {**TENANT, "experts": {"muell": None}}, experts).enables("muell")
    with pytest.raises(TenantConfigError, match="unknown setting 'farbe'"):
        _load(tmp_path, {**TENANT, "experts": {"muell": {"farbe": "blau"}}}, experts)


def test_missing_default_tenant_is_refused(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    with pytest.raises(TenantConfigError, match="Default tenant 'soest' has no file"):
        load_registry(settings.tenants_dir, {}, "soest")


def test_enabled_experts_is_the_union_over_tenants(tmp_path: Path) -> None:
    a = _load(tmp_path, {**TENANT})
    registry = TenantRegistry({"beispiel": a}, "beispiel")
    assert registry.enabled_experts() == set()
    assert "beispiel" in registry and "x" not in registry
