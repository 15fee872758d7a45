"""`nrwbot expert new`: the scaffold is valid at once, and (integration) trains and answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nrwbot.compose import compose
from nrwbot.errors import ManifestError
from nrwbot.experts import discover_experts
from nrwbot.scaffold import scaffold_expert
from tests.factories import copy_project, make_project
from tests.harness import free_port, load_bot, start_action_server, stop


def test_scaffolded_expert_composes_and_is_enabled(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    tenant_file = settings.tenants_dir / "beispiel.yml"
    tenant_file.write_text("# Kommentar bleibt\n" + tenant_file.read_text())
    folder = scaffold_expert(settings, "demo", enable_for="beispiel")
    assert {p.name for p in folder.iterdir()} >= {
        "expert.yml",
        "domain.yml",
        "data",
        "tests",
        "README.md",
    }
    project = compose(settings, list(discover_experts(settings.domains_dir).values()))
    assert project.experts == ("demo",)
    assert (project.tests / "demo" / "test_conversations.yml").exists()
    text = tenant_file.read_text()
    assert text.startswith("# Kommentar bleibt")
    assert yaml.safe_load(text)["experts"] == {
        "demo": {"backend_url": "https://demo.invalid/api/v1", "zustaendige_stelle": "Bürgerbüro"}
    }
    assert "Basis-URL Ihrer Fachanwendung eintragen" in text


def test_scaffold_refuses_bad_names_and_existing_folders(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    with pytest.raises(ManifestError, match="lower case"):
        scaffold_expert(settings, "Demo-Modul", enable_for=None)
    scaffold_expert(settings, "demo", enable_for=None)
    with pytest.raises(ManifestError, match="already exists"):
        scaffold_expert(settings, "demo", enable_for=None)


def _project_env(root: Path) -> dict[str, str]:
    env = {**os.environ, "NRWBOT_HOME": str(root), "PYTHONPATH": str(root)}
    env.pop("NRWBOT_TENANTS_DIR", None)
    return env


def _pytest(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    return subprocess.run(
        command, cwd=root, env=_project_env(root), capture_output=True, text=True, timeout=600
    )


def test_a_new_expert_passes_its_tests_and_the_conformance_suite(tmp_path: Path) -> None:
    copy_project(tmp_path, spacy=False)
    cli = [sys.executable, "-m", "nrwbot.cli", "expert", "new", "sperrmuell"]
    subprocess.run(cli, cwd=tmp_path, env=_project_env(tmp_path), check=True, capture_output=True)
    folder = tmp_path / "domains" / "sperrmuell"

    # Lint of the new code: the walkthrough in docs/adding-an-expert.md runs it (tests/test_docs.py).
    result = _pytest(
        tmp_path,
        "-rA",  # lists every passed test by id
        "domains/sperrmuell",
        "tests/test_layout.py::test_every_expert_runs_the_conformance_suite",
    )
    assert result.returncode == 0, result.stdout[-3000:]
    passed = int(re.search(r"(\d+) passed", result.stdout).group(1))  # type: ignore[union-attr]
    assert passed >= 23 and "test_conformance.py::TestConformance::" in result.stdout

    # The suite is no formality: an outage answer the domain lacks fails it.
    domain = folder / "domain.yml"
    domain.write_text(
        domain.read_text().replace("utter_sperrmuell_nicht_erreichbar:", "utter_sperrmuell_x:")
    )
    broken = _pytest(
        tmp_path, "domains/sperrmuell/tests/test_conformance.py", "-k", "backend_answer_its_failure"
    )
    assert (
        broken.returncode == 1
        and "utter_sperrmuell_nicht_erreichbar is not declared" in broken.stdout
    )


@pytest.mark.integration
async def test_new_expert_trains_and_answers_without_core_edits(tmp_path: Path) -> None:
    copy_project(tmp_path)
    env = {**os.environ, "NRWBOT_HOME": str(tmp_path), "RASA_TELEMETRY_ENABLED": "false"}
    env.pop("NRWBOT_TENANTS_DIR", None)
    cli = [sys.executable, "-m", "nrwbot.cli"]
    subprocess.run([*cli, "expert", "new", "demo"], cwd=tmp_path, env=env, check=True)
    core_before = {p: p.read_bytes() for p in (tmp_path / "bot").rglob("*") if p.is_file()}
    subprocess.run([*cli, "train"], cwd=tmp_path, env=env, check=True, capture_output=True)
    assert core_before == {p: p.read_bytes() for p in (tmp_path / "bot").rglob("*") if p.is_file()}

    port = free_port()
    actions = start_action_server(port, tmp_path / "actions.log", root=tmp_path)
    try:
        model = next((tmp_path / "models").glob("nrwbot-*.tar.gz"))
        agent = (await load_bot(model, f"http://127.0.0.1:{port}/webhook")).agent
        parsed = await agent.parse_message("Ich habe eine Frage zu demo")
        assert parsed["intent"]["name"] == "demo_frage"
        replies = [
            "\n".join(m.get("text", "") for m in await agent.handle_text(text, sender_id="demo"))
            for text in ("Ich habe eine Frage zu demo", "wie weit ist mein vorgang", "AB-1234")
        ]
    finally:
        stop(actions)
    assert "Jägerken" in replies[0] and "Hier antwortet das Modul Demo." in replies[0]
    assert "Vorgangsnummer" in replies[1]
    # The scaffold's backend URL is unconfigured: the outage answer with the tenant's contact.
    assert "nicht erreichbar" in replies[2] and "02921 103-0" in replies[2], replies[2]
