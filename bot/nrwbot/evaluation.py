"""NLU evaluation of a trained model on a held-out file, summarised as plain figures."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import yaml

from nrwbot.errors import NRWbotError
from nrwbot.settings import Settings
from nrwbot.training import rasa_command
from nrwbot.yamlio import read_yaml

SUMMARY_ROWS = {"accuracy", "macro avg", "micro avg", "weighted avg"}


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


def _entity_scores(out: Path) -> dict[str, Any]:
    scores = {}
    for report_file in sorted(out.glob("*Extractor_report.json")) + sorted(
        out.glob("DIETClassifier_report.json")
    ):
        report = json.loads(report_file.read_text())
        extractor = report_file.name.removesuffix("_report.json")
        scores[extractor] = {
            "micro_f1": round(report.get("micro avg", {}).get("f1-score", 0.0), 4),
            "per_entity_f1": {
                name: round(row["f1-score"], 4)
                for name, row in report.items()
                if name not in SUMMARY_ROWS and isinstance(row, dict) and name != "no_entity"
            },
        }
    return scores


def summarise(out: Path, intents: list[str]) -> dict[str, Any]:
    """Reads Rasa's report files into intent accuracy, macro-F1, per-intent and entity F1."""
    report = json.loads((out / "intent_report.json").read_text())
    per_intent = {name: round(report[name]["f1-score"], 4) for name in intents if name in report}
    return {
        "examples": sum(report[name]["support"] for name in intents if name in report),
        "intent_accuracy": round(report["accuracy"], 4),
        "intent_macro_f1": round(sum(per_intent.values()) / len(per_intent), 4),
        "per_intent_f1": per_intent,
        "entity_f1": _entity_scores(out),
    }


def evaluate_nlu(
    settings: Settings, model: Path, nlu_file: str, intents: set[str] | None
) -> dict[str, Any]:
    """Runs `rasa test nlu` on `nlu_file` (restricted to `intents`) and summarises it."""
    with tempfile.TemporaryDirectory(prefix="nrwbot-eval-") as tmp:
        test_file = Path(tmp) / "test_nlu.yml"
        kept = restrict_to_intents(Path(nlu_file), intents, test_file)
        out = Path(tmp) / "results"
        command = rasa_command(
            "test", "nlu", "--nlu", str(test_file), "--model", str(model), "--out", str(out),
            "--no-plot",
        )  # fmt: skip
        result = subprocess.run(command, cwd=settings.root, capture_output=True, text=True)
        if result.returncode != 0 or not (out / "intent_report.json").exists():
            raise NRWbotError(f"rasa test nlu failed:\n{result.stderr[-3000:]}")
        summary = summarise(out, sorted(set(kept)))
        summary["model"] = model.name
        return summary
