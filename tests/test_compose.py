"""Composition of core + experts into one Rasa project, and the errors it refuses with."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nrwbot.compose import compose
from nrwbot.errors import CompositionError
from nrwbot.experts import discover_experts
from tests.factories import make_expert, make_project


def _experts(settings):
    return list(discover_experts(settings.domains_dir).values())


def test_core_and_expert_are_written_into_one_project(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(
        settings,
        "muell",
        nlu=[{"intent": "muell_frage", "examples": "- Wann kommt die Tonne?\n"}],
    )
    project = compose(settings, _experts(settings))
    assert (project.domain / "core" / "domain.yml").exists()
    assert (project.domain / "muell" / "domain.yml").exists()
    assert (project.data / "muell" / "nlu.yml").exists()
    assert (project.data / "core" / "nlu.yml").exists()
    assert project.experts == ("muell",)


def test_fingerprint_changes_with_expert_data_only(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    folder = make_expert(settings, "muell", nlu=[{"intent": "muell_frage", "examples": "- a\n"}])
    first = compose(settings, _experts(settings)).fingerprint
    assert compose(settings, _experts(settings)).fingerprint == first
    (folder / "data" / "nlu.yml").write_text(
        yaml.safe_dump({"version": "3.1", "nlu": [{"intent": "muell_frage", "examples": "- b\n"}]})
    )
    assert compose(settings, _experts(settings)).fingerprint != first


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ({"intents": ["frage_muell"]}, "intent 'frage_muell' must start with 'muell_…'"),
        ({"actions": ["action_tonne"]}, "action 'action_tonne' must start with 'action_muell_…'"),
        ({"responses": {"utter_tonne": [{"text": "x"}]}}, "response 'utter_tonne'"),
        ({"slots": {"tonne": {"type": "text", "mappings": []}}}, "slot 'tonne'"),
        (
            {"forms": {"muell_tonne": {"required_slots": []}}},
            "form 'muell_tonne' must start with 'muell_…' and end",
        ),
    ],
)
def test_names_without_the_expert_prefix_are_refused(
    tmp_path: Path, domain: dict, message: str
) -> None:
    settings = make_project(tmp_path)
    make_expert(settings, "muell", domain={"version": "3.1", **domain})
    with pytest.raises(CompositionError, match=f"Expert 'muell': {message}"):
        compose(settings, _experts(settings))


def test_nlu_intent_of_nobody_is_refused(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(settings, "muell", nlu=[{"intent": "tonne", "examples": "- x\n"}])
    with pytest.raises(CompositionError, match="NLU intent 'tonne' lacks the prefix 'muell_'"):
        compose(settings, _experts(settings))


def test_expert_may_add_examples_to_core_inform(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(settings, "muell", nlu=[{"intent": "inform", "examples": "- Biotonne\n"}])
    assert compose(settings, _experts(settings)).experts == ("muell",)


def test_name_collision_between_experts_is_refused(tmp_path: Path) -> None:
    # Nested prefixes ("muell" and "muell_abfuhr") make the same name valid for both experts.
    settings = make_project(tmp_path)
    slot = {"muell_abfuhr_tag": {"type": "text", "mappings": [{"type": "custom"}]}}
    make_expert(settings, "muell", domain={"version": "3.1", "slots": slot})
    make_expert(settings, "muell_abfuhr", domain={"version": "3.1", "slots": slot})
    with pytest.raises(
        CompositionError,
        match="slot 'muell_abfuhr_tag' is declared by both 'muell' and 'muell_abfuhr'",
    ):
        compose(settings, _experts(settings))


FORM_DOMAIN = {
    "version": "3.1",
    "slots": {
        "muell_name": {"type": "text", "mappings": [{"type": "from_text"}]},
        "muell_tonne": {"type": "text", "mappings": [{"type": "from_text"}]},
    },
    "forms": {"muell_abholung_form": {"required_slots": ["muell_name", "muell_tonne"]}},
}


def test_a_form_slot_not_classified_as_personal_or_not_is_refused(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(
        settings,
        "muell",
        domain=FORM_DOMAIN,
        manifest={"personal_data": {"slots": ["muell_name"]}},
    )
    with pytest.raises(CompositionError, match="form slot 'muell_tonne' is neither"):
        compose(settings, _experts(settings))


def test_a_form_whose_slots_are_all_classified_composes(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    make_expert(
        settings,
        "muell",
        domain=FORM_DOMAIN,
        manifest={
            "personal_data": {"slots": ["muell_name"], "not_personal_slots": ["muell_tonne"]}
        },
    )
    assert compose(settings, _experts(settings)).experts == ("muell",)
