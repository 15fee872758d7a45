"""Imports the action modules of enabled experts and checks them before the server starts."""

from __future__ import annotations

import importlib
import inspect
import logging
from types import ModuleType

from rasa_sdk import Action

from nrwbot.compose import declared_names
from nrwbot.errors import ManifestError
from nrwbot.experts import Expert
from nrwbot.project import get_project

logger = logging.getLogger(__name__)


def _defined_in(cls: type, module: ModuleType) -> bool:
    """True for classes of the module itself or, for a package, of its submodules."""
    return cls.__module__ == module.__name__ or cls.__module__.startswith(module.__name__ + ".")


def action_classes(module: ModuleType) -> list[type[Action]]:
    """The concrete Action classes of `module` and, for a package, of its submodules: what
    rasa-sdk registers from it."""
    classes = {cls for _, cls in inspect.getmembers(module, inspect.isclass)}
    if hasattr(module, "__path__"):
        import pkgutil

        for info in pkgutil.iter_modules(module.__path__, module.__name__ + "."):
            submodule = importlib.import_module(info.name)
            classes |= {cls for _, cls in inspect.getmembers(submodule, inspect.isclass)}
    return [
        cls
        for cls in sorted(classes, key=lambda c: (c.__module__, c.__name__))
        if _defined_in(cls, module) and issubclass(cls, Action) and not inspect.isabstract(cls)
    ]


def _action_names(module: ModuleType) -> dict[str, str]:
    """Action name -> class name, for the concrete Action classes of `module` (or package)."""
    return {cls().name(): cls.__name__ for cls in action_classes(module)}


def import_expert_actions(expert: Expert, seen: dict[str, str]) -> ModuleType:
    """Imports one expert's actions module and checks it against its domain.

    Raises:
        ManifestError: an action defined twice, or declared in the domain without a class.
    """
    try:
        module = importlib.import_module(expert.python_actions_module)
    except ImportError as exc:
        raise ManifestError(
            f"Expert '{expert.name}': cannot import {expert.python_actions_module}: {exc}"
        ) from exc
    provided = _action_names(module)
    for action in provided:
        owner = seen.setdefault(action, expert.name)
        if owner != expert.name:
            raise ManifestError(
                f"Expert '{expert.name}': action '{action}' is already defined by '{owner}'"
            )
    declared = declared_names(expert.domain_files)["actions"]
    missing = sorted(declared - set(provided))
    if missing:
        raise ManifestError(
            f"Expert '{expert.name}': the domain declares {', '.join(missing)} "
            f"but {expert.python_actions_module} defines no class for it"
        )
    return module


def load_enabled_expert_actions() -> list[str]:
    """Imports every enabled expert's actions; returns their names."""
    project = get_project()
    from actions import core

    seen = {name: "core" for name in _action_names(core)}
    loaded = []
    for expert in project.enabled_experts:
        import_expert_actions(expert, seen)
        loaded.append(expert.name)
    logger.info("Loaded expert actions: %s", ", ".join(loaded) or "none")
    return loaded
