"""`nrwbot expert new`: the scaffold is valid at once, and (integration) trains and answers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nrwbot.compose import compose
from nrwbot.errors import ManifestError
from nrwbot.experts import discover_experts
from nrwbot.scaffold import scaffold_expert
from tests.factories import ROOT, make_project
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
    assert text.startswith("# Kommentar bleibt") and yaml.safe_load(text)["experts"] == {"demo": {}}


def test_scaffold_refuses_bad_names_and_existing_folders(tmp_path: Path) -> None:
    settings = make_project(tmp_path)
    with pytest.raises(ManifestError, match="lower case"):
        scaffold_expert(settings, "Demo-Modul", enable_for=None)
    scaffold_expert(settings, "demo", enable_for=None)
    with pytest.raises(ManifestError, match="already exists"):
        scaffold_expert(settings, "demo", enable_for=None)


def _copy_project(target: Path) -> None:
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not name.startswith("domains/"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)
    (target / "domains").mkdir(exist_ok=True)
    (target / "domains" / "__init__.py").touch()
    shutil.copytree(ROOT / "build" / "spacy", target / "build" / "spacy")
    for tenant in (target / "tenants").glob("*.yml"):
        data = yaml.safe_load(tenant.read_text())
        data["experts"] = {}
        tenant.write_text(yaml.safe_dump(data, allow_unicode=True))


@pytest.mark.integration
async def test_new_expert_trains_and_answers_without_core_edits(tmp_path: Path) -> None:
    _copy_project(tmp_path)
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
        messages = await agent.handle_text("Ich habe eine Frage zu demo", sender_id="demo-test")
    finally:
        stop(actions)
    reply = "\n".join(m.get("text", "") for m in messages)
    assert "Jägerken" in reply and "Hier antwortet das Modul Demo." in reply
