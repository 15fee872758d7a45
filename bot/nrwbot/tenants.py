"""Tenant (municipality) configuration: one YAML file per municipality under `tenants/`.

Everything that differs between municipalities lives here and is validated on load, so a typo in
a rate or a missing phone number stops the server at start instead of reaching a citizen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Extra, Field, HttpUrl, PrivateAttr, ValidationError, validator

from nrwbot.errors import NRWbotError, TenantConfigError
from nrwbot.expert_settings import ExpertSettings, build_settings
from nrwbot.experts import Expert
from nrwbot.yamlio import read_yaml

TENANT_ID_PATTERN = r"^[a-z][a-z0-9-]{1,39}$"


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_mutation = False


class Contact(_Strict):
    """How citizens reach a person in the administration."""

    office: str = Field(..., min_length=2, description="Name of the office, e.g. Bürgerbüro")
    phone: str = Field(..., min_length=5)
    email: str = Field(..., regex=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    address: str = Field(..., min_length=5)
    opening_hours: str = Field(..., min_length=5)
    url: HttpUrl | None = None


class Tenant(_Strict):
    """One municipality's configuration."""

    id: str = Field(..., regex=TENANT_ID_PATTERN)
    municipality: str = Field(..., min_length=2, description='e.g. "Stadt Soest"')
    bot_name: str = Field(..., min_length=2)
    persona: str = Field(..., min_length=5, description="How the bot introduces itself")
    contact: Contact
    privacy_url: HttpUrl
    allowed_origins: tuple[str, ...] = ()
    experts: dict[str, dict[str, Any]] = Field(default_factory=dict)
    _settings: dict[str, ExpertSettings] = PrivateAttr(default_factory=dict)

    @validator("experts", pre=True)
    def _experts_mapping(cls, value: Any) -> Any:  # noqa: N805 (pydantic validator)
        if value is None:
            return {}
        if isinstance(value, list):
            raise ValueError("must be a mapping: expert name -> its settings")
        return {name: (settings or {}) for name, settings in value.items()}

    def settings_for(self, expert: str) -> ExpertSettings:
        """The typed settings of an enabled expert.

        Raises:
            TenantConfigError: the tenant does not enable the expert.
        """
        try:
            return self._settings[expert]
        except KeyError:
            raise TenantConfigError(
                f"Tenant '{self.id}' does not enable expert '{expert}'"
            ) from None

    def enables(self, expert: str) -> bool:
        return expert in self.experts


def load_tenant(path: Path, experts: dict[str, Expert]) -> Tenant:
    """Reads and validates one tenant file against the known experts.

    Raises:
        TenantConfigError: naming the file and the offending field.
    """
    try:
        raw = read_yaml(path)
    except NRWbotError as exc:
        raise TenantConfigError(str(exc)) from exc
    if not isinstance(raw, dict):
        raise TenantConfigError(f"{path}: a tenant file must be a YAML mapping")
    raw.setdefault("id", path.stem)
    try:
        tenant = Tenant.parse_obj(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise TenantConfigError(f"{path}: invalid tenant configuration: {problems}") from exc
    if tenant.id != path.stem:
        raise TenantConfigError(f"{path}: id '{tenant.id}' must equal the file name")
    for name in tenant.experts:
        if name not in experts:
            known = ", ".join(sorted(experts)) or "none"
            raise TenantConfigError(
                f"{path}: enables unknown expert '{name}' (experts found: {known})"
            )
        model = experts[name].settings_class()
        tenant._settings[name] = build_settings(model, tenant.experts[name], path, name)
    return tenant


class TenantRegistry:
    """All tenants of one server, with the default used when a conversation names none."""

    def __init__(self, tenants: dict[str, Tenant], default: str) -> None:
        if default not in tenants:
            raise TenantConfigError(
                f"Default tenant '{default}' has no file tenants/{default}.yml "
                f"(found: {', '.join(sorted(tenants)) or 'none'})"
            )
        self._tenants = tenants
        self.default = default

    def __contains__(self, tenant_id: object) -> bool:
        return tenant_id in self._tenants

    def __iter__(self) -> Iterator[Tenant]:
        return iter(self._tenants.values())

    def get(self, tenant_id: str | None) -> Tenant:
        """The named tenant, or the default one for a missing or unknown id."""
        if tenant_id and tenant_id in self._tenants:
            return self._tenants[tenant_id]
        return self._tenants[self.default]

    def enabled_experts(self) -> set[str]:
        """Experts enabled by at least one tenant: the ones that are trained and served."""
        return {name for tenant in self._tenants.values() for name in tenant.experts}


def load_registry(tenants_dir: Path, experts: dict[str, Expert], default: str) -> TenantRegistry:
    """Loads every `tenants/*.yml`."""
    tenants = {path.stem: load_tenant(path, experts) for path in sorted(tenants_dir.glob("*.yml"))}
    return TenantRegistry(tenants, default)
