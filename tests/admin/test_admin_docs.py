"""Every variable the admin app reads is in .env.example and docs/configuration.md."""

from __future__ import annotations

import re

from tests.factories import ROOT


def test_admin_variables_are_documented() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "admin").glob("*.py"))
    used = set(re.findall(r"\"(NRWBOT_ADMIN_[A-Z_]+)\"", source))
    assert {"NRWBOT_ADMIN_ACCOUNTS", "NRWBOT_ADMIN_SECRET"} <= used
    example = (ROOT / ".env.example").read_text()
    docs = (ROOT / "docs" / "configuration.md").read_text()
    for name in used | {"NRWBOT_ADMIN_HOST", "NRWBOT_ADMIN_PORT"}:
        assert f"{name}=" in example, f"{name} missing in .env.example"
        assert f"`{name}`" in docs, f"{name} missing in docs/configuration.md"
