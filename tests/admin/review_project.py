"""A throw-away project for export and retraining tests: core, two experts, held-out and dev set."""

from __future__ import annotations

import hashlib
from pathlib import Path

from admin.annotations import Annotation, EntitySpan
from tests.factories import make_expert, make_project, write_yaml

FUND_NLU = [
    {"intent": "fund_verlust", "examples": "- ich habe meinen [Schlüssel](item) verloren\n"},
    {"intent": "inform", "examples": "- am [3. Mai](date)\n- [Erika Mustermann](name)\n"},
]


def make_review_project(path: Path) -> Path:
    """The project root: the real core, experts `fund` (with entities) and `steuer`."""
    settings = make_project(path, {"fund": {}})
    make_expert(
        settings,
        "fund",
        domain={
            "version": "3.1",
            "intents": ["fund_verlust", "fund_abgabe"],
            "entities": ["item", "date", "name"],
        },
        nlu=FUND_NLU,
    )
    make_expert(settings, "steuer")
    write_yaml(
        settings.root / "tests" / "nlu" / "heldout.yml",
        {"version": "3.1", "nlu": [{"intent": "greet", "examples": "- hallo ersma\n"}]},
    )
    digest = hashlib.sha256(b"moin moin leute").hexdigest()
    (settings.root / "tests" / "nlu" / "dev-set.sha256").write_text(f"# dev\n{digest}\n")
    return settings.root


def approved(
    number: int,
    text: str,
    intent: str,
    entities: tuple[tuple[str, str], ...] = (),
    predicted: str | None = None,
) -> Annotation:
    """An approved annotation of `text` with spans on the first occurrence of each value."""
    spans = tuple(
        EntitySpan(entity, value, text.index(value), text.index(value) + len(value))
        for entity, value in entities
    )
    return Annotation(
        number, f"c{number}", 1, "soest", text, "corrected", intent, spans, "plattform", 0.0,
        predicted,
    )  # fmt: skip
