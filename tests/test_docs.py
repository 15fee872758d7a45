"""The configuration docs stay in step with the code they describe."""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

from nrwbot.experts import Expert
from nrwbot.tenants import Contact, Tenant
from tests.factories import ROOT, copy_project


def _documented(path: str) -> set[str]:
    return set(re.findall(r"^\| `(\w+)` \|", (ROOT / path).read_text(), re.MULTILINE))


def test_manifest_fields_are_documented() -> None:
    fields = {f.name for f in dataclasses.fields(Expert)} - {"path"}
    personal = {"personal_slots", "personal_entities", "not_personal_slots"}
    fields = (fields - personal) | {"personal_data"}
    assert fields == _documented("docs/adding-an-expert.md")


def test_tenant_fields_are_documented() -> None:
    assert set(Tenant.__fields__) == _documented("docs/configuration.md") & set(Tenant.__fields__)
    text = (ROOT / "docs" / "configuration.md").read_text()
    assert all(f"`{name}`" in text for name in Contact.__fields__)


def test_every_environment_variable_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "nrwbot").glob("*.py"))
    used = set(re.findall(r"\"(NRWBOT_[A-Z_]+)\"", source))
    example = (ROOT / ".env.example").read_text()
    docs = (ROOT / "docs" / "configuration.md").read_text()
    for name in used:
        assert f"{name}=" in example, f"{name} missing in .env.example"
        assert f"`{name}`" in docs, f"{name} missing in docs/configuration.md"


def test_security_and_privacy_docs_cite_only_existing_tests_and_files() -> None:
    for doc in ("docs/security.md", "docs/privacy.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        cited = set(re.findall(r"`((?:tests|bot|connectors|backend|admin)/[\w/.-]+\.\w+)`", text))
        assert cited, f"{doc} cites no file"
        missing = sorted(path for path in cited if not (ROOT / path).exists())
        assert not missing, f"{doc} cites files that do not exist: {missing}"


def _walkthrough() -> str:
    text = (ROOT / "docs" / "adding-an-expert.md").read_text(encoding="utf-8")
    return text[text.index("## Walkthrough") : text.index("## The conformance suite")]


def test_the_expert_walkthrough_runs_as_written(tmp_path: Path) -> None:
    copy_project(tmp_path, spacy=False)
    env = {**os.environ, "NRWBOT_HOME": str(tmp_path), "PYTHONPATH": str(tmp_path)}
    env.pop("NRWBOT_TENANTS_DIR", None)
    venv_bin = Path(sys.executable).parent
    commands = re.findall(r"^\$ (.+)$", _walkthrough(), re.MULTILINE)
    assert commands[0] == "nrwbot expert new sperrmuell" and len(commands) >= 4
    for command in commands:
        argv = shlex.split(command)
        if argv[0] == "nrwbot":
            argv = [sys.executable, "-m", "nrwbot.cli", *argv[1:]]
        elif argv[0].startswith(".venv/bin/"):
            argv[0] = str(venv_bin / Path(argv[0]).name)
        done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"

    folder = tmp_path / "domains" / "sperrmuell"
    listing = re.search(r"```\ndomains/sperrmuell/\n(.*?)```", _walkthrough(), re.DOTALL)
    documented = {line.split()[0] for line in listing.group(1).splitlines()}  # type: ignore[union-attr]
    written = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert documented == written
    block = re.search(r"```yaml\n(.*?)```", _walkthrough(), re.DOTALL).group(1)  # type: ignore[union-attr]
    tenant = yaml.safe_load((tmp_path / "tenants" / "soest.yml").read_text(encoding="utf-8"))
    assert yaml.safe_load(textwrap.dedent(block))["experts"] == tenant["experts"]
