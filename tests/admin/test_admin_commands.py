"""`nrwbot admin export [--write]`, `nrwbot retrain`, and their audit log entries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import admin.cli
from admin.annotations import AnnotationStore
from admin.audit import AuditLog
from admin.conversations import Message
from admin.db import create_engine
from admin.settings import AdminSettings
from nrwbot import retraining
from nrwbot.cli import build_parser, main
from nrwbot.model_comparison import compare, decide
from nrwbot.retraining import Candidate, Outcome
from tests.admin.conftest import SECRET
from tests.admin.review_project import make_review_project
from tests.factories import settings_for

HELDOUT = {
    "examples": 905,
    "intent_accuracy": 0.9,
    "intent_macro_f1": 0.88,
    "out_of_scope_precision": 0.8,
    "out_of_scope_recall": 0.7,
    "per_intent_f1": {"greet": 0.9},
}


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AdminSettings:
    root = make_review_project(tmp_path / "project")
    monkeypatch.setenv("NRWBOT_VAR_DIR", str(tmp_path / "var"))
    admin_settings = AdminSettings(
        nrwbot=settings_for(root),
        accounts_path=tmp_path / "accounts.yml",
        database_url=f"sqlite:///{tmp_path / 'admin.db'}",
        secret=SECRET,
    )
    monkeypatch.setattr(admin.cli, "_settings", lambda nrwbot=None: admin_settings)
    return admin_settings


def _entries(settings: AdminSettings) -> list[tuple[str, str, str]]:
    log = AuditLog(create_engine(settings.database_url))
    return [(e.account, e.action, e.detail) for e in log.entries()]


def test_export_prints_the_diff_and_writes_only_when_asked(
    settings: AdminSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    store = AnnotationStore(create_engine(settings.database_url))
    for number, (text, intent) in enumerate(
        [("wo gebe ich einen Fund ab", "fund_abgabe"), ("hallo ersma", "greet")]
    ):
        message = Message(f"c{number}", 0, 0.0, text, "greet", 0.3, (), "soest")
        store.save([(message, "corrected", intent, [])], "plattform")
    target = settings.nrwbot.root / "domains" / "fund" / "data" / "nlu_reviewed.yml"

    assert main(["admin", "export"]) == 0
    out = capsys.readouterr().out
    assert "+++ b/domains/fund/data/nlu_reviewed.yml" in out
    assert "+    - wo gebe ich einen Fund ab" in out
    assert "skipped annotation 2: 'hallo ersma' is in the held-out set" in out
    assert "Nothing written" in out and not target.exists()

    assert main(["admin", "export", "--write"]) == 0
    assert "Wrote domains/fund/data/nlu_reviewed.yml" in capsys.readouterr().out
    assert "- wo gebe ich einen Fund ab" in target.read_text()
    assert settings.nrwbot.last_export_file.exists()
    ((account, action, detail),) = _entries(settings)
    assert (account, action) == ("cli", "exported") and "wo gebe" not in detail

    assert main(["admin", "export"]) == 0
    assert "No new examples to export." in capsys.readouterr().out


def test_the_parser_knows_export_and_retrain() -> None:
    parser = build_parser()
    export = parser.parse_args(["admin", "export", "--write"])
    assert export.func.__name__ == "_cmd_admin_export" and export.write
    retrain = parser.parse_args(["retrain", "--full", "--no-release", "--epoch-fraction", "0.5"])
    assert retrain.func.__name__ == "_cmd_retrain" and retrain.full and retrain.no_release
    assert retrain.epoch_fraction == 0.5


def test_retrain_prints_the_table_and_records_the_outcome(
    settings: AdminSettings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    worse = {**HELDOUT, "intent_accuracy": 0.85}
    heldout = compare("held-out set", worse, HELDOUT)
    candidate = Candidate(tmp_path / "nrwbot-new.tar.gz", "fine-tuned from nrwbot-old.tar.gz", 80)

    def fake_retrain(project: Any, progress: Any, **options: Any) -> Outcome:
        assert (options["full"], options["release"]) == (False, True)
        assert options["trainer"] is retraining.train_candidate
        progress.phase(1, "Composing the project")
        return Outcome(candidate, tmp_path / "nrwbot-old.tar.gz", (heldout,), decide(heldout), None)

    monkeypatch.setattr(retraining, "retrain", fake_retrain)
    monkeypatch.setattr("nrwbot.cli.load_project", lambda: None)
    assert main(["retrain"]) == 0
    out = capsys.readouterr().out
    assert "[1/4] Composing the project" in out
    assert "held-out set (905 examples)" in out and "-0.0500" in out
    assert "Kept nrwbot-old.tar.gz: held-out accuracy 0.8500 is below the current" in out
    actions = [(account, action) for account, action, _ in _entries(settings)]
    assert actions == [("cli", "retrained"), ("cli", "retrain_started")]
    assert "not released" in _entries(settings)[0][2]
