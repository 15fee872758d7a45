"""Generated local secrets (API token, data key, session secret) kept in files only their owner reads.

A file is created with mode 0600 in the same system call that creates it, so there is no moment in
which another user could read it; two processes starting at once agree on the first one written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def read_or_create_secret(path: Path, generate: Callable[[], str]) -> str:
    """The secret stored at `path`, generating and writing it (mode 0600) if it is missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(generate())
    return path.read_text(encoding="utf-8").strip()
