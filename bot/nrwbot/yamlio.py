"""Small YAML helpers shared by the loaders (safe load, clear errors)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from nrwbot.errors import NRWbotError


def read_yaml(path: Path) -> Any:
    """Parses a YAML file; a syntax error names the file and line."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise NRWbotError(f"{path}: invalid YAML: {exc}") from exc
    except OSError as exc:
        raise NRWbotError(f"{path}: cannot be read: {exc.strerror}") from exc
