"""Typed tenant settings of an expert: one pydantic model per expert, checked when tenants load.

An expert names its model in `expert.yml` (`settings_model: settings:MuellSettings`, a class in
the expert's package). The tenant loader builds it from the tenant file's `experts: <name>:`
block, so a misspelt key (`sperrmuel_gebuehr`) or a malformed rate stops `nrwbot check`,
`nrwbot train` and `nrwbot run` with the file, the line and the closest valid key, instead of the
bot silently saying "unknown" to a citizen. Actions receive the built model, never a mapping.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Extra, ValidationError

from nrwbot.errors import ManifestError, TenantConfigError


class ExpertSettings(BaseModel):
    """Base of every expert's settings model: unknown keys are errors, values are read-only."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False
        anystr_strip_whitespace = True


class NoSettings(ExpertSettings):
    """The model of an expert that needs no tenant settings."""


def import_settings_model(package: str, reference: str | None, expert: str) -> type[ExpertSettings]:
    """The class `module:Class`, checked to be an ExpertSettings.

    The module is looked up inside the expert's package first (`settings` → `domains.x.settings`),
    then as an absolute module name.

    Raises:
        ManifestError: naming the expert if the reference cannot be imported or is no model.
    """
    if not reference:
        return NoSettings
    module_name, _, class_name = reference.partition(":")
    try:
        try:
            module = importlib.import_module(f"{package}.{module_name}")
        except ModuleNotFoundError as missing:
            if missing.name not in {package, f"{package}.{module_name}"}:
                raise
            module = importlib.import_module(module_name)
        model = getattr(module, class_name)
    except (ImportError, AttributeError, ValueError) as exc:
        raise ManifestError(
            f"Expert '{expert}': settings_model '{reference}' cannot be imported: {exc}"
        ) from exc
    if not (isinstance(model, type) and issubclass(model, ExpertSettings)):
        raise ManifestError(
            f"Expert '{expert}': settings_model '{reference}' must be a subclass of "
            "nrwbot.expert_settings.ExpertSettings"
        )
    return model


def _line_of(path: Path, keys: tuple[str | int, ...]) -> int | None:
    """1-based line of the node at `keys` in a YAML file (of its deepest existing parent)."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    line = None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next((pair for pair in node.value if pair[0].value == str(key)), None)
            if match is None:
                break
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            break
    return line


def _problem(model: type[ExpertSettings], error: Mapping[str, Any]) -> str:
    location = [str(part) for part in error["loc"]]
    if error["type"] == "value_error.extra":
        unknown = location[-1]
        known = list(model.__fields__) if len(location) == 1 else []
        close = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown setting '{unknown}'{hint}"
    if error["type"] == "value_error.missing":
        field = model.__fields__.get(location[0])
        described = (
            f" ({field.field_info.description})" if field and field.field_info.description else ""
        )
        return f"setting '{'.'.join(location)}' is missing{described}"
    return f"setting '{'.'.join(location)}': {error['msg']}"


def build_settings(
    model: type[ExpertSettings], raw: dict[str, Any], path: Path, expert: str
) -> ExpertSettings:
    """The expert's settings from a tenant file's block.

    Raises:
        TenantConfigError: "tenants/soest.yml:42: expert 'muell': unknown setting …".
    """
    try:
        return model.parse_obj(raw)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            line = _line_of(path, ("experts", expert, *error["loc"]))
            where = f"{path}:{line}" if line else str(path)
            lines.append(f"{where}: expert '{expert}': {_problem(model, error)}")
        raise TenantConfigError("\n".join(lines)) from exc
