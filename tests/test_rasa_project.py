"""`rasa data validate` on the composed project and Rasa's conversation tests of core + experts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nrwbot.project import load_project
from nrwbot.training import rasa_environment
from tests.factories import ROOT

pytestmark = pytest.mark.integration


def test_composed_project_passes_rasa_data_validate() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "nrwbot.cli", "validate"],
        cwd=ROOT,
        env=rasa_environment(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_conversation_tests_of_core_and_experts_pass(trained_model: Path, tmp_path: Path) -> None:
    project = load_project().compose()
    stories = sorted(project.tests.rglob("test_*.yml"))
    assert stories, "no conversation tests found"
    out = tmp_path / "results"
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--stories", str(project.tests),
         "--model", str(trained_model), "--out", str(out), "--no-plot"],
        cwd=ROOT, env=rasa_environment(), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    failed = yaml.safe_load((out / "failed_test_stories.yml").read_text()) or {}
    names = [story["story"] for story in failed.get("stories") or []]
    assert not names, (
        f"failed conversation tests: {names}\n{(out / 'failed_test_stories.yml').read_text()[:4000]}"
    )
