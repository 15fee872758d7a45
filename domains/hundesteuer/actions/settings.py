"""The hundesteuer settings of a conversation's tenant, typed and checked when the tenant loads.

Municipal texts and values (deadlines, offices, reductions) come only from the tenant file. A value
the city has not confirmed is left out of the file; the bot then points to the tax office instead
of guessing. Rates and amounts are not settings: the municipality's backend owns them (its system
of record computes the tax), and the bot asks it under the tenant id (`gemeinde_of`).
"""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field, HttpUrl, conint, constr, validator

from domains.hundesteuer.client import Abmeldegrund, Ermaessigung
from nrwbot.conversation import HasSlots, expert_settings, tenant_of
from nrwbot.expert_settings import ExpertSettings

EXPERT = "hundesteuer"
Text = constr(strip_whitespace=True, min_length=1)


class HundesteuerSettings(ExpertSettings):
    """What one municipality configured under `experts: hundesteuer:`."""

    backend_url: AnyHttpUrl = Field(
        ...,
        description="Basis-URL der Hundesteuer-Schnittstelle, z. B. http://127.0.0.1:5070/api/v1",
    )
    steuerstelle: Text = Field(
        ...,
        description='Zuständige Stelle, ohne Artikel, z. B. "AG Finanzen/Steuern, Rathaus II, Raum 1.35"',
    )
    steuerstelle_telefon: Text = Field(
        ..., description="Telefonnummer der Steuerstelle (Funktion, nie eine persönliche Durchwahl)"
    )
    info_url: HttpUrl = Field(
        ..., description="Seite der Stadt zur Hundesteuer (Satzung, Formulare)"
    )
    anmeldefrist_tage: conint(ge=1, le=365) = Field(
        ..., description="Frist für die Anmeldung in Tagen ab Aufnahme des Hundes"
    )
    steuermarke_ersatz: Text = Field(
        ..., description="Wo man eine neue Marke bekommt, wenn sie verloren oder beschädigt ist"
    )
    ermaessigungen: dict[Ermaessigung, Text] = Field(
        ...,
        description="Ermäßigungen/Befreiungen, die man im Chat beantragen kann (sozialleistungen, "
        "tierheim, assistenzhund, sonstige) mit einem Satz, was dazu für die Stadt bekannt ist",
    )
    ermaessigungen_hinweis: Text = Field(
        ...,
        description="Ein Satz, wie verlässlich die Liste der Ermäßigungen ist und wer entscheidet",
    )
    anmeldewege: Text | None = Field(
        None,
        description="Wie man den Hund außer im Chat anmelden kann; sonst verweist der Bot auf info_url",
    )
    abmeldefrist_tage: conint(ge=1, le=365) | None = Field(
        None, description="Frist für die Abmeldung in Tagen; sonst nennt der Bot keine Frist"
    )
    steuerpflicht_ende: Text | None = Field(
        None,
        description='Wann die Steuerpflicht endet, als Satzteil nach "Die Steuerpflicht endet …"',
    )
    abmeldung_nachweise: dict[Abmeldegrund, Text] | None = Field(
        None,
        description="Nachweis je Abmeldegrund (verstorben, abgegeben, verzogen, entlaufen, sonstiges)",
    )
    steuermarke: Text | None = Field(
        None, description="Regeln zur Steuermarke (Gültigkeit, Tragepflicht, Rückgabe)"
    )
    steuermarke_rueckgabe: Text | None = Field(
        None, description="Ein Satz zur Rückgabe der Marke bei der Abmeldung"
    )
    steuermarke_gebuehr: Text | None = Field(
        None,
        description="Gebühr für eine Ersatzmarke mit Euro-Zeichen; sonst nennt sie die Steuerstelle",
    )
    faelligkeiten: tuple[Text, ...] = Field(
        (),
        description='Fälligkeitstermine als Text (z. B. "15. Februar"); sonst verweist der Bot auf den Bescheid',
    )
    zahlung_hinweis: Text | None = Field(
        None, description="Ein bestätigter Satz zur Zahlungsweise (z. B. einmal jährlich)"
    )

    @validator("ermaessigungen")
    def _no_keine(cls, value: dict[Ermaessigung, str]) -> dict[Ermaessigung, str]:  # noqa: N805
        # "keine" is the citizen's answer "no reduction", not a reduction a town can describe.
        return {key: text for key, text in value.items() if key is not Ermaessigung.KEINE}

    @property
    def kontakt(self) -> str:
        """ "AG Finanzen/Steuern, Rathaus II, Raum 1.35, Telefon 02921 103-5314"."""
        return f"{self.steuerstelle}, Telefon {self.steuerstelle_telefon}"


def settings_for(tracker: HasSlots) -> HundesteuerSettings:
    """The settings of the conversation's tenant."""
    return expert_settings(tracker, EXPERT, HundesteuerSettings)


def gemeinde_of(tracker: HasSlots) -> str:
    """The municipality the backend files the conversation's dog tax under: the tenant id."""
    return tenant_of(tracker).id
