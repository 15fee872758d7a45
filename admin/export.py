"""Export of approved annotations into the owners' `data/nlu_reviewed.yml`, as a reviewable diff.

`Exporter.plan` turns `AnnotationStore.approved_examples()` into the new content of each reviewed
file and a unified diff; nothing is written until `Exporter.write`. An example goes to the expert
that owns its intent by prefix. A core intent's example goes to `bot/data/nlu_reviewed.yml`,
unless it annotates entities (all of them belong to experts) or names an expert: core data never
does either (tests/test_layout.py), so such an example goes to the expert that declares those
entities or is named. Examples are skipped, with the reason, when they are already training data,
in the held-out set or the development set (never trained on), another approved example with the
same text, or annotated with different intents for the same text. Placeholders become made-up
values (`admin.placeholders`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from admin.annotations import Annotation, EntitySpan
from admin.catalog import declared_entities
from admin.export_plan import (
    ExportedExample,
    ExportPlan,
    FileChange,
    Reason,
    Skipped,
    render_reviewed_file,
)
from admin.placeholders import PlaceholderFiller, replace_stretches
from admin.redaction import redact
from admin.training_data import (
    RawExample,
    dev_set_fingerprint,
    entity_values,
    normal_form,
    plain_text,
    read_examples,
    read_fingerprints,
)
from nrwbot.compose import declared_names
from nrwbot.experts import Expert, expert_for_intent

REVIEWED_FILE = "nlu_reviewed.yml"
HELDOUT = Path("tests/nlu/heldout.yml")
DEV_SET_FINGERPRINTS = Path("tests/nlu/dev-set.sha256")


def _collapse_whitespace(
    text: str, spans: tuple[EntitySpan, ...]
) -> tuple[str, tuple[EntitySpan, ...]]:
    runs = [
        (m.start(), m.end(), "" if m.start() == 0 or m.end() == len(text) else " ")
        for m in re.finditer(r"\s+", text)
        if m.group() != " " or m.start() == 0 or m.end() == len(text)
    ]
    return replace_stretches(text, runs, spans)


@dataclass(frozen=True)
class _Known:
    """What an approved example is compared with."""

    training: dict[str, RawExample]  # by normal form, the first occurrence
    reviewed_files: frozenset[Path]
    exported_before: frozenset[str]  # normal forms of reviewed examples, redacted again
    heldout: frozenset[str]
    dev_set: frozenset[str]
    core_intents: frozenset[str]
    intents: dict[str, frozenset[str]]  # per expert
    entities: dict[str, frozenset[str]]  # per expert


class Exporter:
    """Plans and writes exports for one project folder."""

    def __init__(self, root: Path, experts: dict[str, Expert], last_export: Path | None = None):
        self.root = root
        self.experts = dict(sorted(experts.items()))
        self.last_export = last_export

    def reviewed_path(self, expert: Expert | None) -> Path:
        """Where reviewed examples of an expert (None: core) are written."""
        return (expert.path if expert else self.root / "bot") / "data" / REVIEWED_FILE

    def _known(self) -> tuple[_Known, PlaceholderFiller]:
        files = sorted((self.root / "bot" / "data").rglob("*.yml"))
        files += [p for expert in self.experts.values() for p in expert.data_files]
        reviewed = frozenset(self.reviewed_path(e) for e in [None, *self.experts.values()])
        training: dict[str, RawExample] = {}
        for example in (e for path in files for e in read_examples(path)):
            training.setdefault(normal_form(example.text), example)
        heldout = self.root / HELDOUT
        known = _Known(
            training=training,
            reviewed_files=reviewed,
            exported_before=frozenset(
                normal_form(redact(plain_text(e.text)))
                for e in training.values()
                if e.path in reviewed
            ),
            heldout=frozenset(
                normal_form(e.text) for e in (read_examples(heldout) if heldout.exists() else [])
            ),
            dev_set=read_fingerprints(self.root / DEV_SET_FINGERPRINTS),
            core_intents=frozenset(declared_names([self.root / "bot" / "domain.yml"])["intents"]),
            intents={
                name: frozenset(declared_names(expert.domain_files)["intents"])
                for name, expert in self.experts.items()
            },
            entities={
                name: frozenset(declared_entities(expert.domain_files))
                for name, expert in self.experts.items()
            },
        )
        # Values for placeholders come from hand-written data only, so they stay the same when
        # reviewed files grow and an example exported before is recognised again.
        handwritten = [e for e in training.values() if e.path not in reviewed]
        return known, PlaceholderFiller(entity_values(handwritten))

    def _named_experts(self, text: str) -> list[Expert]:
        return [
            expert
            for expert in self.experts.values()
            if re.search(
                rf"\b({re.escape(expert.name)}|{re.escape(expert.intent_prefix)}_)", text, re.I
            )
        ]

    def _owner(
        self, annotation: Annotation, text: str, spans: tuple[EntitySpan, ...], known: _Known
    ) -> Expert | None | Reason:
        """The expert whose reviewed file gets the example, None for core, or why there is none."""
        intent = annotation.intent or ""
        expert = expert_for_intent(self.experts, intent)
        if expert is not None:
            owns = intent in known.intents[expert.name]
            return expert if owns else Reason.UNKNOWN_INTENT
        if intent not in known.core_intents:
            return Reason.UNKNOWN_INTENT
        needed = {span.entity for span in spans}
        named = self._named_experts(text)
        if not needed:
            return named[0] if named else None
        predicted = expert_for_intent(self.experts, annotation.predicted_intent or "")
        for candidate in ([predicted] if predicted else []) + named + list(self.experts.values()):
            if needed <= known.entities[candidate.name]:
                return candidate
        return Reason.NO_EXPERT

    def _example(
        self, annotation: Annotation, known: _Known, filler: PlaceholderFiller
    ) -> ExportedExample | Skipped | None:
        """The example to add, why it is skipped, or None when an earlier export added it."""
        key = normal_form(annotation.text)

        def skipped(reason: Reason, detail: str = "") -> Skipped:
            return Skipped(annotation.id, annotation.text, reason, detail)

        filled = filler.fill(annotation.text, annotation.entities, annotation.id)
        text, spans = _collapse_whitespace(filled.text, filled.entities)
        final = normal_form(text)
        found = known.training.get(final)
        if "[" in text or "]" in text:
            return skipped(Reason.MARKUP)
        if final in known.heldout or key in known.heldout:
            return skipped(Reason.HELDOUT)
        if dev_set_fingerprint(text) in known.dev_set:
            return skipped(Reason.DEV_SET)
        if key in known.exported_before or (
            found and found.path in known.reviewed_files and found.intent == annotation.intent
        ):
            return None
        if found:
            other = f" ({found.intent})" if found.intent != annotation.intent else ""
            return skipped(Reason.TRAINING, f"{found.path.relative_to(self.root)}{other}")
        owner = self._owner(annotation, text, spans, known)
        if owner is Reason.UNKNOWN_INTENT:
            return skipped(owner, annotation.intent or "")
        if isinstance(owner, Reason):
            return skipped(owner, ", ".join(sorted({s.entity for s in spans})))
        path = self.reviewed_path(owner)
        return ExportedExample(annotation.id, annotation.intent or "", text, spans, path)

    def plan(self, annotations: Iterable[Annotation]) -> ExportPlan:
        """The change that exporting these approved annotations would make."""
        known, filler = self._known()
        chosen = sorted(annotations, key=lambda a: a.id)
        intents_of: dict[str, set[str]] = {}
        for annotation in chosen:
            intents_of.setdefault(normal_form(annotation.text), set()).add(annotation.intent or "")
        first_of: dict[str, int] = {}
        examples: list[ExportedExample] = []
        skipped: list[Skipped] = []
        already = 0
        for annotation in chosen:
            key = normal_form(annotation.text)
            result: ExportedExample | Skipped | None
            if not key:
                result = Skipped(annotation.id, annotation.text, Reason.EMPTY)
            elif len(intents_of[key]) > 1:
                detail = ", ".join(sorted(intents_of[key]))
                result = Skipped(annotation.id, annotation.text, Reason.CONFLICT, detail)
            elif key in first_of:
                detail = str(first_of[key])
                result = Skipped(annotation.id, annotation.text, Reason.DUPLICATE, detail)
            else:
                first_of[key] = annotation.id
                result = self._example(annotation, known, filler)
            if result is None:
                already += 1
            elif isinstance(result, Skipped):
                skipped.append(result)
            else:
                examples.append(result)
        return ExportPlan(self._changes(examples), tuple(examples), tuple(skipped), already)

    def _changes(self, examples: list[ExportedExample]) -> tuple[FileChange, ...]:
        changes = []
        for path in sorted({e.path for e in examples}):
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            blocks: dict[str, list[str]] = {}
            for example in read_examples(path) if old else []:
                blocks.setdefault(example.intent, []).append(example.text)
            added = sorted(
                (e for e in examples if e.path == path),
                key=lambda e: (e.intent not in blocks, e.intent, e.annotation_id),
            )
            for example in added:
                blocks.setdefault(example.intent, []).append(example.markup)
            relative = str(path.relative_to(self.root))
            changes.append(
                FileChange(path, relative, old, render_reviewed_file(blocks), len(added))
            )
        return tuple(changes)

    def write(self, plan: ExportPlan) -> list[Path]:
        """Writes the planned files (each replaced in one step) and the list of new examples."""
        for change in plan.changes:
            _replace(change.path, change.new)
        if self.last_export is not None and plan.examples:
            blocks: dict[str, list[str]] = {}
            for example in plan.examples:
                blocks.setdefault(example.intent, []).append(example.markup)
            _replace(self.last_export, render_reviewed_file(blocks))
        return [change.path for change in plan.changes]


def _replace(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)
