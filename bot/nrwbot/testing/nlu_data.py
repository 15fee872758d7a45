"""Reading Rasa NLU YAML files in tests: examples per intent, and one normal form to compare them.

The held-out set, the layout tests and the conformance suite compare utterances the same way, so
"the same example twice" means the same thing everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from nrwbot.yamlio import read_yaml

_MARKUP = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """The utterance without entity markup, lower-cased, without punctuation and whitespace."""
    return _NOT_WORD.sub("", _MARKUP.sub(r"\1", text).lower())


def nlu_pairs(path: Path) -> list[tuple[str, str]]:
    """(intent, example as written) pairs of one Rasa NLU file."""
    pairs = []
    for block in (read_yaml(path) or {}).get("nlu") or []:
        if isinstance(block, dict) and "intent" in block:
            for line in str(block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    pairs.append((str(block["intent"]), line.strip()[2:]))
    return pairs


def nlu_examples(files: Iterable[Path]) -> dict[str, list[str]]:
    """Intent -> its examples (as written) over the given files."""
    found: dict[str, list[str]] = {}
    for path in files:
        for intent, example in nlu_pairs(path):
            found.setdefault(intent, []).append(example)
    return found
