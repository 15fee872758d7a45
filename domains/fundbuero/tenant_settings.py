"""The fundbuero settings of one municipality, typed, from its tenant file.

Everything municipal (where finds are handed in, opening hours, fees, local practice) is optional
except the backend URL: where a town has not confirmed a value, the bot says so and points to the
town's general contact instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nrwbot.conversation import HasSlots, expert_settings

EXPERT = "fundbuero"
DEFAULT_MAX_RESULTS = 5
OFFICE_FIELDS = ("name", "address", "phone", "email", "opening_hours")


@dataclass(frozen=True)
class Fundstelle:
    """The office that receives and returns finds, as confirmed by the municipality."""

    name: str
    address: str
    phone: str
    email: str
    opening_hours: str


@dataclass(frozen=True)
class FundbueroSettings:
    """One tenant's configuration of the fundbuero expert.

    Attributes:
        backend_url: base URL of the Fundsachen API, e.g. http://127.0.0.1:5070/api/v1.
        office: the Fundbüro's contact; None while the town has not confirmed it.
        fee_info: the custody fee as the town states it; None if unconfirmed.
        animal_info: where found animals go in this town; None if unconfirmed.
        after_storage_info: what the town does with unclaimed finds; None if unconfirmed.
        online_list_url: the town's public list of finds, if it has one.
        max_results: how many matches the search shows.
    """

    backend_url: str
    office: Fundstelle | None = None
    fee_info: str | None = None
    animal_info: str | None = None
    after_storage_info: str | None = None
    online_list_url: str | None = None
    max_results: int = DEFAULT_MAX_RESULTS

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> FundbueroSettings:
        """Builds the settings from the tenant file's `experts: fundbuero:` block.

        Raises:
            ValueError: naming the setting that is missing or malformed.
        """
        if not raw.get("backend_url"):
            raise ValueError("fundbuero: setting 'backend_url' is missing")
        office = raw.get("office")
        if office is not None:
            missing = [f for f in OFFICE_FIELDS if not str(office.get(f) or "").strip()]
            unknown = sorted(set(office) - set(OFFICE_FIELDS))
            if missing or unknown:
                raise ValueError(
                    f"fundbuero: setting 'office' needs exactly {', '.join(OFFICE_FIELDS)}"
                    f" (missing: {', '.join(missing) or '-'}; unknown: {', '.join(unknown) or '-'})"
                )
            office = Fundstelle(**{f: str(office[f]).strip() for f in OFFICE_FIELDS})
        max_results = int(raw.get("max_results", DEFAULT_MAX_RESULTS))
        if not 1 <= max_results <= 10:
            raise ValueError("fundbuero: setting 'max_results' must be between 1 and 10")
        return cls(
            backend_url=str(raw["backend_url"]),
            office=office,
            fee_info=_text(raw.get("fee_info")),
            animal_info=_text(raw.get("animal_info")),
            after_storage_info=_text(raw.get("after_storage_info")),
            online_list_url=_text(raw.get("online_list_url")),
            max_results=max_results,
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def settings_of(tracker: HasSlots) -> FundbueroSettings:
    """The settings of the conversation's tenant."""
    return FundbueroSettings.from_mapping(expert_settings(tracker, EXPERT))
