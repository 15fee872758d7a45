"""The TF-IDF baseline and the evaluation around it, without training Rasa."""

from __future__ import annotations

from pathlib import Path

import pytest

from nrwbot import baseline
from nrwbot.errors import NRWbotError
from nrwbot.evaluation import compare, only_intents, restrict_to_intents
from nrwbot.metrics import intent_metrics

EXAMPLES = {
    "greet": ["hallo", "moin", "guten tag", "hallo zusammen", "guten morgen", "moin moin"],
    "fund": [
        "ich habe einen schlüssel gefunden",
        "handy gefunden",
        "hab eine tasche gefunden",
        "rucksack gefunden was tun",
        "ich habe etwas gefunden",
        "geldbörse gefunden",
    ],
    "kosten": [
        "was kostet die hundesteuer",
        "wie hoch ist die hundesteuer",
        "hundesteuer kosten",
        "was kostet ein zweiter hund",
        "hundesteuer betrag",
        "wie teuer ist die hundesteuer",
    ],
}
TEXTS = [text for texts in EXAMPLES.values() for text in texts]
INTENTS = [intent for intent, texts in EXAMPLES.items() for _ in texts]

NLU = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hallo
    - moin
- intent: fund
  examples: |
    - ich habe einen [Schlüssel](item) [am Bahnhof](location) gefunden
"""
RULES = """version: "3.1"
rules:
- rule: greet
  steps:
  - intent: greet
  - action: utter_greet
"""


def test_baseline_learns_simple_intents() -> None:
    classifier = baseline.fit_baseline(TEXTS, INTENTS)
    predicted = classifier.predict(["halo", "brille gefunden", "hundesteuer wie viel kostet das"])
    assert list(predicted) == ["greet", "fund", "kosten"]


def test_baseline_cross_validation_predicts_every_example_once() -> None:
    predicted = baseline.cross_validate_baseline(TEXTS, INTENTS, folds=3)
    assert len(predicted) == len(TEXTS)
    assert set(predicted) <= set(INTENTS)
    assert intent_metrics(INTENTS, predicted)["intent_accuracy"] > 0.5


def test_training_examples_read_nlu_only_and_strip_markup(tmp_path: Path) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "nlu.yml").write_text(NLU, encoding="utf-8")
    (tmp_path / "core" / "rules.yml").write_text(RULES, encoding="utf-8")
    domain = tmp_path / "domain.yml"
    domain.write_text(
        'version: "3.1"\nintents: [greet, fund]\nresponses:\n  utter_greet: [{text: Hallo}]\n'
    )
    texts, intents = baseline.training_examples(tmp_path / "core", domain)
    assert sorted(zip(intents, texts, strict=True)) == [
        ("fund", "ich habe einen Schlüssel am Bahnhof gefunden"),
        ("greet", "hallo"),
        ("greet", "moin"),
    ]


def test_restricted_test_file_keeps_only_selected_intents(tmp_path: Path) -> None:
    source, target = tmp_path / "set.yml", tmp_path / "kept.yml"
    source.write_text(NLU, encoding="utf-8")
    assert restrict_to_intents(source, {"fund"}, target) == ["fund"]
    texts, intents = baseline.file_examples(target)
    assert (texts, intents) == (["ich habe einen Schlüssel am Bahnhof gefunden"], ["fund"])
    with pytest.raises(NRWbotError, match="no examples left"):
        restrict_to_intents(source, {"deny"}, target)


def test_only_intents_filters_by_gold_intent() -> None:
    gold, predicted = only_intents(["a", "b", "c"], ["b", "b", "a"], {"a", "c"})
    assert (gold, predicted) == (["a", "c"], ["b", "a"])
    assert only_intents(["a"], ["b"], None) == (["a"], ["b"])


def test_compare_reports_rasa_minus_baseline() -> None:
    gold = ["greet", "out_of_scope", "out_of_scope"]
    report = compare(
        intent_metrics(gold, gold), intent_metrics(gold, ["greet", "greet", "out_of_scope"])
    )
    assert report["baseline"]["classifier"] == baseline.NAME
    assert report["rasa_minus_baseline"]["out_of_scope_recall"] == 0.5
    assert report["weakest_intents"]["baseline"][0] == "greet"


def test_evaluate_command_defaults_to_the_heldout_set_without_cross_validation() -> None:
    from nrwbot.cli import DEFAULT_EVAL_SET, build_parser
    from tests.factories import ROOT

    args = build_parser().parse_args(["evaluate"])
    assert (args.nlu, args.cv, args.folds) == (None, False, 5)
    assert (ROOT / DEFAULT_EVAL_SET).is_file()
    args = build_parser().parse_args(["evaluate", "--cv", "--folds", "3", "--core-only"])
    assert (args.cv, args.folds, args.core_only) == (True, 3, True)
