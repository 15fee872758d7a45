"""Core response texts for code that speaks to citizens outside a conversation turn.

The channels and the widget say a few things themselves (too many messages, the welcome before
the first message, the privacy notice). Their wording lives with every other German text in
`bot/domain.yml`, so the AI disclosure has one wording and a municipality's translator or editor
finds all texts in one place.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

from nrwbot.errors import NRWbotError
from nrwbot.settings import get_settings
from nrwbot.yamlio import read_yaml


@lru_cache(maxsize=1)
def _core_responses() -> dict[str, Any]:
    return (read_yaml(get_settings().root / "bot" / "domain.yml") or {}).get("responses") or {}


def core_response(name: str, **values: Any) -> str:
    """The first text of the core response `name`, its `{placeholders}` filled from `values`.

    Raises:
        NRWbotError: the response does not exist or a placeholder has no value.
    """
    variants = _core_responses().get(name)
    if not variants or "text" not in variants[0]:
        raise NRWbotError(f"bot/domain.yml has no text response '{name}'")
    text = str(variants[0]["text"])
    needed = {field for _, field, _, _ in string.Formatter().parse(text) if field}
    missing = sorted(needed - set(values))
    if missing:
        raise NRWbotError(f"response '{name}' needs values for {', '.join(missing)}")
    return text.format(**values)
