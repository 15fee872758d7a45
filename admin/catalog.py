"""What the admin app offers to choose from: intents and entities of the composed domain, experts,
tenants.

Intents and entities are those of core plus every expert a tenant enables (the domain that is
trained); the expert of an intent is found by its prefix, so no mapping table is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from admin.accounts import Scope
from nrwbot.compose import declared_names
from nrwbot.experts import Expert, expert_for_intent
from nrwbot.project import Project
from nrwbot.yamlio import read_yaml

CORE = "core"
CORE_TITLE = "Kern"
FALLBACK_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})


def declared_entities(domain_files: Iterable[Path]) -> set[str]:
    """Entity names declared in domain files (plain names or mappings with roles)."""
    names: set[str] = set()
    for path in domain_files:
        for entry in (read_yaml(path) or {}).get("entities") or []:
            names.update(entry.keys() if isinstance(entry, dict) else [str(entry)])
    return names


@dataclass(frozen=True)
class Catalog:
    """Choices and labels for one project."""

    intents: tuple[str, ...]
    entities: tuple[str, ...]
    experts: dict[str, Expert]
    tenants: dict[str, str]  # id -> municipality

    @classmethod
    def from_project(cls, project: Project) -> Catalog:
        files = [project.settings.root / "bot" / "domain.yml"]
        files += [path for expert in project.enabled_experts for path in expert.domain_files]
        return cls(
            intents=tuple(sorted(declared_names(files)["intents"])),
            entities=tuple(sorted(declared_entities(files))),
            experts=dict(project.experts),
            tenants={tenant.id: tenant.municipality for tenant in project.tenants},
        )

    def expert_of(self, intent: str | None) -> str:
        """The owning expert's name, or `core`."""
        expert = expert_for_intent(self.experts, intent) if intent else None
        return expert.name if expert else CORE

    def expert_title(self, name: str) -> str:
        expert = self.experts.get(name)
        return expert.title if expert else CORE_TITLE

    def tenant_name(self, tenant: str | None) -> str:
        return self.tenants.get(tenant or "", tenant or "ohne Kommune")

    def tenants_in(self, scope: Scope) -> list[tuple[str, str]]:
        return [(tid, name) for tid, name in sorted(self.tenants.items()) if scope.allows(tid)]

    def expert_choices(self) -> list[tuple[str, str]]:
        return [(CORE, CORE_TITLE)] + sorted(
            ((name, e.title) for name, e in self.experts.items()), key=lambda pair: pair[1]
        )
