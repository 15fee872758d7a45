"""The current project as the CLI and servers see it: experts, tenants and the composed build."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from nrwbot.compose import ComposedProject, compose
from nrwbot.experts import Expert, discover_experts
from nrwbot.settings import Settings, get_settings
from nrwbot.tenants import TenantRegistry, load_registry


@dataclass(frozen=True)
class Project:
    """Experts found, tenants loaded, and the experts that at least one tenant enables."""

    settings: Settings
    experts: dict[str, Expert]
    tenants: TenantRegistry

    @property
    def enabled_experts(self) -> list[Expert]:
        enabled = self.tenants.enabled_experts()
        return [expert for name, expert in self.experts.items() if name in enabled]

    def compose(self) -> ComposedProject:
        return compose(self.settings, self.enabled_experts)


def load_project(settings: Settings | None = None) -> Project:
    """Discovers experts and validates every tenant file."""
    settings = settings or get_settings()
    experts = discover_experts(settings.domains_dir)
    tenants = load_registry(settings.tenants_dir, experts, settings.default_tenant)
    return Project(settings=settings, experts=experts, tenants=tenants)


@lru_cache(maxsize=1)
def get_project() -> Project:
    """The project of this server process, loaded once (manifests and tenant files are static)."""
    return load_project()


def get_registry() -> TenantRegistry:
    """The tenants of this server process (loaded once with the project)."""
    return get_project().tenants
