"""The export of approved annotations into reviewed files, in a throw-away project.

Routing by intent prefix, deduplication (training data, held-out set, development set, each
other), placeholders, Rasa's format, the diff, and that composing picks the files up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from admin.annotations import EntitySpan
from admin.export import Exporter
from admin.export_plan import Reason, render_reviewed_file
from admin.placeholders import PLACEHOLDER, replace_stretches
from admin.training_data import normal_form
from nrwbot.compose import compose
from nrwbot.experts import discover_experts
from tests.admin.review_project import approved, make_review_project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_review_project(tmp_path / "project")


@pytest.fixture
def exporter(root: Path, tmp_path: Path) -> Exporter:
    return Exporter(root, discover_experts(root / "domains"), tmp_path / "var" / "last.yml")


def test_examples_go_to_the_owner_of_their_intent(exporter: Exporter, root: Path) -> None:
    plan = exporter.plan(
        [
            approved(1, "mein Portemonnaie ist weg", "fund_verlust", (("item", "Portemonnaie"),)),
            approved(2, "hey ihr lieben im rathaus", "greet"),
            approved(3, "am 14. März", "inform", (("date", "14. März"),), "fund_verlust"),
            approved(4, "ich hab ne frage zu steuer_irgendwas", "help"),
        ]
    )
    where = {e.annotation_id: e.path.relative_to(root).as_posix() for e in plan.examples}
    assert where == {
        1: "domains/fund/data/nlu_reviewed.yml",
        2: "bot/data/nlu_reviewed.yml",
        3: "domains/fund/data/nlu_reviewed.yml",  # core data annotates no expert's entity
        4: "domains/steuer/data/nlu_reviewed.yml",  # nor names an expert
    }
    assert not plan.skipped


def test_duplicates_of_training_data_are_skipped_after_normalising(exporter: Exporter) -> None:
    plan = exporter.plan(
        [
            approved(1, "HALLO!!", "greet"),
            approved(2, "Ich habe meinen Schlüssel verloren …", "fund_verlust"),
            approved(3, "ich  habe meinen schlüssel verloren", "fund_abgabe"),
        ]
    )
    assert not plan.examples
    reasons = {s.annotation_id: (s.reason, s.detail) for s in plan.skipped}
    assert reasons[1] == (Reason.TRAINING, "bot/data/nlu.yml")
    assert reasons[2] == (Reason.CONFLICT, "fund_abgabe, fund_verlust")
    assert reasons[3][0] is Reason.CONFLICT


def test_the_heldout_and_the_development_set_are_never_trained_on(exporter: Exporter) -> None:
    plan = exporter.plan(
        [approved(1, "Hallo ersma!", "greet"), approved(2, "Moin moin Leute", "greet")]
    )
    assert not plan.examples and not plan.changes
    held, dev = plan.skipped
    assert held.reason is Reason.HELDOUT and "held-out set" in held.english
    assert "nie trainiert" in held.german
    assert dev.reason is Reason.DEV_SET


def test_approved_examples_are_deduplicated_against_each_other(exporter: Exporter) -> None:
    plan = exporter.plan(
        [
            approved(7, "wo ist das Fundbüro bitte", "fund_abgabe"),
            approved(5, "Wo ist das Fundbüro, bitte?", "fund_abgabe"),
            approved(9, "???", "greet"),
        ]
    )
    assert [e.annotation_id for e in plan.examples] == [5]
    assert [(s.annotation_id, s.reason, s.detail) for s in plan.skipped] == [
        (7, Reason.DUPLICATE, "5"),
        (9, Reason.EMPTY, ""),
    ]


def test_unknown_intents_and_entities_no_expert_declares_are_skipped(exporter: Exporter) -> None:
    plan = exporter.plan(
        [
            approved(1, "irgendwas ganz anderes", "gibt_es_nicht"),
            approved(2, "mein Hund Bello", "inform", (("dog_name", "Bello"),)),
        ]
    )
    assert [(s.reason, s.detail) for s in plan.skipped] == [
        (Reason.UNKNOWN_INTENT, "gibt_es_nicht"),
        (Reason.NO_EXPERT, "dog_name"),
    ]


def test_placeholders_become_made_up_values_and_spans_follow(exporter: Exporter) -> None:
    text = "Ich heiße [NAME] und habe meinen Rucksack verloren, Mail: [EMAIL]"
    plan = exporter.plan([approved(1, text, "fund_verlust", (("item", "Rucksack"),))])
    (example,) = plan.examples
    assert not PLACEHOLDER.search(example.text) and "[" not in example.text
    assert example.text.startswith("Ich heiße ") and "@example." in example.text
    (span,) = example.entities
    assert example.text[span.start : span.end] == "Rucksack"
    assert "[Rucksack](item)" in example.markup


def test_a_placeholder_inside_an_entity_takes_a_value_the_training_data_uses(
    exporter: Exporter,
) -> None:
    text = "mein Name ist [NAME]"
    plan = exporter.plan([approved(1, text, "inform", (("name", "[NAME]"),))])
    (example,) = plan.examples
    assert example.markup == "mein Name ist [Erika Mustermann](name)"


def test_text_that_escaped_redaction_is_redacted_before_it_is_written(exporter: Exporter) -> None:
    text = "Ich heiße Paula Privat, mein Schlüssel ist weg"
    plan = exporter.plan([approved(1, text, "fund_verlust", (("item", "Schlüssel"),))])
    (example,) = plan.examples
    assert "Paula" not in example.text and "Privat" not in example.text
    assert example.markup.endswith("mein [Schlüssel](item) ist weg")


def test_the_file_is_rasa_yaml_with_entity_markup_and_loads(exporter: Exporter) -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    plan = exporter.plan(
        [
            approved(2, "meine Jacke mit Handy ist weg", "fund_verlust", (("item", "Jacke"),)),
            approved(1, "wo gebe ich einen Fund ab", "fund_abgabe"),
        ]
    )
    (change,) = plan.changes
    assert change.old == "" and change.added == 2
    data = yaml.safe_load(change.new)
    assert data["version"] == "3.1"
    assert [block["intent"] for block in data["nlu"]] == ["fund_abgabe", "fund_verlust"]
    exporter.write(plan)
    loaded = load_data(str(change.path))
    (jacke,) = [m for m in loaded.intent_examples if m.get("intent") == "fund_verlust"]
    assert jacke.get("text") == "meine Jacke mit Handy ist weg"
    assert [(e["entity"], e["value"]) for e in jacke.get("entities")] == [("item", "Jacke")]


def test_the_diff_shows_new_files_and_added_lines(exporter: Exporter) -> None:
    plan = exporter.plan([approved(1, "wo gebe ich einen Fund ab", "fund_abgabe")])
    diff = plan.diff()
    assert diff.startswith("--- /dev/null\n+++ b/domains/fund/data/nlu_reviewed.yml\n")
    assert "+    - wo gebe ich einen Fund ab\n" in diff
    assert "wo gebe" not in plan.summary()  # the audit line carries no texts
    assert plan.summary().startswith("1 examples to domains/fund/data/nlu_reviewed.yml (+1)")


def test_writing_then_planning_again_changes_nothing(exporter: Exporter, tmp_path: Path) -> None:
    first = [
        approved(1, "wo gebe ich einen Fund ab", "fund_abgabe"),
        approved(2, "ich heiße [NAME] und suche meine Brille", "fund_verlust"),
    ]
    exporter.write(exporter.plan(first))
    assert (tmp_path / "var" / "last.yml").exists()
    again = exporter.plan([*first, approved(3, "wo kann ich was fundenes abgeben", "fund_abgabe")])
    assert again.already_exported == 2
    (change,) = again.changes
    removed = [line for line in change.diff().splitlines() if line.startswith("-")]
    assert removed == ["--- a/domains/fund/data/nlu_reviewed.yml"]
    blocks = yaml.safe_load(change.new)["nlu"]
    assert [b["intent"] for b in blocks] == ["fund_abgabe", "fund_verlust"]
    assert blocks[0]["examples"].splitlines() == [
        "- wo gebe ich einen Fund ab",
        "- wo kann ich was fundenes abgeben",
    ]
    last = yaml.safe_load((tmp_path / "var" / "last.yml").read_text())["nlu"]
    assert [b["intent"] for b in last] == ["fund_abgabe", "fund_verlust"]


def test_the_composer_trains_on_the_reviewed_files(
    exporter: Exporter, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nrwbot.project import load_project
    from tests.factories import settings_for

    exporter.write(
        exporter.plan(
            [
                approved(1, "hey ihr lieben im rathaus", "greet"),
                approved(2, "wo gebe ich einen Fund ab", "fund_abgabe"),
            ]
        )
    )
    monkeypatch.setenv("NRWBOT_PROJECT_DIR", str(tmp_path / "composed"))
    project = load_project(settings_for(root))
    composed = compose(project.settings, project.enabled_experts)
    assert (composed.data / "core" / "nlu_reviewed.yml").exists()
    assert (composed.data / "fund" / "nlu_reviewed.yml").exists()


def test_the_overlap_checks_read_the_reviewed_files(exporter: Exporter, root: Path) -> None:
    from tests import test_heldout_set, test_layout

    paths = [exporter.reviewed_path(e) for e in [None, *exporter.experts.values()]]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_reviewed_file({"greet": ["na du"]}))
    assert set(paths) <= set(test_layout.training_data_files(root))
    assert set(paths) <= set(test_heldout_set.training_files(root))


def test_replacing_stretches_moves_spans_before_inside_and_after() -> None:
    text = "ab [NAME] cd"
    spans = [
        EntitySpan("x", "ab", 0, 2),
        EntitySpan("y", "[NAME]", 3, 9),
        EntitySpan("z", "cd", 10, 12),
    ]
    new, moved = replace_stretches(text, [(3, 9, "Max Muster")], spans)
    assert new == "ab Max Muster cd"
    assert [(s.value, s.start, s.end) for s in moved] == [
        ("ab", 0, 2),
        ("Max Muster", 3, 13),
        ("cd", 14, 16),
    ]
    assert normal_form("[Max](name) Muster!") == "maxmuster"
