"""Safe retraining: the not-worse release rule on synthetic figures, and the pipeline (compose,
candidate, scoring, decision, release) with a fake trainer and scorer: no training here."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from admin.audit import AuditLog
from admin.db import create_engine
from admin.retraining_job import Retrainer
from nrwbot import release as releases
from nrwbot import retraining
from nrwbot.compose import ComposedProject
from nrwbot.errors import NRWbotError
from nrwbot.model_comparison import TOLERANCE, compare, decide, format_table
from nrwbot.project import Project, load_project
from nrwbot.retraining import (
    Candidate,
    RetrainingBusy,
    TerminalProgress,
    retrain,
    retraining_lock,
    run_streaming,
    train_candidate,
)
from nrwbot.settings import Settings
from nrwbot.training import model_path
from tests.admin.review_project import make_review_project
from tests.factories import settings_for


def figures(accuracy: float = 0.9, macro_f1: float = 0.88, **per_intent: float) -> dict[str, Any]:
    return {
        "examples": 905,
        "intent_accuracy": accuracy,
        "intent_macro_f1": macro_f1,
        "out_of_scope_precision": 0.8,
        "out_of_scope_recall": 0.75,
        "per_intent_f1": {"greet": 0.9, "inform": 0.7, **per_intent},
        "entity_f1": {
            "RegexEntityExtractor": {"micro_f1": 0.5, "per_entity": {}},
            "DIETClassifier": {"micro_f1": 0.8, "per_entity": {}},
        },
    }


@pytest.mark.parametrize(
    ("accuracy", "macro_f1", "released", "worse"),
    [
        (0.90, 0.88, True, ()),
        (0.95, 0.90, True, ()),
        (0.90 - TOLERANCE, 0.88 - TOLERANCE, True, ()),  # exactly at the limit
        (0.894, 0.88, False, ("intent_accuracy",)),
        (0.90, 0.874, False, ("intent_macro_f1",)),
        (0.80, 0.80, False, ("intent_accuracy", "intent_macro_f1")),
    ],
)
def test_a_candidate_is_released_only_if_not_worse_on_the_heldout_set(
    accuracy: float, macro_f1: float, released: bool, worse: tuple[str, ...]
) -> None:
    verdict = decide(compare("held-out set", figures(accuracy, macro_f1), figures()))
    assert verdict.release is released and verdict.worse == worse
    if not released:
        assert "below the current" in verdict.reasons[0]


def test_other_figures_inform_but_do_not_block() -> None:
    candidate = {**figures(), "out_of_scope_recall": 0.1, "entity_f1": {}}
    assert decide(compare("held-out set", candidate, figures())).release


def test_without_a_current_model_the_candidate_is_released() -> None:
    verdict = decide(compare("held-out set", figures(), None))
    assert verdict.release and "no current model" in verdict.reasons[0]


def test_the_table_shows_both_models_and_per_intent_changes() -> None:
    comparison = compare("held-out set", figures(0.91, greet=0.95, inform=0.6), figures())
    rows = {row.key: (row.current, row.candidate, row.change) for row in comparison.rows}
    assert rows["intent_accuracy"] == (0.9, 0.91, 0.01)
    assert rows["entity_f1"] == (0.8, 0.8, 0.0)  # DIETClassifier's micro-F1
    assert [(r.key, r.change) for r in comparison.per_intent] == [("inform", -0.1), ("greet", 0.05)]
    table = format_table(comparison)
    assert "accuracy" in table and "0.9100" in table and "+0.0100" in table
    assert "inform" in table and "-0.1000" in table


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    root = make_review_project(tmp_path / "project")
    monkeypatch.setenv("NRWBOT_PROJECT_DIR", str(tmp_path / "composed"))
    monkeypatch.setenv("NRWBOT_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("NRWBOT_VAR_DIR", str(tmp_path / "var"))
    (tmp_path / "models").mkdir()
    return load_project(settings_for(root))


class Recorder:
    """Progress that remembers."""

    def __init__(self) -> None:
        self.phases: list[int] = []
        self.lines: list[str] = []

    def phase(self, number: int, text: str) -> None:
        self.phases.append(number)

    def line(self, text: str) -> None:
        self.lines.append(text)


class FakeModels:
    """A trainer that writes the candidate's file and a scorer with figures per model."""

    def __init__(self, scores: dict[str, dict[str, Any]]) -> None:
        self.scores = scores
        self.trained: list[tuple[Path | None, bool]] = []
        self.scored: list[tuple[str, str]] = []

    def train(
        self,
        settings: Settings,
        composed: ComposedProject,
        base: Path | None,
        progress: Any,
        full: bool,
    ) -> Candidate:
        self.trained.append((base, full))
        target = model_path(settings, composed)
        target.write_bytes(b"candidate")
        return Candidate(target, f"fine-tuned from {base.name}" if base else "full training", 3.0)

    def score(
        self,
        settings: Settings,
        composed: ComposedProject,
        models: list[Path],
        files: list[Path],
        progress: Any,
    ) -> dict[tuple[Path, Path], dict[str, Any]]:
        self.scored += [(model.name, path.name) for model in models for path in files]
        return {
            (model, path): self.scores[
                "current" if model.name == "nrwbot-current.tar.gz" else "candidate"
            ]
            for model in models
            for path in files
        }


def _release_current(project: Project) -> Path:
    current = project.settings.models_dir / "nrwbot-current.tar.gz"
    current.write_bytes(b"current")
    releases.release(project.settings.models_dir, current)
    return current


def test_a_not_worse_candidate_is_fine_tuned_scored_and_released(project: Project) -> None:
    current = _release_current(project)
    project.settings.last_export_file.parent.mkdir(parents=True, exist_ok=True)
    project.settings.last_export_file.write_text("version: '3.1'\nnlu: []\n")
    fake = FakeModels({"current": figures(), "candidate": figures(0.896, 0.879)})
    progress = Recorder()
    outcome = retrain(project, progress, trainer=fake.train, scorer=fake.score)
    assert fake.trained == [(current, False)]
    assert progress.phases == [1, 2, 3, 4]
    candidate = outcome.candidate.model
    assert {name for name, _ in fake.scored} == {candidate.name, current.name}
    assert {path for _, path in fake.scored} == {"heldout.yml", "nlu-last-export.yml"}
    assert [c.name for c in outcome.comparisons] == ["held-out set", "examples of the last export"]
    assert outcome.released is not None and outcome.released.model == candidate.name
    assert releases.current(project.settings.models_dir).model == candidate.name
    summary = outcome.summary()
    assert "accuracy 0.9000 → 0.8960" in summary and f"released {candidate.name}" in summary


def test_a_worse_candidate_is_kept_back_and_says_why(project: Project) -> None:
    _release_current(project)
    fake = FakeModels({"current": figures(), "candidate": figures(0.95, 0.87)})
    outcome = retrain(project, Recorder(), trainer=fake.train, scorer=fake.score)
    assert outcome.released is None and not outcome.verdict.release
    assert outcome.verdict.worse == ("intent_macro_f1",)
    assert releases.current(project.settings.models_dir).model == "nrwbot-current.tar.gz"
    assert "not released: held-out macro-F1 0.8700 is below the current" in outcome.summary()
    assert [c.name for c in outcome.comparisons] == ["held-out set"]  # no export yet


def test_no_release_only_compares(project: Project) -> None:
    fake = FakeModels({"candidate": figures()})
    outcome = retrain(
        project, Recorder(), release=False, full=True, trainer=fake.train, scorer=fake.score
    )
    assert fake.trained == [(None, True)]  # no model yet: nothing to fine-tune
    assert outcome.verdict.release and outcome.released is None
    assert releases.current(project.settings.models_dir) is None


def test_unchanged_inputs_train_nothing(project: Project) -> None:
    composed = project.compose()
    model = model_path(project.settings, composed)
    model.write_bytes(b"model")
    releases.release(project.settings.models_dir, model)
    fake = FakeModels({})
    outcome = retrain(project, Recorder(), trainer=fake.train, scorer=fake.score)
    assert not fake.trained and outcome.candidate is None and outcome.released is None
    assert "have not changed" in outcome.verdict.reasons[0]


def test_only_one_retraining_at_a_time(project: Project) -> None:
    fake = FakeModels({"candidate": figures()})
    with retraining_lock(project.settings.var_dir):
        with pytest.raises(RetrainingBusy, match="Another retraining"):
            retrain(project, Recorder(), trainer=fake.train, scorer=fake.score)
    assert not fake.trained


def test_the_candidate_is_fine_tuned_and_falls_back_to_a_full_training(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    composed = project.compose()
    target = model_path(project.settings, composed)
    base = _release_current(project)
    commands: list[list[str]] = []

    def fake_run(command: list[str], cwd: Path, on_line: Any) -> int:
        commands.append(command)
        if "--finetune" in command:
            on_line("InvalidConfigException: the domain changed")
            return 1
        target.write_bytes(b"model")
        return 0

    monkeypatch.setattr(retraining, "run_streaming", fake_run)
    monkeypatch.setattr(retraining, "prepare_training", lambda settings: None)
    progress = Recorder()
    candidate = train_candidate(project.settings, composed, base, progress)
    finetune, full = commands
    at = finetune.index("--finetune")
    assert finetune[at : at + 4] == ["--finetune", str(base), "--epoch-fraction", "0.25"]
    assert "--finetune" not in full
    assert full[full.index("--fixed-model-name") + 1] == target.name.removesuffix(".tar.gz")
    assert candidate.model == target and candidate.method == "full training"
    assert any("training from scratch" in line for line in progress.lines)
    assert train_candidate(project.settings, composed, base, progress).method == "existing model"


def test_rasa_output_arrives_line_by_line_progress_bars_too(tmp_path: Path) -> None:
    lines: list[str] = []
    script = "import sys; sys.stdout.write('a\\n 10%|x\\r 20%|xx\\r'); sys.stderr.write('end')"
    assert run_streaming([sys.executable, "-c", script], tmp_path, lines.append) == 0
    assert lines == ["a", " 10%|x", " 20%|xx", "end"]


def test_the_terminal_shows_progress_bars_in_steps(capsys: pytest.CaptureFixture[str]) -> None:
    progress = TerminalProgress()
    progress.phase(2, "Training the candidate")
    for percent in (0, 5, 10, 10, 15, 20, 100):
        progress.line(f"Epochs: {percent:3d}%|")
    progress.line("Starting to train component 'DIETClassifier'.")
    out, err = capsys.readouterr()
    assert out == "[2/4] Training the candidate\n"
    assert [line.split()[1] for line in err.splitlines()[:-1]] == ["0%|", "10%|", "20%|", "100%|"]


def test_a_failed_retraining_is_recorded(tmp_path: Path) -> None:
    log = AuditLog(create_engine(f"sqlite:///{tmp_path / 'admin.db'}"))

    def failing(project: object, progress: Any, full: bool = False) -> None:
        raise NRWbotError("Training failed (exit code 1)")

    retrainer = Retrainer(lambda: None, tmp_path, log, failing)  # type: ignore[arg-type]
    assert retrainer.start("plattform")
    retrainer.wait(10)
    state = retrainer.state()
    assert not state.running and state.error == "Training failed (exit code 1)"
    assert [(e.action, e.detail) for e in log.entries()] == [
        ("retrain_failed", "Training failed (exit code 1)"),
        ("retrain_started", "fine-tuning if possible"),
    ]


def test_both_models_are_scored_on_both_files_in_one_process(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands: list[list[str]] = []

    def fake_run(command: list[str], cwd: Path, on_line: Any) -> int:
        commands.append(command)
        for at in [i for i, part in enumerate(command) if part == "--job"]:
            model, _file, out = command[at + 1 : at + 4]
            Path(out).mkdir(parents=True)
            right = "candidate" in model
            row = {
                "text": "hallo",
                "intent": "greet",
                "intent_prediction": {"name": "greet" if right else "bye", "confidence": 0.9},
            }
            (Path(out) / "intent_successes.json").write_text(json.dumps([row]))
            (Path(out) / "intent_report.json").write_text("{}")
        return 0

    monkeypatch.setattr(retraining, "run_streaming", fake_run)
    models = [tmp_path / "candidate.tar.gz", tmp_path / "current.tar.gz"]
    files = [tmp_path / "heldout.yml", tmp_path / "new.yml"]
    for number, path in enumerate(files):
        path.write_text(f"# examples {number}\n")
    scores = retraining.score(project.settings, project.compose(), models, files, Recorder())
    (command,) = commands
    assert command[1:3] == ["-m", "nrwbot.nlu_scoring"] and command.count("--job") == 4
    expected = {
        (models[0], files[0]): 1.0,
        (models[0], files[1]): 1.0,
        (models[1], files[0]): 0.0,
        (models[1], files[1]): 0.0,
    }
    assert {key: s["intent_accuracy"] for key, s in scores.items()} == expected

    # The next retraining scores only what it has not scored: here the changed export file.
    files[1].write_text("# examples of the next export\n")
    again = retraining.score(project.settings, project.compose(), models, files, Recorder())
    assert len(commands) == 2 and commands[1].count("--job") == 2
    assert {m.name for m in map(Path, commands[1][commands[1].index("--job") + 1 :: 4])} == {
        "candidate.tar.gz",
        "current.tar.gz",
    }
    assert {key: s["intent_accuracy"] for key, s in again.items()} == expected
    # A changed fallback threshold (config.yml) changes the figures: scored again.
    config = project.settings.root / "config.yml"
    config.write_text(config.read_text() + "\n# threshold changed\n")
    retraining.score(project.settings, project.compose(), models, files[:1], Recorder())
    assert commands[2].count("--job") == 2
