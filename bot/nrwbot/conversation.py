"""What an action needs to know about its conversation: the tenant and the experts it enables.

Experts use these helpers instead of reading tenant files themselves, so one server can serve many
municipalities: the tenant is a slot set at session start from the channel's metadata.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from nrwbot.expert_settings import ExpertSettings
from nrwbot.experts import Expert
from nrwbot.project import get_project, get_registry
from nrwbot.tenants import Tenant

# Core slots that experts may read; set at session start from the tenant file.
TENANT_SLOT = "tenant"
MUNICIPALITY_SLOT = "municipality"
CONTACT_OFFICE_SLOT = "contact_office"
CONTACT_PHONE_SLOT = "contact_phone"
CONTACT_EMAIL_SLOT = "contact_email"
CONTACT_ADDRESS_SLOT = "contact_address"
OPENING_HOURS_SLOT = "opening_hours"
METADATA_TENANT_KEY = "tenant"


class HasSlots(Protocol):
    """Anything with slots: rasa-sdk's Tracker, or a test double."""

    def get_slot(self, key: str) -> Any: ...


def all_experts() -> dict[str, Expert]:
    """Every expert found under domains/, discovered once per process."""
    return get_project().experts


def tenant_from_metadata(metadata: dict[str, Any] | None) -> Tenant:
    """The tenant a channel named in its metadata, or the default tenant."""
    tenant_id = (metadata or {}).get(METADATA_TENANT_KEY)
    return get_registry().get(tenant_id if isinstance(tenant_id, str) else None)


def tenant_of(tracker: HasSlots) -> Tenant:
    """The tenant of a conversation (the default one if the slot is empty)."""
    return get_registry().get(tracker.get_slot(TENANT_SLOT))


SettingsT = TypeVar("SettingsT", bound=ExpertSettings)


def expert_settings(tracker: HasSlots, expert: str, model: type[SettingsT]) -> SettingsT:
    """The typed settings the conversation's tenant configured for `expert`."""
    settings = tenant_of(tracker).settings_for(expert)
    if not isinstance(settings, model):
        raise TypeError(
            f"settings of expert '{expert}' are {type(settings).__name__}, not {model.__name__}"
        )
    return settings


def tenant_slots(tenant: Tenant, experts: dict[str, Expert]) -> dict[str, Any]:
    """Slot values that core responses interpolate, for one tenant."""
    enabled = [e for name, e in experts.items() if tenant.enables(name)]
    overview = "\n".join(f"- {e.title}: {e.description}" for e in enabled)
    return {
        TENANT_SLOT: tenant.id,
        MUNICIPALITY_SLOT: tenant.municipality,
        "bot_name": tenant.bot_name,
        "bot_persona": tenant.persona,
        CONTACT_OFFICE_SLOT: tenant.contact.office,
        CONTACT_PHONE_SLOT: tenant.contact.phone,
        CONTACT_EMAIL_SLOT: tenant.contact.email,
        CONTACT_ADDRESS_SLOT: tenant.contact.address,
        OPENING_HOURS_SLOT: tenant.contact.opening_hours,
        "privacy_url": str(tenant.privacy_url),
        "experts_overview": overview or "- Kontakt und Öffnungszeiten der Verwaltung",
        "disabled_intent_prefixes": [
            f"{e.intent_prefix}_" for name, e in experts.items() if not tenant.enables(name)
        ],
    }
