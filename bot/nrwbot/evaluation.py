"""NLU evaluation: the Rasa model against a TF-IDF baseline, on a held-out file or by cross-validation.

Both classifiers learn from exactly the composed project's NLU data and are scored by the same
functions (nrwbot.metrics), so the differences say what Rasa's pipeline adds over a plain linear
model. Entity figures come from Rasa's own reports, per extractor.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from nrwbot import baseline
from nrwbot.compose import ComposedProject
from nrwbot.errors import NRWbotError
from nrwbot.metrics import differences, fallback_figures, intent_metrics, paired, weakest
from nrwbot.rasa_results import Prediction, entity_scores, fallback_threshold, read_predictions
from nrwbot.settings import Settings
from nrwbot.training import rasa_command, rasa_environment
from nrwbot.yamlio import read_yaml


def restrict_to_intents(source: Path, intents: set[str] | None, target: Path) -> list[str]:
    """Writes the intent blocks of `source` whose intent is in `intents` (all if None)."""
    data = read_yaml(source) or {}
    blocks = [
        block
        for block in data.get("nlu") or []
        if "intent" in block and (intents is None or block["intent"] in intents)
    ]
    if not blocks:
        raise NRWbotError(f"{source}: no examples left for the selected intents")
    target.write_text(
        yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True, sort_keys=False)
    )
    return [block["intent"] for block in blocks]


def only_intents(
    gold: Sequence[str], predicted: Sequence[str], intents: set[str] | None
) -> tuple[list[str], list[str]]:
    """The (gold, predicted) pairs whose gold intent is in `intents` (all if None)."""
    kept = [(g, p) for g, p in zip(gold, predicted, strict=True) if intents is None or g in intents]
    return [g for g, _ in kept], [p for _, p in kept]


def compare(rasa: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Both sets of figures, Rasa minus baseline, and the weakest intents of each."""
    return {
        "rasa": rasa,
        "baseline": {"classifier": baseline.NAME, **base},
        "rasa_minus_baseline": differences(rasa, base),
        "weakest_intents": {
            "rasa": weakest(rasa["per_intent_f1"]),
            "baseline": weakest(base["per_intent_f1"]),
        },
    }


def _rasa_test_nlu(settings: Settings, out: Path, *args: str) -> list[Prediction]:
    command = rasa_command("test", "nlu", *args, "--out", str(out), "--successes", "--no-plot")
    # Rasa's progress goes to stderr, so that the JSON on stdout stays parseable.
    result = subprocess.run(
        command, cwd=settings.root, env=rasa_environment(), stdout=sys.stderr, check=False
    )
    if result.returncode != 0 or not (out / "intent_report.json").exists():
        raise NRWbotError(
            f"rasa test nlu failed (exit code {result.returncode}); see the log above"
        )
    return read_predictions(out)


def rasa_figures(
    settings: Settings, predictions: list[Prediction], out: Path, intents: set[str] | None
) -> dict[str, Any]:
    """Intent figures of the examples of `intents`, what the fallback makes of them, entity F1."""
    kept = [p for p in predictions if intents is None or p.intent in intents]
    gold, predicted = [p.intent for p in kept], [p.predicted for p in kept]
    figures = intent_metrics(gold, predicted)
    threshold = fallback_threshold(settings.root / "config.yml")
    if threshold is not None:
        confidences = [p.confidence for p in kept]
        figures["with_fallback"] = fallback_figures(gold, predicted, confidences, threshold)
    figures["entity_f1"] = entity_scores(out)
    return figures


def _paired_with_baseline(
    predictions: list[Prediction], texts: list[str], gold: list[str], predicted: list[str]
) -> dict[str, Any] | None:
    rasa_by_text = {p.text: p.predicted for p in predictions}
    if len(rasa_by_text) != len(texts) or set(rasa_by_text) != set(texts):
        return None  # duplicate or rewritten texts: the two runs cannot be paired
    pairs = paired(gold, [rasa_by_text[text] for text in texts], predicted)
    return {
        "only_rasa_right": pairs.first_only,
        "only_baseline_right": pairs.second_only,
        "mcnemar_p_value": round(pairs.p_value, 4),
    }


def evaluate_nlu(
    settings: Settings,
    model: Path,
    composed: ComposedProject,
    nlu_file: Path,
    intents: set[str] | None,
) -> dict[str, Any]:
    """Rasa (`rasa test nlu`) and the baseline on `nlu_file`, restricted to `intents`."""
    if not nlu_file.is_file():
        raise NRWbotError(f"{nlu_file}: no such NLU file to evaluate on")
    with tempfile.TemporaryDirectory(prefix="nrwbot-eval-") as tmp:
        test_file, out = Path(tmp) / "test_nlu.yml", Path(tmp) / "results"
        restrict_to_intents(nlu_file, intents, test_file)
        predictions = _rasa_test_nlu(
            settings, out,
            "--nlu", str(test_file), "--model", str(model), "--domain", str(composed.domain),
        )  # fmt: skip
        rasa = rasa_figures(settings, predictions, out, None)
        texts, gold = baseline.file_examples(test_file)
    classifier = baseline.fit_baseline(*baseline.training_examples(composed.data, composed.domain))
    predicted = [str(label) for label in classifier.predict(texts)]
    report = {
        "model": model.name,
        "test_file": str(nlu_file),
        **compare(rasa, intent_metrics(gold, predicted)),
    }
    pairs = _paired_with_baseline(predictions, texts, gold, predicted)
    if pairs is not None:
        report["rasa_vs_baseline"] = pairs
    return report


def cross_validate_nlu(
    settings: Settings, composed: ComposedProject, folds: int, intents: set[str] | None
) -> dict[str, Any]:
    """`rasa test nlu --cross-validation` and the baseline's cross-validation on the training data.

    Scores cover the examples of `intents` (all if None); Rasa's entity figures cover all of them.
    Rasa draws its own unseeded folds, so the two classifiers are not tested on identical splits.
    """
    with tempfile.TemporaryDirectory(prefix="nrwbot-cv-") as tmp:
        out = Path(tmp) / "results"
        predictions = _rasa_test_nlu(
            settings, out,
            "--cross-validation", "--folds", str(folds),
            "--config", str(settings.root / "config.yml"),
            "--nlu", str(composed.data), "--domain", str(composed.domain),
        )  # fmt: skip
        rasa = rasa_figures(settings, predictions, out, intents)
    texts, gold = baseline.training_examples(composed.data, composed.domain)
    predicted = baseline.cross_validate_baseline(texts, gold, folds)
    base = intent_metrics(*only_intents(gold, predicted, intents))
    return {"folds": folds, **compare(rasa, base)}
