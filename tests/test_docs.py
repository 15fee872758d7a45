"""The configuration docs stay in step with the code they describe."""

from __future__ import annotations

import dataclasses
import re

from nrwbot.experts import Expert
from nrwbot.tenants import Contact, Tenant
from tests.factories import ROOT


def _documented(path: str) -> set[str]:
    return set(re.findall(r"^\| `(\w+)` \|", (ROOT / path).read_text(), re.MULTILINE))


def test_manifest_fields_are_documented() -> None:
    fields = {f.name for f in dataclasses.fields(Expert)} - {"path"}
    personal = {"personal_slots", "personal_entities", "not_personal_slots"}
    fields = (fields - personal) | {"personal_data"}
    assert fields == _documented("docs/adding-an-expert.md")


def test_tenant_fields_are_documented() -> None:
    assert set(Tenant.__fields__) == _documented("docs/configuration.md") & set(Tenant.__fields__)
    text = (ROOT / "docs" / "configuration.md").read_text()
    assert all(f"`{name}`" in text for name in Contact.__fields__)


def test_every_environment_variable_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "nrwbot").glob("*.py"))
    used = set(re.findall(r"\"(NRWBOT_[A-Z_]+)\"", source))
    example = (ROOT / ".env.example").read_text()
    docs = (ROOT / "docs" / "configuration.md").read_text()
    for name in used:
        assert f"{name}=" in example, f"{name} missing in .env.example"
        assert f"`{name}`" in docs, f"{name} missing in docs/configuration.md"


def test_security_and_privacy_docs_cite_only_existing_tests_and_files() -> None:
    for doc in ("docs/security.md", "docs/privacy.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        cited = set(re.findall(r"`((?:tests|bot|connectors|backend|admin)/[\w/.-]+\.\w+)`", text))
        assert cited, f"{doc} cites no file"
        missing = sorted(path for path in cited if not (ROOT / path).exists())
        assert not missing, f"{doc} cites files that do not exist: {missing}"
