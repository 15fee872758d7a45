"""What `rasa test nlu` writes, read back: per-example intent predictions and entity reports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nrwbot.errors import NRWbotError
from nrwbot.yamlio import read_yaml

PREDICTION_FILES = ("intent_successes.json", "intent_errors.json")
NOT_ENTITIES = {"accuracy", "macro avg", "micro avg", "weighted avg", "no_entity"}
NOT_EXTRACTORS = {"intent", "response_selection"}


@dataclass(frozen=True)
class Prediction:
    """Rasa's top intent for one example; `rasa test nlu` reports it before any fallback."""

    text: str
    intent: str
    predicted: str
    confidence: float


def read_predictions(out: Path) -> list[Prediction]:
    """Every example's prediction, from the successes and errors files (`--successes`)."""
    rows: list[dict[str, Any]] = []
    for name in PREDICTION_FILES:
        if (out / name).exists():
            rows += json.loads((out / name).read_text(encoding="utf-8"))
    if not rows:
        raise NRWbotError(f"rasa test nlu wrote no predictions to {out}")
    return [
        Prediction(
            text=str(row["text"]),
            intent=str(row["intent"]),
            predicted=str(row["intent_prediction"]["name"]),
            confidence=float(row["intent_prediction"]["confidence"] or 0.0),
        )
        for row in rows
    ]


def entity_scores(out: Path) -> dict[str, Any]:
    """Micro-F1 and per-entity F1 of every entity extractor Rasa reported on.

    Rasa scores entities per token (BILOU tags), so `support` counts tokens, not entity spans.
    """
    scores = {}
    for report_file in sorted(out.glob("*_report.json")):
        extractor = report_file.name.removesuffix("_report.json")
        if extractor in NOT_EXTRACTORS:
            continue
        report = json.loads(report_file.read_text(encoding="utf-8"))
        scores[extractor] = {
            "micro_f1": round(report.get("micro avg", {}).get("f1-score", 0.0), 4),
            "per_entity": {
                name: {"f1": round(row["f1-score"], 4), "support": row["support"]}
                for name, row in sorted(report.items())
                if name not in NOT_ENTITIES and isinstance(row, dict)
            },
        }
    return scores


def fallback_threshold(config: Path) -> float | None:
    """The FallbackClassifier's confidence threshold in a Rasa config, None without one."""
    for component in (read_yaml(config) or {}).get("pipeline") or []:
        if isinstance(component, dict) and component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))  # Rasa's default
    return None
