"""Which trained model is released to the Rasa replicas, with the history needed to roll back.

Training writes `models/nrwbot-<fingerprint>.tar.gz`; nothing serves it until it is released.
`models/released.json` names the released model and keeps the ones released before it, so
`nrwbot rollback` can restore the previous one. The model server reads only this file, and every
replica polls the model server, so a release or a rollback reaches all replicas.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from nrwbot.errors import NRWbotError

RELEASE_FILE = "released.json"
MODEL_PATH = "/models/current"  # where the model server serves the released model
KEPT_RELEASES = 10


@dataclass(frozen=True)
class Release:
    """One released model."""

    model: str  # file name inside the models folder
    released_at: float

    @property
    def etag(self) -> str:
        """What replicas compare to decide whether to download: the model's name."""
        return self.model.removesuffix(".tar.gz")


def _read(models_dir: Path) -> list[Release]:
    path = models_dir / RELEASE_FILE
    if not path.exists():
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["history"]
        return [Release(e["model"], float(e["released_at"])) for e in entries]
    except (ValueError, KeyError, TypeError) as exc:
        raise NRWbotError(f"{path} is damaged ({exc}); release a model again") from exc


def _write(models_dir: Path, history: list[Release]) -> None:
    # Written to a temporary file and renamed, so the model server never reads half a file.
    path = models_dir / RELEASE_FILE
    temporary = path.with_suffix(".tmp")
    payload = {"history": [{"model": r.model, "released_at": r.released_at} for r in history]}
    temporary.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    os.replace(temporary, path)


def history(models_dir: Path) -> list[Release]:
    """Every release still on record, oldest first; the last one is the released model."""
    return _read(models_dir)


def current(models_dir: Path) -> Release | None:
    """The released model, if any (whose file still exists)."""
    history = _read(models_dir)
    if history and (models_dir / history[-1].model).exists():
        return history[-1]
    return None


def release(models_dir: Path, model: Path) -> Release:
    """Makes `model` (a file in `models_dir`) the released one."""
    if model.parent.resolve() != models_dir.resolve() or not model.exists():
        raise NRWbotError(f"{model} is not a trained model in {models_dir}")
    history = _read(models_dir)
    if history and history[-1].model == model.name:
        return history[-1]
    entry = Release(model.name, time.time())
    _write(models_dir, (history + [entry])[-KEPT_RELEASES:])
    return entry


def serve_at_start(models_dir: Path, trained: Path) -> tuple[Release, str]:
    """The release a starting `nrwbot run` serves, and a line saying why.

    The model of the current inputs is released when nothing is, or when it was trained after
    the last release or rollback (someone changed the project since). Otherwise the release
    stands: an admin released a fine-tuned candidate or rolled back after this model was trained.
    """
    released = current(models_dir)
    if released is None:
        entry = release(models_dir, trained)
        return entry, f"Released {entry.model} (the first release of this models folder)"
    if released.model == trained.name:
        return released, f"Serving the released model {released.model}"
    if trained.stat().st_mtime > released.released_at:
        entry = release(models_dir, trained)
        return entry, f"Released {entry.model}, trained after {released.model} was released"
    return released, (
        f"Serving the released model {released.model}; the current inputs give "
        f"{trained.name}. Release it with: nrwbot release"
    )


def rollback(models_dir: Path) -> Release:
    """Restores the model released before the current one.

    Raises:
        NRWbotError: there is no earlier release (or its file was deleted).
    """
    history = _read(models_dir)
    while len(history) >= 2:
        history.pop()
        if (models_dir / history[-1].model).exists():
            # Served again from now on: a model trained before this moment does not replace it
            # at the next start (serve_at_start).
            history[-1] = Release(history[-1].model, time.time())
            _write(models_dir, history)
            return history[-1]
    raise NRWbotError("There is no earlier release to roll back to")
