"""Training with a model cache keyed by the fingerprint of everything training reads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from nrwbot.compose import ComposedProject
from nrwbot.errors import NRWbotError
from nrwbot.settings import Settings
from nrwbot.spacy_pipeline import build_pipeline

MODELS_KEPT = 3


def model_path(settings: Settings, project: ComposedProject) -> Path:
    return settings.models_dir / f"nrwbot-{project.fingerprint}.tar.gz"


def _prune_old_models(settings: Settings, keep: Path) -> None:
    models = sorted(
        settings.models_dir.glob("nrwbot-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in [m for m in models if m != keep][MODELS_KEPT - 1 :]:
        old.unlink(missing_ok=True)


def rasa_environment() -> dict[str, str]:
    """Environment for Rasa subprocesses: no telemetry or crash reports leave the machine."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa_command(*args: str) -> list[str]:
    """`rasa …` run with this interpreter, so the venv's Rasa is used without activation."""
    return [sys.executable, "-m", "rasa", *args]


def train(settings: Settings, project: ComposedProject, force: bool = False) -> Path:
    """Returns the model for the project's inputs, training it only when none matches."""
    target = model_path(settings, project)
    if target.exists() and not force:
        return target
    build_pipeline(settings.spacy_pipeline_dir)
    settings.models_dir.mkdir(parents=True, exist_ok=True)
    command = rasa_command(
        "train",
        "--config", str(settings.root / "config.yml"),
        "--domain", str(project.domain),
        "--data", str(project.data),
        "--out", str(settings.models_dir),
        "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    )  # fmt: skip
    # Training chatter goes to stderr so that commands printing results (evaluate) stay parseable.
    result = subprocess.run(
        command, cwd=settings.root, env=rasa_environment(), stdout=sys.stderr, check=False
    )
    if result.returncode != 0 or not target.exists():
        raise NRWbotError(f"Training failed (exit code {result.returncode}); see the log above")
    _prune_old_models(settings, target)
    return target
