"""Every backend setting is documented where operators look: .env.example and backend/README.md."""

from __future__ import annotations

import re

from backend.settings import PROJECT_ROOT


def test_every_backend_variable_is_documented() -> None:
    source = (PROJECT_ROOT / "backend" / "settings.py").read_text(encoding="utf-8")
    used = set(re.findall(r"\"((?:BACKEND|DATABASE)_[A-Z_]+)\"", source))
    assert "BACKEND_TRUSTED_PROXIES" in used  # the pattern still finds them
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    readme = (PROJECT_ROOT / "backend" / "README.md").read_text(encoding="utf-8")
    for name in sorted(used):
        assert f"\n{name}=" in example, f"{name} missing in .env.example"
        assert f"`{name}`" in readme, f"{name} missing in backend/README.md"
