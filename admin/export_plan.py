"""What an export changes: the examples it adds, those it skips and why, the files and the diff.

`admin.export.Exporter` builds an `ExportPlan`; the page and `nrwbot admin export` show it, and
only `Exporter.write` writes it.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from admin.annotations import EntitySpan

HEADER = (
    "# Examples approved in the admin review, written by `nrwbot admin export` (admin/README.md).\n"
    "# Texts are redacted; placeholders such as [NAME] were replaced by made-up values.\n"
)


class Reason(Enum):
    """Why an approved example is not exported: (German for the page, English for the CLI)."""

    HELDOUT = (
        "steht im Testsatz tests/nlu/heldout.yml, auf dem nie trainiert wird",
        "is in the held-out set tests/nlu/heldout.yml, which is never trained on",
    )
    DEV_SET = (
        "steht im Entwicklungs-Testsatz (tests/nlu/dev-set.sha256), auf dem nie trainiert wird",
        "is in the development evaluation set (tests/nlu/dev-set.sha256), never trained on",
    )
    TRAINING = ("ist schon Trainingsbeispiel in {}", "is already a training example in {}")
    DUPLICATE = ("gleicher Text wie Annotation {}", "same text as annotation {}")
    CONFLICT = (
        "derselbe Text ist mit verschiedenen Absichten annotiert ({})",
        "the same text is annotated with different intents ({})",
    )
    UNKNOWN_INTENT = ("die Absicht {} gibt es in keiner Domäne", "intent {} is in no domain")
    NO_EXPERT = (
        "kein Experte deklariert die Entitäten {}",
        "no expert declares the entities {}",
    )
    MARKUP = (
        "enthält eckige Klammern, die Rasa als Entitäten-Markup liest",
        "contains square brackets, which Rasa reads as entity markup",
    )
    EMPTY = ("enthält keine Wörter", "contains no words")


@dataclass(frozen=True)
class Skipped:
    """An approved example the export leaves out."""

    annotation_id: int
    text: str  # redacted
    reason: Reason
    detail: str = ""

    @property
    def german(self) -> str:
        return self.reason.value[0].format(self.detail)

    @property
    def english(self) -> str:
        return self.reason.value[1].format(self.detail)


@dataclass(frozen=True)
class ExportedExample:
    """An example the export adds to a reviewed file."""

    annotation_id: int
    intent: str
    text: str
    entities: tuple[EntitySpan, ...]
    path: Path

    @property
    def markup(self) -> str:
        """The text in Rasa's entity markup, `[value](entity)`; overlapping spans keep the first."""
        parts, position = [], 0
        for span in sorted(self.entities, key=lambda s: (s.start, -s.end)):
            if span.start < position or span.start == span.end:
                continue
            parts += [self.text[position : span.start], f"[{span.value}]({span.entity})"]
            position = span.end
        return "".join(parts + [self.text[position:]])


@dataclass(frozen=True)
class FileChange:
    """A reviewed file before and after the export."""

    path: Path
    relative: str
    old: str
    new: str
    added: int

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.old.splitlines(keepends=True),
                self.new.splitlines(keepends=True),
                fromfile=f"a/{self.relative}" if self.old else "/dev/null",
                tofile=f"b/{self.relative}",
            )
        )


@dataclass(frozen=True)
class ExportPlan:
    """What an export would change."""

    changes: tuple[FileChange, ...]
    examples: tuple[ExportedExample, ...]
    skipped: tuple[Skipped, ...]
    already_exported: int

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)

    @property
    def digest(self) -> str:
        """Identifies the diff, so a form writes exactly the change that was shown."""
        return hashlib.sha256(self.diff().encode()).hexdigest()[:16]

    def summary(self) -> str:
        """For the audit log and the terminal: counts and files, never texts."""
        files = ", ".join(f"{c.relative} (+{c.added})" for c in self.changes) or "no file"
        reasons: dict[str, int] = {}
        for skipped in self.skipped:
            reasons[skipped.reason.name.lower()] = reasons.get(skipped.reason.name.lower(), 0) + 1
        why = ", ".join(f"{name} {count}" for name, count in sorted(reasons.items()))
        return (
            f"{len(self.examples)} examples to {files}; {len(self.skipped)} skipped"
            + (f" ({why})" if why else "")
            + f"; {self.already_exported} exported before"
        )


def render_reviewed_file(blocks: dict[str, list[str]]) -> str:
    """A reviewed file in Rasa 3.1 YAML: one block per intent, examples in markup."""
    lines = [HEADER, 'version: "3.1"\n', "\nnlu:\n"]
    for intent, examples in blocks.items():
        lines.append(f"- intent: {intent}\n  examples: |\n")
        lines += [f"    - {example}\n" for example in examples]
    return "".join(lines)
