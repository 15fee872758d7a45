"""Intent figures from gold and predicted labels, computed the same way for every classifier.

Macro-F1 averages over the intents that occur in the gold labels; predicting any other label
counts against accuracy and the gold intent's recall. Precision is 0.0 for a label that was never
predicted, as in scikit-learn's reports.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

OUT_OF_SCOPE = "out_of_scope"
DIGITS = 4


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label; support is its number of gold examples."""

    precision: float
    recall: float
    f1: float
    support: int


def label_score(gold: Sequence[str], predicted: Sequence[str], label: str) -> LabelScore:
    """How well `label` is recognised: of its predictions, and of its gold examples."""
    _check_lengths(gold, predicted)
    hits = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
    predicted_count = sum(1 for p in predicted if p == label)
    support = sum(1 for g in gold if g == label)
    precision = hits / predicted_count if predicted_count else 0.0
    recall = hits / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelScore(precision, recall, f1, support)


def confusions(
    gold: Sequence[str], predicted: Sequence[str], top: int = 10
) -> list[dict[str, Any]]:
    """The most frequent (gold, predicted) pairs among the errors, most frequent first."""
    _check_lengths(gold, predicted)
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
    return [{"intent": g, "predicted": p, "count": n} for (g, p), n in ranked[:top]]


def intent_metrics(
    gold: Sequence[str], predicted: Sequence[str], out_of_scope: str = OUT_OF_SCOPE
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-intent F1, out-of-scope precision and recall, top confusions."""
    _check_lengths(gold, predicted)
    if not gold:
        raise ValueError("no examples to score")
    per_intent = {label: label_score(gold, predicted, label) for label in sorted(set(gold))}
    oos = label_score(gold, predicted, out_of_scope)
    return {
        "examples": len(gold),
        "intent_accuracy": _round(
            sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
        ),
        "intent_macro_f1": _round(sum(s.f1 for s in per_intent.values()) / len(per_intent)),
        "out_of_scope_precision": _round(oos.precision),
        "out_of_scope_recall": _round(oos.recall),
        "per_intent_f1": {label: _round(s.f1) for label, s in per_intent.items()},
        "most_confused": confusions(gold, predicted),
    }


COMPARED = ("intent_accuracy", "intent_macro_f1", "out_of_scope_precision", "out_of_scope_recall")


def differences(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """`first` minus `second` for the headline figures and every intent both of them scored."""
    diff: dict[str, Any] = {key: _round(first[key] - second[key]) for key in COMPARED}
    shared = sorted(first["per_intent_f1"].keys() & second["per_intent_f1"].keys())
    diff["per_intent_f1"] = {
        label: _round(first["per_intent_f1"][label] - second["per_intent_f1"][label])
        for label in shared
    }
    return diff


@dataclass(frozen=True)
class Paired:
    """On how many examples only the first, or only the second classifier is right."""

    first_only: int
    second_only: int

    @property
    def p_value(self) -> float:
        """Exact two-sided McNemar test: a large value means the set cannot tell them apart."""
        return mcnemar_p_value(self.first_only, self.second_only)


def paired(gold: Sequence[str], first: Sequence[str], second: Sequence[str]) -> Paired:
    """Where two classifiers' predictions for the same examples differ in correctness."""
    _check_lengths(gold, first)
    _check_lengths(gold, second)
    rows = list(zip(gold, first, second, strict=True))
    return Paired(
        first_only=sum(1 for g, a, b in rows if a == g != b),
        second_only=sum(1 for g, a, b in rows if b == g != a),
    )


def mcnemar_p_value(first_only: int, second_only: int) -> float:
    """Exact two-sided McNemar p-value: a binomial test of the discordant pairs against 1/2."""
    n = first_only + second_only
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(first_only, second_only) + 1)) / 2**n
    return min(1.0, 2 * tail)


def fallback_figures(
    gold: Sequence[str],
    predicted: Sequence[str],
    confidences: Sequence[float],
    threshold: float,
    out_of_scope: str = OUT_OF_SCOPE,
) -> dict[str, Any]:
    """What the bot does when predictions below `threshold` become a fallback ("please rephrase").

    `confident_error_rate` is the share of examples answered with a wrong intent despite the
    fallback; `out_of_scope_caught` the share of out-of-scope examples either recognised or sent
    to the fallback. Rasa's ambiguity threshold (top two intents too close) is not modelled.
    """
    _check_lengths(gold, predicted)
    _check_lengths(gold, confidences)
    rows = list(zip(gold, predicted, confidences, strict=True))
    oos = [(p, c) for g, p, c in rows if g == out_of_scope]
    caught = sum(1 for p, c in oos if p == out_of_scope or c < threshold)
    return {
        "threshold": threshold,
        "fallback_rate": _round(sum(1 for _, _, c in rows if c < threshold) / len(rows)),
        "confident_error_rate": _round(
            sum(1 for g, p, c in rows if c >= threshold and p != g) / len(rows)
        ),
        "out_of_scope_caught": _round(caught / len(oos)) if oos else None,
    }


def weakest(per_intent_f1: dict[str, float], count: int = 5) -> list[str]:
    """The intents with the lowest F1, lowest first."""
    return [label for label, _ in sorted(per_intent_f1.items(), key=lambda x: (x[1], x[0]))][:count]


def _round(value: float) -> float:
    return round(value, DIGITS)


def _check_lengths(gold: Sequence[object], predicted: Sequence[object]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
