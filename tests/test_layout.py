"""Cross-cutting checks: core never names an expert, every contract intent has training data."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from nrwbot.compose import declared_names
from nrwbot.experts import discover_experts
from nrwbot.project import load_project
from nrwbot.testing.nlu_data import nlu_examples, nlu_pairs
from tests.factories import ROOT

CORE_PLACES = ["bot", "actions", "connectors", "config.yml", "endpoints.yml", "credentials.yml"]
CONTRACT = ROOT / "docs" / "nlu-contract.md"
DEV_SET_FINGERPRINTS = ROOT / "tests" / "nlu" / "dev-set.sha256"


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
    return {intent: len(examples) for intent, examples in nlu_examples(files).items()}


# `inform` carries the answers to the experts' questions, so its examples live in the experts.
EXPERT_FED_CORE_INTENTS = {"inform"}


def test_every_core_intent_has_varied_examples() -> None:
    core_intents = declared_names([ROOT / "bot" / "domain.yml"])["intents"]
    counts = _examples_per_intent(sorted((ROOT / "bot" / "data").rglob("*.yml")))
    with_experts = _examples_per_intent(
        [p for e in load_project().enabled_experts for p in e.data_files]
    )
    for intent in core_intents:
        found = counts.get(intent, 0)
        if intent in EXPERT_FED_CORE_INTENTS:
            found += with_experts.get(intent, 0)
        assert found >= 40, f"core intent {intent} has {found} examples"


def _declared(files: list[Path], kind: str) -> set[str]:
    names: set[str] = set()
    for path in files:
        entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(kind) or []
        names |= set(entries) if isinstance(entries, dict) else {str(e) for e in entries}
    return names


def test_no_core_file_declares_or_annotates_what_an_expert_owns() -> None:
    core_domain = [ROOT / "bot" / "domain.yml"]
    core_data = sorted((ROOT / "bot" / "data").rglob("*.yml"))
    for expert in discover_experts(ROOT / "domains").values():
        for kind in ("entities", "slots", "intents"):
            owned = _declared(expert.domain_files, kind)
            clash = owned & _declared(core_domain, kind)
            assert not clash, f"bot/domain.yml declares {kind} of {expert.name}: {sorted(clash)}"
        for entity in _declared(expert.domain_files, "entities"):
            for path in core_data:
                assert f"]({entity})" not in path.read_text(encoding="utf-8"), (
                    f"{path} annotates {expert.name}'s entity {entity}"
                )


def test_every_enabled_expert_intent_has_examples() -> None:
    project = load_project()
    for expert in project.enabled_experts:
        counts = _examples_per_intent(expert.data_files)
        for intent in declared_names(expert.domain_files)["intents"]:
            assert counts.get(intent, 0) >= 40, f"{expert.name}: {intent} has too few examples"


def _contract_intents(section: str) -> set[str]:
    return set(re.findall(r"^\| (\w+) \|", section, re.MULTILINE)) - {"intent", "entity"}


def test_core_contract_intents_are_declared() -> None:
    contract = CONTRACT.read_text(encoding="utf-8")
    core_section = contract.split("## Core")[1].split("## Expert")[0]
    contract_intents = _contract_intents(core_section)
    assert contract_intents, "no core intents parsed from the NLU contract"
    assert contract_intents <= declared_names([ROOT / "bot" / "domain.yml"])["intents"]


def test_expert_contract_intents_are_declared_by_their_expert() -> None:
    contract = CONTRACT.read_text(encoding="utf-8")
    experts = discover_experts(ROOT / "domains")
    for section in contract.split("## Expert ")[1:]:
        name = section.split()[0]
        assert name in experts, f"the NLU contract names an expert {name!r} that does not exist"
        expected = _contract_intents(section.split("## ")[0])
        assert expected, f"no intents parsed for expert {name} from the NLU contract"
        assert expected <= declared_names(experts[name].domain_files)["intents"]


def test_generated_files_are_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text().split()
    for entry in (".venv/", "build/", "models/", "var/"):
        assert entry in ignored


def _utterances(path: Path) -> set[str]:
    def plain(text: str) -> str:
        text = re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", text)
        return text.strip().lower()

    return {plain(text) for _, text in nlu_pairs(path)}


def training_data_files(root: Path = ROOT) -> list[Path]:
    """Every NLU file training reads, the reviewed ones of the admin export included."""
    files = sorted((root / "bot" / "data").rglob("*.yml"))
    return files + sorted((root / "domains").glob("*/data/**/*.yml"))


def test_training_data_shares_no_utterance_with_the_dev_set() -> None:
    # The dev set itself is not in the repository; its fingerprints are (scripts/fingerprint-eval-set.py).
    lines = DEV_SET_FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    dev = {line for line in lines if line and not line.startswith("#")}
    assert len(dev) > 100, "the dev-set fingerprint file is unexpectedly small"
    for path in training_data_files():
        digests = {hashlib.sha256(text.encode()).hexdigest(): text for text in _utterances(path)}
        overlap = [digests[d] for d in digests.keys() & dev]
        assert not overlap, f"{path} trains on evaluation utterances: {sorted(overlap)[:5]}"


def test_experts_read_core_slots_through_the_exported_names() -> None:
    core_slots = _declared([ROOT / "bot" / "domain.yml"], "slots")
    for path in sorted((ROOT / "domains").glob("*/**/*.py")):
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for slot in core_slots:
            assert f'get_slot("{slot}")' not in text, (
                f"{path} reads core slot {slot!r} by literal; use nrwbot.conversation's constant"
            )


def test_core_modules_import_without_cycles() -> None:
    import ast

    package = ROOT / "bot" / "nrwbot"
    imports: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            node.module.removeprefix("nrwbot.")
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nrwbot.")
        }
        imports[path.stem] = names

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for name in imports.get(start, set()):
            if name == target or (name not in seen and reaches(name, target, seen | {name})):
                return True
        return False

    cycles = sorted(m for m in imports if reaches(m, m, {m}))
    assert not cycles, (
        f"modules in an import cycle (also through imports inside functions): {cycles}"
    )


def test_the_ai_disclosure_and_channel_texts_have_one_wording_in_the_domain() -> None:
    sources = [p for place in ("bot", "actions", "connectors") for p in (ROOT / place).rglob("*")]
    code = [p for p in sources if p.suffix in {".py", ".js"} and "tests" not in p.parts]
    for path in code:
        text = path.read_text(encoding="utf-8")
        for phrase in ("automatisiertes Programm", "kein Mensch", "Bitte warten Sie", "zu lang"):
            assert phrase not in text, f"{path} words a citizen text itself: {phrase!r}"


def test_every_expert_runs_the_conformance_suite() -> None:
    import importlib

    from nrwbot.testing.conformance import ExpertConformance

    for expert in discover_experts(ROOT / "domains").values():
        module = importlib.import_module(f"domains.{expert.name}.tests.test_conformance")
        suites = [
            value
            for name, value in vars(module).items()
            if name.startswith("Test")
            and isinstance(value, type)
            and issubclass(value, ExpertConformance)
        ]
        assert [suite.expert_dir for suite in suites] == [expert.path], expert.name


GERMAN_VERB_PREFIX = re.compile(
    r"^\s*(?:async\s+)?def\s+((?:sage|zeige|berechne|ist|pruefe|hole|sende|erzeuge|baue|setze|"
    r"finde|waehle|mache|melde|suche|erfasse|lies|gib)_\w+)",
    re.MULTILINE,
)


def test_identifiers_follow_the_naming_rule() -> None:
    """CONTRIBUTING.md: German domain nouns, English verbs; module names mean the same everywhere."""
    folders = ("bot", "actions", "connectors", "domains", "backend", "admin", "portal")
    code = [path for folder in folders for path in (ROOT / folder).rglob("*.py")]
    german_verbs = {
        f"{p.relative_to(ROOT)}:{name}"
        for p in code
        for name in GERMAN_VERB_PREFIX.findall(p.read_text())
    }
    assert not german_verbs
    assert not list((ROOT / "domains").glob("*/answers.py")), (
        "inputs.py or replies.py, see CONTRIBUTING.md"
    )
