"""Two models' NLU figures side by side, and the rule that decides whether a candidate is released.

The rule: a candidate is released only if, on the held-out set (never trained on), neither its
intent accuracy nor its intent macro-F1 is lower than the current model's minus `TOLERANCE`
(0.005, half a percentage point: about 4 of the 905 held-out examples). Everything else in the
table (out-of-scope recall, entity F1, the reviewed examples, per-intent F1) informs the admin
but does not block a release.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nrwbot.metrics import differences

TOLERANCE = 0.005
GUARDED = ("intent_accuracy", "intent_macro_f1")
MAIN_EXTRACTOR = "DIETClassifier"
LABELS = {
    "intent_accuracy": "accuracy",
    "intent_macro_f1": "macro-F1",
    "out_of_scope_recall": "out-of-scope recall",
    "entity_f1": "entity F1",
}


def entity_f1(figures: dict[str, Any]) -> float | None:
    """Micro-F1 of the main entity extractor (DIETClassifier), else of the first one reported."""
    scores = figures.get("entity_f1") or {}
    if not scores:
        return None
    return float(scores.get(MAIN_EXTRACTOR, next(iter(scores.values())))["micro_f1"])


def _headline(figures: dict[str, Any], key: str) -> float | None:
    value = entity_f1(figures) if key == "entity_f1" else figures.get(key)
    return None if value is None else float(value)


@dataclass(frozen=True)
class Row:
    """One figure of both models."""

    key: str
    current: float | None
    candidate: float | None

    @property
    def label(self) -> str:
        return LABELS.get(self.key, self.key)

    @property
    def change(self) -> float | None:
        if self.current is None or self.candidate is None:
            return None
        return round(self.candidate - self.current, 4)


@dataclass(frozen=True)
class Comparison:
    """Candidate and current model on one evaluation set."""

    name: str
    examples: int
    rows: tuple[Row, ...]
    per_intent: tuple[Row, ...]  # intents whose F1 changed, largest drop first


def compare(name: str, candidate: dict[str, Any], current: dict[str, Any] | None) -> Comparison:
    """The table for one set; `current` is None when there is no current model."""
    rows = tuple(
        Row(key, _headline(current, key) if current else None, _headline(candidate, key))
        for key in LABELS
    )
    per_intent: list[Row] = []
    if current is not None:
        changed = differences(candidate, current)["per_intent_f1"]
        per_intent = [
            Row(intent, current["per_intent_f1"][intent], candidate["per_intent_f1"][intent])
            for intent, change in sorted(changed.items(), key=lambda item: (item[1], item[0]))
            if change
        ]
    return Comparison(name, int(candidate.get("examples", 0)), rows, tuple(per_intent))


@dataclass(frozen=True)
class Verdict:
    """Whether to release the candidate, and why in one sentence per reason."""

    release: bool
    reasons: tuple[str, ...]
    worse: tuple[str, ...] = ()  # the guarded figures that block the release


def decide(heldout: Comparison, tolerance: float = TOLERANCE) -> Verdict:
    """Applies the release rule (module docstring) to the held-out comparison."""
    rows = {row.key: row for row in heldout.rows}
    if all(rows[key].current is None for key in GUARDED):
        return Verdict(True, ("there is no current model to compare with",))
    worse, reasons = [], []
    for key in GUARDED:
        row = rows[key]
        if row.current is None or row.candidate is None:
            raise ValueError(f"{heldout.name}: {row.label} is missing for one of the models")
        if row.candidate < round(row.current - tolerance, 4):
            worse.append(key)
            reasons.append(
                f"held-out {row.label} {row.candidate:.4f} is below the current "
                f"{row.current:.4f} minus {tolerance}"
            )
    if worse:
        return Verdict(False, tuple(reasons), tuple(worse))
    summary = ", ".join(
        f"{rows[key].label} {rows[key].current:.4f} → {rows[key].candidate:.4f}" for key in GUARDED
    )
    return Verdict(True, (f"not worse on the held-out set ({summary})",))


def format_table(comparison: Comparison, top_intents: int = 10) -> str:
    """The comparison as plain text for the terminal."""
    lines = [f"{comparison.name} ({comparison.examples} examples)"]
    lines.append(f"  {'':22} {'current':>9} {'candidate':>10} {'change':>8}")

    def cell(value: float | None) -> str:
        return "–" if value is None else f"{value:.4f}"

    def signed(value: float | None) -> str:
        return "" if value is None else f"{value:+.4f}"

    for row in comparison.rows:
        lines.append(
            f"  {row.label:22} {cell(row.current):>9} {cell(row.candidate):>10} "
            f"{signed(row.change):>8}"
        )
    if comparison.per_intent:
        lines.append("  per-intent F1 changes:")
        shown = list(comparison.per_intent[:top_intents])
        for row in shown:
            lines.append(
                f"    {row.key:20} {cell(row.current):>9} {cell(row.candidate):>10} "
                f"{signed(row.change):>8}"
            )
        if len(comparison.per_intent) > len(shown):
            lines.append(f"    … and {len(comparison.per_intent) - len(shown)} more")
    return "\n".join(lines)
