"""Fixtures for the ausweisstatus unit tests."""

from __future__ import annotations

from typing import Any

import pytest

from domains.ausweisstatus.tests.support import SETTINGS


@pytest.fixture
def settings() -> dict[str, Any]:
    """Fresh copy of complete tenant settings for this expert."""
    return {**SETTINGS, "gebuehren": dict(SETTINGS["gebuehren"])}
