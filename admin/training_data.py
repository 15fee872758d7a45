"""Reading NLU examples the way the export compares them: raw lines, normal forms, entity values.

Two normal forms are in use, each matching the test that guards a set of examples:
`normal_form` (markup stripped, lower case, punctuation and whitespace removed) is the one of
tests/test_heldout_set.py, `dev_set_fingerprint` the SHA-256 of scripts/fingerprint-eval-set.py
(markup stripped, lower case, outer whitespace removed) that tests/test_layout.py checks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nrwbot.yamlio import read_yaml

MARKUP = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")
_ENTITY = re.compile(r"\[([^\]]+)\]\(([^):]+)(?::[^)]*)?\)")
_NOT_WORD = re.compile(r"[\W_]+")


def plain_text(example: str) -> str:
    """An example without its entity markup."""
    return MARKUP.sub(r"\1", example)


def normal_form(text: str) -> str:
    """Markup stripped, lower case, without punctuation and whitespace."""
    return _NOT_WORD.sub("", plain_text(text).lower())


def dev_set_fingerprint(text: str) -> str:
    """The digest tests/nlu/dev-set.sha256 keeps of an utterance."""
    return hashlib.sha256(plain_text(text).strip().lower().encode()).hexdigest()


@dataclass(frozen=True)
class RawExample:
    """One example line of an NLU file, as written (with markup)."""

    intent: str
    text: str
    path: Path


def read_examples(path: Path) -> Iterator[RawExample]:
    """The intent examples of a Rasa YAML file (rules and stories have none)."""
    for block in (read_yaml(path) or {}).get("nlu") or []:
        if not isinstance(block, dict) or "intent" not in block:
            continue
        examples = block.get("examples") or ""
        if isinstance(examples, str):
            lines = [
                raw.strip()[2:] for raw in examples.splitlines() if raw.strip().startswith("- ")
            ]
        else:  # the list form: `- text: …` with metadata
            lines = [str(item.get("text", "")) for item in examples if isinstance(item, dict)]
        for line in lines:
            yield RawExample(str(block["intent"]), line.strip(), path)


def entity_values(examples: list[RawExample]) -> dict[str, list[str]]:
    """The values each entity is annotated with in `examples` (`[value](entity)` markup)."""
    values: dict[str, list[str]] = {}
    for example in examples:
        for value, entity in _ENTITY.findall(example.text):
            values.setdefault(entity, []).append(value)
    return values


def read_fingerprints(path: Path) -> frozenset[str]:
    """The digests of a fingerprint file; empty if there is none."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
