"""Expert manifests: discovery and the errors a broken manifest produces."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrwbot.errors import ManifestError
from nrwbot.experts import discover_experts, expert_for_intent, load_expert
from tests.factories import ROOT, make_expert, make_project, write_yaml
from tests.settings_models import MuellSettings


def test_shipped_experts_load_through_discovery() -> None:
    experts = discover_experts(ROOT / "domains")
    for expert in experts.values():
        assert expert.path == ROOT / "domains" / expert.name
        assert expert.domain_files, expert.name
        assert (expert.path / "README.md").exists(), f"{expert.name} has no README.md"


def test_manifest_fields_are_read(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    folder = make_expert(
        settings,
        "muell",
        manifest={"settings_model": "tests.settings_models:MuellSettings"},
    )
    expert = load_expert(folder)
    assert (expert.name, expert.intent_prefix, expert.version) == ("muell", "muell", "0.1.0")
    assert expert.settings_class() is MuellSettings
    assert expert.python_actions_module == "domains.muell.actions"
    assert expert.owns_intent("muell_frage") and not expert.owns_intent("muellabfuhr")


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ({"name": "anders"}, "must equal the folder name"),
        ({"title": ""}, "field 'title' is missing"),
        ({"intent_prefix": "Muell-X"}, "intent_prefix 'Muell-X' is not a valid prefix"),
        ({"settings": [{"name": "x", "type": "url"}]}, "replaced by 'settings_model"),
        ({"settings_model": "MuellSettings"}, "must look like 'settings:MySettings'"),
    ],
)
def test_invalid_manifest_is_refused_with_a_clear_sentence(
    tmp_path: Path, manifest: dict, message: str
) -> None:
    settings = make_project(tmp_path)
    folder = make_expert(settings, "muell", manifest=manifest)
    with pytest.raises(ManifestError, match=message):
        load_expert(folder)


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("tests.settings_models:Fehlt", "cannot be imported"),
        ("nirgends:Settings", "cannot be imported"),
        ("tests.factories:Settings", "must be a subclass of nrwbot.expert_settings.ExpertSettings"),
    ],
)
def test_a_settings_model_that_is_no_expert_settings_class_is_refused(
    tmp_path: Path, reference: str, message: str
) -> None:
    settings = make_project(tmp_path)
    folder = make_expert(settings, "muell", manifest={"settings_model": reference})
    with pytest.raises(ManifestError, match=message):
        load_expert(folder).settings_class()


def test_manifest_that_is_no_mapping_is_refused(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    folder = make_expert(settings, "muell")
    write_yaml(folder / "expert.yml", ["name", "muell"])
    with pytest.raises(ManifestError, match="must be a YAML mapping"):
        load_expert(folder)


def test_two_experts_with_one_prefix_are_refused(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(settings, "muell", prefix="abfall")
    make_expert(settings, "abfall")
    with pytest.raises(ManifestError, match="same intent_prefix 'abfall'"):
        discover_experts(settings.domains_dir)


def test_expert_for_intent_routes_by_prefix(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(settings, "muell")
    experts = discover_experts(settings.domains_dir)
    assert expert_for_intent(experts, "muell_frage").name == "muell"
    assert expert_for_intent(experts, "greet") is None
