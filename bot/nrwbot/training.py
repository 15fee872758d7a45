"""Training with a model cache keyed by the fingerprint of everything training reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from nrwbot.compose import ComposedProject
from nrwbot.errors import NRWbotError
from nrwbot.release import history
from nrwbot.settings import Settings
from nrwbot.spacy_pipeline import build_pipeline

MODELS_KEPT = 3


def model_path(settings: Settings, project: ComposedProject) -> Path:
    return settings.models_dir / f"nrwbot-{project.fingerprint}.tar.gz"


def prune_old_models(settings: Settings, keep: Path) -> None:
    """Deletes all but the newest models (and `keep`); released ones are kept."""
    # Released models stay: one of them is served, the others are what a rollback restores.
    released = {entry.model for entry in history(settings.models_dir)}
    models = sorted(
        settings.models_dir.glob("nrwbot-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in [m for m in models if m != keep and m.name not in released][MODELS_KEPT - 1 :]:
        old.unlink(missing_ok=True)
        # Figures of the model on NLU files (nrwbot.retraining) go with it.
        for figures in (settings.models_dir / "scores").glob(
            f"{old.name.removesuffix('.tar.gz')}-*.json"
        ):
            figures.unlink(missing_ok=True)


def rasa_environment() -> dict[str, str]:
    """Environment for Rasa subprocesses: no telemetry or crash reports leave the machine."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa_command(*args: str) -> list[str]:
    """`rasa …` run with this interpreter, so the venv's Rasa is used without activation."""
    return [sys.executable, "-m", "rasa", *args]


def train_command(
    settings: Settings, project: ComposedProject, target: Path, *extra: str
) -> list[str]:
    """`rasa train` of the composed project into `target` (a file in the models folder), through
    `nrwbot.rasa_training` so that fine-tuning restores unchanged components from the cache."""
    return [
        sys.executable, "-m", "nrwbot.rasa_training",
        "train",
        "--config", str(settings.root / "config.yml"),
        "--domain", str(project.domain),
        "--data", str(project.data),
        "--out", str(target.parent),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
        *extra,
    ]  # fmt: skip


def prepare_training(settings: Settings) -> None:
    """The spaCy pipeline and the models folder that every training needs."""
    build_pipeline(settings.spacy_pipeline_dir)
    settings.models_dir.mkdir(parents=True, exist_ok=True)


def train(settings: Settings, project: ComposedProject, force: bool = False) -> Path:
    """Returns the model for the project's inputs, training it only when none matches."""
    target = model_path(settings, project)
    if target.exists() and not force:
        return target
    prepare_training(settings)
    command = train_command(settings, project, target)
    # Training chatter goes to stderr so that commands printing results (evaluate) stay parseable.
    result = subprocess.run(
        command, cwd=settings.root, env=rasa_environment(), stdout=sys.stderr, check=False
    )
    if result.returncode != 0 or not target.exists():
        raise NRWbotError(f"Training failed (exit code {result.returncode}); see the log above")
    prune_old_models(settings, target)
    return target
