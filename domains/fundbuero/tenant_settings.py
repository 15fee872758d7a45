"""The fundbuero settings of one municipality, typed, from its tenant file.

Everything municipal (where finds are handed in, opening hours, fees, local practice) is optional
except the backend URL: where a town has not confirmed a value, the bot says so and points to the
town's general contact instead of guessing.
"""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field, HttpUrl, constr

from nrwbot.conversation import HasSlots, expert_settings
from nrwbot.expert_settings import ExpertSettings

EXPERT = "fundbuero"
DEFAULT_MAX_RESULTS = 5
Text = constr(strip_whitespace=True, min_length=1)


class Fundstelle(ExpertSettings):
    """The office that receives and returns finds, as confirmed by the municipality."""

    name: Text
    address: Text
    phone: Text
    email: Text
    opening_hours: Text


class FundbueroSettings(ExpertSettings):
    """One tenant's configuration of the fundbuero expert (`experts: fundbuero:`)."""

    backend_url: AnyHttpUrl = Field(
        ..., description="Basis-URL der Fundsachen-API, z. B. http://127.0.0.1:5070/api/v1"
    )
    office: Fundstelle | None = Field(
        None,
        description="Das Fundbüro mit name, address, phone, email und opening_hours – nur "
        "eintragen, wenn die Stadt die Angaben bestätigt hat; sonst verweist der Bot auf den "
        "allgemeinen Kontakt.",
    )
    fee_info: Text | None = Field(
        None,
        description="Verwahrgebühr bei der Abholung, wie die Stadt sie angibt (ein Satz); fehlt "
        "sie, nennt der Bot keine Beträge.",
    )
    animal_info: Text | None = Field(
        None,
        description="Wohin Fundtiere in der Stadt gehen (Ordnungsamt, Vertrags-Tierheim), ein Satz.",
    )
    after_storage_info: Text | None = Field(
        None,
        description="Was die Stadt mit nicht abgeholten Fundsachen macht (Versteigerung, Spende), "
        "ein Satz.",
    )
    online_list_url: HttpUrl | None = Field(
        None, description="Öffentliche Online-Liste der Fundsachen, falls vorhanden."
    )
    max_results: int = Field(
        DEFAULT_MAX_RESULTS,
        ge=1,
        le=10,
        description="Wie viele Treffer die Suche höchstens zeigt (1–10, Standard 5).",
    )


def settings_of(tracker: HasSlots) -> FundbueroSettings:
    """The settings of the conversation's tenant."""
    return expert_settings(tracker, EXPERT, FundbueroSettings)
