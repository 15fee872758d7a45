"""Expert plug-ins: the manifest, discovery under `domains/*/expert.yml`, and validation.

An expert is found, not registered: any folder with an `expert.yml` is one. Everything an expert
declares in its Rasa domain carries its prefix, so tooling can route by name alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nrwbot.errors import ManifestError, NRWbotError
from nrwbot.expert_settings import ExpertSettings, import_settings_model
from nrwbot.yamlio import read_yaml

MANIFEST_FILE = "expert.yml"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Expert:
    """A validated expert manifest plus where its files live.

    Attributes:
        name: folder name and Python package name, e.g. `muellabfuhr`.
        title: short German title shown to citizens, e.g. "Müllabfuhr".
        description: one German sentence on what the expert answers.
        intent_prefix: every intent, action, response, slot and form of the expert starts with it.
        version: the expert's own version string.
        actions_module: module inside the expert folder that defines its Rasa SDK actions.
        settings_model: `module:Class` of the expert's tenant settings (an `ExpertSettings`
            subclass in the expert's package); None if it needs no settings.
        personal_slots: slots holding personal data; stored only encrypted.
        personal_entities: entities that are personal data; masked in every stored user
            message, whatever its intent.
        not_personal_slots: slots the expert's forms collect that hold no personal data; every
            form slot must be in this list or in `personal_slots`.
        path: the expert's folder.
    """

    name: str
    title: str
    description: str
    intent_prefix: str
    version: str
    actions_module: str
    path: Path
    settings_model: str | None = None
    personal_slots: tuple[str, ...] = ()
    personal_entities: tuple[str, ...] = ()
    not_personal_slots: tuple[str, ...] = ()

    @property
    def domain_files(self) -> list[Path]:
        single = self.path / "domain.yml"
        folder = self.path / "domain"
        files = [single] if single.exists() else []
        return files + (sorted(folder.rglob("*.yml")) if folder.is_dir() else [])

    @property
    def data_files(self) -> list[Path]:
        folder = self.path / "data"
        return sorted(folder.rglob("*.yml")) if folder.is_dir() else []

    @property
    def conversation_test_files(self) -> list[Path]:
        folder = self.path / "tests"
        return sorted(folder.rglob("test_*.yml")) if folder.is_dir() else []

    @property
    def package(self) -> str:
        return f"domains.{self.name}"

    @property
    def python_actions_module(self) -> str:
        return f"{self.package}.{self.actions_module}"

    def settings_class(self) -> type[ExpertSettings]:
        """The model a tenant's settings for this expert are built with."""
        return import_settings_model(self.package, self.settings_model, self.name)

    def owns_intent(self, intent: str) -> bool:
        return intent.startswith(f"{self.intent_prefix}_")


def _require(data: dict[str, Any], key: str, where: Path) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: field '{key}' is missing or not a non-empty string")
    return value.strip()


def _settings_model(data: dict[str, Any], where: Path) -> str | None:
    if "settings" in data:
        raise ManifestError(
            f"{where}: 'settings' lists are replaced by 'settings_model: module:Class', a "
            "pydantic model (nrwbot.expert_settings.ExpertSettings) in the expert's package"
        )
    reference = data.get("settings_model")
    if reference is None:
        return None
    if not isinstance(reference, str) or not re.fullmatch(r"[\w.]+:\w+", reference):
        raise ManifestError(f"{where}: 'settings_model' must look like 'settings:MySettings'")
    return reference


PERSONAL_DATA_KEYS = ("slots", "entities", "not_personal_slots")


def _personal_data(raw: Any, where: Path) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {key: () for key in PERSONAL_DATA_KEYS}
    if not isinstance(raw, dict) or set(raw) - set(PERSONAL_DATA_KEYS):
        raise ManifestError(
            f"{where}: 'personal_data' must be a mapping with the lists "
            + ", ".join(f"'{key}'" for key in PERSONAL_DATA_KEYS)
        )
    lists = {}
    for key in PERSONAL_DATA_KEYS:
        values = raw.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ManifestError(f"{where}: 'personal_data.{key}' must be a list of names")
        lists[key] = tuple(values)
    both = set(lists["slots"]) & set(lists["not_personal_slots"])
    if both:
        raise ManifestError(
            f"{where}: slot '{sorted(both)[0]}' is listed both as personal and as not personal"
        )
    return lists


def load_expert(folder: Path) -> Expert:
    """Reads and checks one expert folder's manifest.

    Raises:
        ManifestError: with a sentence that names the expert and what is wrong.
    """
    manifest_path = folder / MANIFEST_FILE
    try:
        data = read_yaml(manifest_path)
    except NRWbotError as exc:
        raise ManifestError(str(exc)) from exc
    if not isinstance(data, dict):
        raise ManifestError(f"{manifest_path}: the manifest must be a YAML mapping")
    name = _require(data, "name", manifest_path)
    if name != folder.name:
        raise ManifestError(
            f"{manifest_path}: name '{name}' must equal the folder name '{folder.name}'"
        )
    if not NAME_PATTERN.match(name):
        raise ManifestError(
            f"{manifest_path}: name '{name}' must be lower case letters, digits and _ "
            "(it is used as a Python package name)"
        )
    prefix = _require(data, "intent_prefix", manifest_path)
    if not NAME_PATTERN.match(prefix):
        raise ManifestError(f"{manifest_path}: intent_prefix '{prefix}' is not a valid prefix")
    expert = Expert(
        name=name,
        title=_require(data, "title", manifest_path),
        description=_require(data, "description", manifest_path),
        intent_prefix=prefix,
        version=str(data.get("version") or "").strip() or _require(data, "version", manifest_path),
        actions_module=str(data.get("actions_module") or "actions"),
        path=folder,
        settings_model=_settings_model(data, manifest_path),
    )
    personal = _personal_data(data.get("personal_data"), manifest_path)
    expert = replace(
        expert,
        personal_slots=personal["slots"],
        personal_entities=personal["entities"],
        not_personal_slots=personal["not_personal_slots"],
    )
    for slot in personal["slots"] + personal["not_personal_slots"]:
        if not slot.startswith(f"{prefix}_"):
            raise ManifestError(
                f"Expert '{name}': personal_data names slot '{slot}' without the prefix '{prefix}_'"
            )
    if not expert.domain_files:
        raise ManifestError(f"Expert '{name}': no domain.yml (or domain/ folder) in {folder}")
    return expert


def discover_experts(domains_dir: Path) -> dict[str, Expert]:
    """Finds every expert folder under `domains_dir`, sorted by name."""
    experts: dict[str, Expert] = {}
    for manifest in sorted(domains_dir.glob(f"*/{MANIFEST_FILE}")):
        expert = load_expert(manifest.parent)
        experts[expert.name] = expert
    prefixes: dict[str, str] = {}
    for expert in experts.values():
        other = prefixes.setdefault(expert.intent_prefix, expert.name)
        if other != expert.name:
            raise ManifestError(
                f"Experts '{other}' and '{expert.name}' use the same intent_prefix "
                f"'{expert.intent_prefix}'"
            )
    return experts


def expert_for_intent(experts: dict[str, Expert], intent: str) -> Expert | None:
    """The expert that owns an intent by prefix, if any."""
    for expert in experts.values():
        if expert.owns_intent(intent):
            return expert
    return None
