"""Reading back what `rasa test nlu` writes (hand-made result files, no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nrwbot.errors import NRWbotError
from nrwbot.rasa_results import Prediction, entity_scores, fallback_threshold, read_predictions


def _row(text: str, gold: str, predicted: str, confidence: float) -> dict[str, object]:
    return {
        "text": text,
        "intent": gold,
        "intent_prediction": {"name": predicted, "confidence": confidence},
    }


def test_predictions_join_successes_and_errors(tmp_path: Path) -> None:
    (tmp_path / "intent_successes.json").write_text(
        json.dumps([_row("hallo", "greet", "greet", 0.9)])
    )
    (tmp_path / "intent_errors.json").write_text(
        json.dumps([_row("wetter?", "out_of_scope", "help", 0.4)])
    )
    assert read_predictions(tmp_path) == [
        Prediction("hallo", "greet", "greet", 0.9),
        Prediction("wetter?", "out_of_scope", "help", 0.4),
    ]


def test_no_prediction_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NRWbotError, match="no predictions"):
        read_predictions(tmp_path)


def test_entity_scores_per_extractor_without_summary_rows(tmp_path: Path) -> None:
    row = {"precision": 1.0, "recall": 0.5, "f1-score": 0.66667, "support": 4}
    report = {"item": row, "no_entity": row, "micro avg": row, "macro avg": row}
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps(report))
    (tmp_path / "intent_report.json").write_text(json.dumps({"greet": row}))
    assert entity_scores(tmp_path) == {
        "DIETClassifier": {"micro_f1": 0.6667, "per_entity": {"item": {"f1": 0.6667, "support": 4}}}
    }


def test_fallback_threshold_from_the_pipeline(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text(
        "pipeline:\n  - name: DIETClassifier\n  - name: FallbackClassifier\n    threshold: 0.55\n"
    )
    assert fallback_threshold(config) == 0.55
    config.write_text("pipeline:\n  - name: DIETClassifier\n")
    assert fallback_threshold(config) is None
