"""`nrwbot retrain`: train a candidate after a review, compare it with the current model, release
it only if it is not worse on the held-out set (nrwbot.model_comparison).

The candidate is the current model fine-tuned on the composed data (Rasa's `--finetune` with a
quarter of the configured epochs), which is faster than a full training; Rasa's training cache restores the
dialogue policies when only NLU data changed. When the current model cannot be fine-tuned (its
configuration or domain differs), a full training runs instead. Both models are scored as by
`rasa test nlu` (nrwbot.nlu_scoring) on the held-out set and on the examples the last admin
export added.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from nrwbot import release as releases
from nrwbot.compose import ComposedProject
from nrwbot.errors import NRWbotError
from nrwbot.model_comparison import GUARDED, Comparison, Verdict, compare, decide
from nrwbot.project import Project
from nrwbot.settings import Settings
from nrwbot.training import (
    model_path,
    prepare_training,
    prune_old_models,
    rasa_environment,
    train_command,
)

# Measured on the held-out set (admin/README.md): a quarter of the epochs fine-tunes as well as a
# full training does and takes a quarter of DIET's training time.
EPOCH_FRACTION = 0.25
HELDOUT = Path("tests/nlu/heldout.yml")
SCORES_FOLDER = "scores"  # figures of models on NLU files, next to the models
PHASES = (
    "Composing the project",
    "Training the candidate",
    "Scoring the current model and the candidate",
    "Deciding",
)
_COMPONENT = re.compile(r"(Starting to train|Restored) component '(\w+)'")
_BAR = re.compile(r"(\d{1,3})%\|")


class RetrainingBusy(NRWbotError):
    """Another retraining holds the lock."""


class Progress(Protocol):
    """Where the pipeline reports: a line per phase, and Rasa's output line by line."""

    def phase(self, number: int, text: str) -> None: ...

    def line(self, text: str) -> None: ...


@dataclass(frozen=True)
class Candidate:
    """A trained candidate and how it came about."""

    model: Path
    method: str  # "fine-tuned from <model>", "full training" or "existing model"
    seconds: float


@dataclass(frozen=True)
class Outcome:
    """What a retraining did."""

    candidate: Candidate | None
    current: Path | None
    comparisons: tuple[Comparison, ...]
    verdict: Verdict
    released: releases.Release | None

    def summary(self) -> str:
        """One line for the audit log and the terminal (figures and decision, no texts)."""
        parts = []
        if self.candidate is not None:
            took = f"{self.candidate.method}, {self.candidate.seconds:.0f} s"
            parts.append(f"candidate {self.candidate.model.name} ({took})")
        if self.comparisons:
            rows = {row.key: row for row in self.comparisons[0].rows}
            parts.append(
                "held-out "
                + ", ".join(
                    f"{rows[key].label} {_figure(rows[key].current)} → "
                    f"{_figure(rows[key].candidate)}"
                    for key in GUARDED
                )
            )
        decision = f"released {self.released.model}" if self.released else "not released"
        parts.append(f"{decision}: {'; '.join(self.verdict.reasons)}")
        return "; ".join(parts)


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


@contextmanager
def retraining_lock(var_dir: Path) -> Iterator[None]:
    """Holds `var/retrain.lock` for one retraining at a time, across processes.

    Raises:
        RetrainingBusy: another retraining runs.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / "retrain.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RetrainingBusy("Another retraining is running; wait until it ends") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_model(models_dir: Path) -> Path | None:
    """The released model, else the newest trained one, else None."""
    released = releases.current(models_dir)
    if released is not None:
        return models_dir / released.model
    models = sorted(models_dir.glob("nrwbot-*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def run_streaming(command: list[str], cwd: Path, on_line: Callable[[str], None]) -> int:
    """Runs a Rasa command; every line of its output (progress bars too) goes to `on_line`."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=rasa_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    buffer = b""
    while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
        buffer += chunk
        *lines, buffer = re.split(rb"[\r\n]", buffer)
        for line in lines:
            if line.strip():
                on_line(line.decode("utf-8", "replace").rstrip())
    if buffer.strip():
        on_line(buffer.decode("utf-8", "replace").rstrip())
    return process.wait()


def train_candidate(
    settings: Settings,
    composed: ComposedProject,
    base: Path | None,
    progress: Progress,
    full: bool = False,
    epoch_fraction: float = EPOCH_FRACTION,
) -> Candidate:
    """Fine-tunes `base` on the composed data with `epoch_fraction` of the configured epochs, or
    trains from scratch (`full`, no base, or when Rasa refuses to fine-tune)."""
    target = model_path(settings, composed)
    if target.exists() and not full:
        return Candidate(target, "existing model", 0.0)
    prepare_training(settings)
    started = time.monotonic()
    if base is not None and not full:
        extra = ("--finetune", str(base), "--epoch-fraction", str(epoch_fraction))
        progress.line(f"Fine-tuning {base.name} with {epoch_fraction} of the configured epochs")
        command = train_command(settings, composed, target, *extra)
        code = run_streaming(command, settings.root, progress.line)
        if code == 0 and target.exists():
            prune_old_models(settings, target)
            return Candidate(target, f"fine-tuned from {base.name}", time.monotonic() - started)
        progress.line(f"Fine-tuning is not possible (exit code {code}); training from scratch")
    code = run_streaming(train_command(settings, composed, target), settings.root, progress.line)
    if code != 0 or not target.exists():
        raise NRWbotError(f"Training failed (exit code {code}); see the output above")
    prune_old_models(settings, target)
    return Candidate(target, "full training", time.monotonic() - started)


Scores = dict[tuple[Path, Path], dict[str, Any]]  # (model, NLU file) -> figures


def _score_cache(settings: Settings, model: Path, nlu_file: Path) -> Path:
    """Where the figures of `model` on `nlu_file` are kept: a model never changes once trained
    (its name is its inputs' fingerprint), so the figures hold as long as the file and the
    fallback threshold in config.yml do."""
    digest = hashlib.sha256(nlu_file.read_bytes())
    config = settings.root / "config.yml"
    if config.exists():
        digest.update(config.read_bytes())
    name = model.name.removesuffix(".tar.gz")
    return settings.models_dir / SCORES_FOLDER / f"{name}-{digest.hexdigest()[:16]}.json"


def score(
    settings: Settings,
    composed: ComposedProject,
    models: list[Path],
    nlu_files: list[Path],
    progress: Progress,
) -> Scores:
    """Figures of every model on every file, as `rasa test nlu` gives them
    (nrwbot.evaluation.rasa_figures), from one process (nrwbot.nlu_scoring). Figures scored
    before (the current model on the held-out set, as the candidate of the last retraining) are
    read from the models folder instead of being scored again."""
    from nrwbot.evaluation import rasa_figures
    from nrwbot.rasa_results import read_predictions

    scores: Scores = {}
    missing: list[tuple[Path, Path]] = []
    for model in models:
        for path in nlu_files:
            cached = _score_cache(settings, model, path)
            if cached.exists():
                scores[(model, path)] = json.loads(cached.read_text(encoding="utf-8"))
                progress.line(f"Figures of {model.name} on {path.name}: scored before")
            else:
                missing.append((model, path))
    if not missing:
        return scores
    with tempfile.TemporaryDirectory(prefix="nrwbot-retrain-") as tmp:
        outs = {key: Path(tmp) / f"{n}" for n, key in enumerate(missing)}
        command = [sys.executable, "-m", "nrwbot.nlu_scoring", "--domain", str(composed.domain)]
        for (model, path), out in outs.items():
            command += ["--job", str(model), str(path), str(out)]
        code = run_streaming(command, settings.root, progress.line)
        failed = [key for key, out in outs.items() if not (out / "intent_report.json").exists()]
        if code != 0 or failed:
            raise NRWbotError(f"Scoring the models failed (exit code {code}); see the output above")
        for (model, path), out in outs.items():
            figures = rasa_figures(settings, read_predictions(out), out, None)
            scores[(model, path)] = figures
            cache = _score_cache(settings, model, path)
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps(figures), encoding="utf-8")
    return scores


Trainer = Callable[[Settings, ComposedProject, Path | None, Progress, bool], Candidate]
Scorer = Callable[[Settings, ComposedProject, list[Path], list[Path], Progress], Scores]


def _unchanged(current: Path) -> Outcome:
    reason = f"the inputs have not changed since {current.name}; nothing to retrain"
    return Outcome(None, current, (), Verdict(False, (reason,)), None)


def retrain(
    project: Project,
    progress: Progress,
    *,
    full: bool = False,
    release: bool = True,
    trainer: Trainer = train_candidate,
    scorer: Scorer = score,
) -> Outcome:
    """Composes, trains a candidate, scores it and the current model, releases it if not worse.

    Raises:
        RetrainingBusy: another retraining runs.
        NRWbotError: composing, training or scoring failed.
    """
    settings = project.settings
    with retraining_lock(settings.var_dir):
        progress.phase(1, PHASES[0])
        composed = project.compose()
        current = current_model(settings.models_dir)
        if current is not None and current == model_path(settings, composed):
            return _unchanged(current)
        progress.phase(2, PHASES[1])
        candidate = trainer(settings, composed, current, progress, full)
        took = f"{candidate.method}, {candidate.seconds:.0f} s"
        progress.line(f"Candidate {candidate.model.name}: {took}")
        progress.phase(3, PHASES[2])
        sets = [("held-out set", settings.root / HELDOUT)]
        if settings.last_export_file.exists():
            sets.append(("examples of the last export", settings.last_export_file))
        models = [candidate.model] + ([current] if current else [])
        scores = scorer(settings, composed, models, [path for _, path in sets], progress)
        comparisons = [
            compare(
                name,
                scores[(candidate.model, path)],
                scores[(current, path)] if current else None,
            )
            for name, path in sets
        ]
        progress.phase(4, PHASES[3])
        verdict = decide(comparisons[0])
        released = None
        if verdict.release and release:
            released = releases.release(settings.models_dir, candidate.model)
        return Outcome(candidate, current, tuple(comparisons), verdict, released)


def component_of(line: str) -> str | None:
    """The Rasa component a training output line starts or restores, if any."""
    match = _COMPONENT.search(line)
    return match.group(2) if match else None


def bar_percent(line: str) -> int | None:
    """The percentage of a progress-bar line of Rasa's output (tqdm), None for other lines."""
    match = _BAR.search(line)
    return int(match.group(1)) if match else None


class TerminalProgress:
    """Phase lines on stdout; Rasa's output on stderr, progress bars in steps of 10 %."""

    def __init__(self) -> None:
        self._last_percent: int | None = None

    def phase(self, number: int, text: str) -> None:
        print(f"[{number}/{len(PHASES)}] {text}", flush=True)

    def line(self, text: str) -> None:
        percent = bar_percent(text)
        if percent is not None:
            if percent == self._last_percent or (percent % 10 and percent != 100):
                return
            self._last_percent = percent
        print(text, file=sys.stderr, flush=True)
