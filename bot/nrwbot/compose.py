"""Composes core + enabled experts into one Rasa project under `build/project/`.

Rasa 3.6 takes one domain path, so the composer copies the core domain and every enabled expert's
domain into one folder (Rasa merges a domain folder recursively), and data and conversation tests
likewise. Adding an expert therefore touches no core file. The composer refuses, with a sentence
naming the expert, anything that would make the merged project ambiguous.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from nrwbot.errors import CompositionError
from nrwbot.experts import Expert
from nrwbot.settings import Settings
from nrwbot.yamlio import read_yaml

KINDS = ("intents", "actions", "responses", "slots", "forms")
FINGERPRINT_EXTRA_FILES = ("config.yml",)
# Versions that change what training produces; other dependencies do not trigger a retraining.
FINGERPRINT_PACKAGES = ("rasa", "tensorflow", "spacy", "spacy-lookups-data")


@dataclass(frozen=True)
class ComposedProject:
    """Paths of the composed Rasa project and the fingerprint of everything training reads."""

    root: Path
    experts: tuple[str, ...]
    fingerprint: str

    @property
    def domain(self) -> Path:
        return self.root / "domain"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def tests(self) -> Path:
        return self.root / "tests"


def _names(entries: Any) -> set[str]:
    if isinstance(entries, dict):
        return {str(key) for key in entries}
    if isinstance(entries, list):
        names: set[str] = set()
        for entry in entries:
            names.update(entry.keys() if isinstance(entry, dict) else [str(entry)])
        return names
    return set()


def declared_names(domain_files: Iterable[Path]) -> dict[str, set[str]]:
    """What a set of domain files declares, per kind."""
    declared: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for path in domain_files:
        content = read_yaml(path) or {}
        for kind in KINDS:
            declared[kind] |= _names(content.get(kind))
    return declared


def _allowed_prefixes(expert: Expert) -> dict[str, tuple[str, ...]]:
    p = expert.intent_prefix
    return {
        "intents": (f"{p}_",),
        "actions": (f"action_{p}_", f"validate_{p}_"),
        "responses": (f"utter_{p}_", f"utter_ask_{p}_"),
        "slots": (f"{p}_",),
        "forms": (f"{p}_",),
    }


def check_expert_names(expert: Expert, declared: dict[str, set[str]]) -> None:
    """Every name an expert declares must carry its prefix (forms also end in `_form`)."""
    for kind, prefixes in _allowed_prefixes(expert).items():
        for name in sorted(declared[kind]):
            if not name.startswith(prefixes) or (kind == "forms" and not name.endswith("_form")):
                wanted = " or ".join(f"'{prefix}…'" for prefix in prefixes)
                raise CompositionError(
                    f"Expert '{expert.name}': {kind[:-1]} '{name}' must start with {wanted}"
                    + (" and end with '_form'" if kind == "forms" else "")
                )


def _nlu_intents(data_files: Iterable[Path]) -> set[str]:
    intents = set()
    for path in data_files:
        for block in (read_yaml(path) or {}).get("nlu") or []:
            if isinstance(block, dict) and "intent" in block:
                intents.add(str(block["intent"]))
    return intents


def check_expert_data(expert: Expert, core_intents: set[str]) -> None:
    """Expert NLU data may add examples to core intents (e.g. inform) but defines only its own."""
    for intent in sorted(_nlu_intents(expert.data_files)):
        if intent not in core_intents and not expert.owns_intent(intent):
            raise CompositionError(
                f"Expert '{expert.name}': NLU intent '{intent}' lacks the prefix "
                f"'{expert.intent_prefix}_' and is no core intent"
            )


def form_slots(domain_files: Iterable[Path]) -> set[str]:
    """Every slot that a form in these domain files asks the citizen for."""
    slots: set[str] = set()
    for path in domain_files:
        for form in ((read_yaml(path) or {}).get("forms") or {}).values():
            slots.update(str(slot) for slot in (form or {}).get("required_slots") or [])
    return slots


def check_form_slots_classified(expert: Expert) -> None:
    """A form slot must be declared personal or not personal, so none is stored by oversight."""
    known = set(expert.personal_slots) | set(expert.not_personal_slots)
    for slot in sorted(form_slots(expert.domain_files) - known):
        raise CompositionError(
            f"Expert '{expert.name}': form slot '{slot}' is neither in personal_data.slots nor "
            "in personal_data.not_personal_slots of expert.yml; say whether it holds personal "
            "data (it is then stored only encrypted)"
        )


def check_collisions(owners: dict[str, dict[str, set[str]]]) -> None:
    """No intent, action, response, slot or form may be declared by two owners."""
    seen: dict[tuple[str, str], str] = {}
    for owner, declared in owners.items():
        for kind in KINDS:
            for name in declared[kind]:
                other = seen.setdefault((kind, name), owner)
                if other != owner:
                    raise CompositionError(
                        f"Name collision: {kind[:-1]} '{name}' is declared by both "
                        f"'{other}' and '{owner}'"
                    )


def _copy(files: Iterable[Path], source_root: Path, target: Path) -> None:
    for path in files:
        destination = target / path.relative_to(source_root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def _fingerprint(project: Path, settings: Settings) -> str:
    digest = hashlib.sha256()
    inputs = sorted(
        p for p in project.rglob("*") if p.is_file() and p.relative_to(project).parts[0] != "tests"
    )
    for path in inputs:
        digest.update(str(path.relative_to(project)).encode())
        digest.update(path.read_bytes())
    extras = [settings.root / name for name in FINGERPRINT_EXTRA_FILES]
    extras.append(settings.spacy_pipeline_dir / "meta.json")
    for path in (p for p in extras if p.exists()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in FINGERPRINT_PACKAGES:
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return digest.hexdigest()[:16]


def check_composition(settings: Settings, experts: list[Expert]) -> None:
    """Everything `compose` refuses, checked without writing anything.

    Raises:
        CompositionError: on an invalid expert or a name collision.
    """
    owners = {"core": declared_names([settings.root / "bot" / "domain.yml"])}
    for expert in experts:
        declared = declared_names(expert.domain_files)
        check_expert_names(expert, declared)
        check_expert_data(expert, owners["core"]["intents"])
        check_form_slots_classified(expert)
        owners[expert.name] = declared
    check_collisions(owners)


def compose(settings: Settings, experts: list[Expert]) -> ComposedProject:
    """Validates core + the given experts and writes the combined project.

    Raises:
        CompositionError: on an invalid expert or a name collision.
    """
    check_composition(settings, experts)
    core = settings.root / "bot"
    core_domain = [core / "domain.yml"]

    out = settings.project_dir
    if out.exists():
        shutil.rmtree(out)
    _copy(core_domain, core, out / "domain" / "core")
    _copy(sorted((core / "data").rglob("*.yml")), core / "data", out / "data" / "core")
    _copy(sorted((core / "tests").glob("test_*.yml")), core / "tests", out / "tests" / "core")
    for expert in experts:
        _copy(expert.domain_files, expert.path, out / "domain" / expert.name)
        _copy(expert.data_files, expert.path / "data", out / "data" / expert.name)
        _copy(expert.conversation_test_files, expert.path / "tests", out / "tests" / expert.name)
    return ComposedProject(
        root=out,
        experts=tuple(e.name for e in experts),
        fingerprint=_fingerprint(out, settings),
    )
