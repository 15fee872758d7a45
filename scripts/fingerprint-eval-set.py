#!/usr/bin/env python3
"""Writes the fingerprints of an evaluation set's utterances, so tests can keep training data apart.

The development evaluation set is not part of the repository (a fresh clone does not have it), but
no training utterance may coincide with it. This keeps only SHA-256 digests of its normalised
utterances in `tests/nlu/dev-set.sha256`; `tests/test_layout.py` checks the training data against
them. Usage: scripts/fingerprint-eval-set.py PATH/TO/nlu-dev.yml > tests/nlu/dev-set.sha256
"""

from __future__ import annotations

import hashlib
import re
import sys

import yaml

_MARKUP = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    """The utterance without entity markup, lower-cased, outer whitespace removed."""
    return _MARKUP.sub(r"\1", text).strip().lower()


def fingerprint(text: str) -> str:
    """The stored digest of one utterance."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    digests = {
        fingerprint(line.strip()[2:])
        for block in data.get("nlu") or []
        if "intent" in block
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    }
    print(
        "# SHA-256 of each normalised utterance of the development evaluation set (never train on it)"
    )
    print("\n".join(sorted(digests)))


if __name__ == "__main__":
    main(sys.argv[1])
