"""Intent metrics on small hand-made predictions (no model involved)."""

from __future__ import annotations

import pytest

from nrwbot.metrics import (
    confusions,
    differences,
    fallback_figures,
    intent_metrics,
    label_score,
    mcnemar_p_value,
    paired,
    weakest,
)

GOLD = ["greet", "greet", "out_of_scope", "out_of_scope", "out_of_scope", "contact", "contact"]
PRED = ["greet", "out_of_scope", "out_of_scope", "out_of_scope", "contact", "contact", "contact"]


def test_label_score_counts_hits_against_predictions_and_gold() -> None:
    score = label_score(GOLD, PRED, "out_of_scope")
    # 2 of 3 out_of_scope predictions are right; 2 of 3 out_of_scope examples are found.
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)
    assert score.support == 3


def test_out_of_scope_precision_and_recall_differ_when_errors_are_one_sided() -> None:
    gold = ["out_of_scope", "out_of_scope", "help", "help"]
    too_eager = ["out_of_scope", "out_of_scope", "out_of_scope", "help"]
    figures = intent_metrics(gold, too_eager)
    assert figures["out_of_scope_recall"] == 1.0
    assert figures["out_of_scope_precision"] == pytest.approx(2 / 3, abs=1e-4)
    too_shy = ["help", "out_of_scope", "help", "help"]
    figures = intent_metrics(gold, too_shy)
    assert figures["out_of_scope_recall"] == 0.5
    assert figures["out_of_scope_precision"] == 1.0


def test_a_label_never_predicted_has_zero_precision() -> None:
    score = label_score(["out_of_scope"], ["help"], "out_of_scope")
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_intent_metrics_headline_figures() -> None:
    figures = intent_metrics(GOLD, PRED)
    assert figures["examples"] == 7
    assert figures["intent_accuracy"] == pytest.approx(5 / 7, abs=1e-4)
    # greet: p=1, r=1/2 -> 2/3; out_of_scope: 2/3; contact: p=2/3, r=1 -> 0.8
    assert figures["per_intent_f1"] == {"contact": 0.8, "greet": 0.6667, "out_of_scope": 0.6667}
    assert figures["intent_macro_f1"] == pytest.approx((0.8 + 2 / 3 + 2 / 3) / 3, abs=1e-4)


def test_macro_f1_averages_over_gold_intents_only() -> None:
    figures = intent_metrics(["greet", "greet"], ["greet", "nlu_fallback"])
    assert set(figures["per_intent_f1"]) == {"greet"}
    assert figures["intent_macro_f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_confusions_rank_the_most_frequent_errors_first() -> None:
    gold = ["a", "a", "a", "b", "c"]
    pred = ["b", "b", "c", "a", "c"]
    assert confusions(gold, pred) == [
        {"intent": "a", "predicted": "b", "count": 2},
        {"intent": "a", "predicted": "c", "count": 1},
        {"intent": "b", "predicted": "a", "count": 1},
    ]
    assert confusions(gold, pred, top=1) == [{"intent": "a", "predicted": "b", "count": 2}]


def test_differences_are_first_minus_second() -> None:
    first = intent_metrics(GOLD, GOLD)
    second = intent_metrics(GOLD, PRED)
    diff = differences(first, second)
    assert diff["intent_accuracy"] == pytest.approx(2 / 7, abs=1e-4)
    assert diff["out_of_scope_recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert diff["per_intent_f1"]["contact"] == pytest.approx(0.2)


def test_weakest_lists_lowest_f1_first() -> None:
    assert weakest({"a": 0.9, "b": 0.1, "c": 0.5}, count=2) == ["b", "c"]


def test_mismatched_or_empty_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predictions"):
        intent_metrics(["a", "b"], ["a"])
    with pytest.raises(ValueError, match="no examples"):
        intent_metrics([], [])


def test_paired_counts_examples_only_one_classifier_gets_right() -> None:
    gold = ["a", "a", "b", "b", "c"]
    first = ["a", "a", "b", "x", "x"]
    second = ["a", "x", "x", "b", "x"]
    pairs = paired(gold, first, second)
    assert (pairs.first_only, pairs.second_only) == (2, 1)
    assert pairs.p_value == 1.0  # 2 against 1 discordant examples proves nothing


def test_mcnemar_p_value_is_small_only_for_lopsided_disagreement() -> None:
    assert mcnemar_p_value(0, 0) == 1.0
    assert mcnemar_p_value(10, 0) == pytest.approx(2 / 2**10)
    assert mcnemar_p_value(6, 4) == pytest.approx(0.7539, abs=1e-4)


def test_fallback_figures_count_low_confidence_as_fallback() -> None:
    gold = ["out_of_scope", "out_of_scope", "out_of_scope", "help", "help"]
    predicted = ["out_of_scope", "help", "help", "help", "thank"]
    confidences = [0.9, 0.3, 0.8, 0.9, 0.95]
    figures = fallback_figures(gold, predicted, confidences, threshold=0.5)
    assert figures["fallback_rate"] == 0.2  # one of five below the threshold
    assert figures["confident_error_rate"] == 0.4  # "help" for out_of_scope at 0.8, "thank" at 0.95
    assert figures["out_of_scope_caught"] == pytest.approx(2 / 3, abs=1e-4)
