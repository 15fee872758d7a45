"""Cross-cutting checks: core never names an expert, every contract intent has training data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from nrwbot.compose import declared_names
from nrwbot.experts import discover_experts
from nrwbot.project import load_project
from tests.factories import ROOT

CORE_PLACES = ["bot", "actions", "connectors", "config.yml", "endpoints.yml", "credentials.yml"]
CONTRACT = ROOT.parent / "shared" / "nlu-contract.md"


def _core_files() -> list[Path]:
    files: list[Path] = []
    for place in CORE_PLACES:
        path = ROOT / place
        files += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    return [p for p in files if p.suffix in {".py", ".yml", ".yaml", ".md"}]


def test_core_never_names_an_expert() -> None:
    experts = discover_experts(ROOT / "domains")
    names = {e.name for e in experts.values()} | {f"{e.intent_prefix}_" for e in experts.values()}
    for path in _core_files():
        text = path.read_text(encoding="utf-8")
        for name in names:
            assert not re.search(rf"\b{re.escape(name)}", text), f"{path} names expert '{name}'"


def _examples_per_intent(files: list[Path]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in files:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block:
                lines = [x for x in block["examples"].splitlines() if x.strip().startswith("-")]
                counts[block["intent"]] = counts.get(block["intent"], 0) + len(lines)
    return counts


def test_every_core_intent_has_varied_examples() -> None:
    core_intents = declared_names([ROOT / "bot" / "domain.yml"])["intents"]
    counts = _examples_per_intent(sorted((ROOT / "bot" / "data").rglob("*.yml")))
    for intent in core_intents:
        assert counts.get(intent, 0) >= 40, (
            f"core intent {intent} has {counts.get(intent, 0)} examples"
        )


def test_every_enabled_expert_intent_has_examples() -> None:
    project = load_project()
    for expert in project.enabled_experts:
        counts = _examples_per_intent(expert.data_files)
        for intent in declared_names(expert.domain_files)["intents"]:
            assert counts.get(intent, 0) >= 40, f"{expert.name}: {intent} has too few examples"


def test_core_contract_intents_are_declared() -> None:
    contract = CONTRACT.read_text(encoding="utf-8")
    core_section = contract.split("## Core")[1].split("## Expert")[0]
    contract_intents = set(re.findall(r"^\| (\w+) \|", core_section, re.MULTILINE)) - {"intent"}
    assert contract_intents, "no core intents parsed from the NLU contract"
    assert contract_intents <= declared_names([ROOT / "bot" / "domain.yml"])["intents"]


def test_generated_files_are_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    for entry in (".venv/", "build/", "models/", "var/"):
        assert entry in ignored


def _utterances(path: Path) -> set[str]:
    def plain(text: str) -> str:
        text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text)
        return text.strip().lower()

    found = set()
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        if "intent" in block:
            found |= {plain(x.strip()[2:]) for x in block["examples"].splitlines() if x.strip()}
    return found


def test_training_data_shares_no_utterance_with_the_dev_set() -> None:
    dev_file = ROOT.parent / "shared" / "nlu-dev.yml"
    if not dev_file.exists():
        pytest.skip("../shared/nlu-dev.yml is not next to the project")
    dev = _utterances(dev_file)
    files = sorted((ROOT / "bot" / "data").rglob("*.yml"))
    files += sorted((ROOT / "domains").glob("*/data/**/*.yml"))
    for path in files:
        overlap = _utterances(path) & dev
        assert not overlap, f"{path} trains on evaluation utterances: {sorted(overlap)[:5]}"
