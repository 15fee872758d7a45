"""The ausweisstatus settings of one municipality (`experts: ausweisstatus:` in its tenant file)."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field, constr

from nrwbot.conversation import HasSlots, expert_settings
from nrwbot.expert_settings import ExpertSettings

EXPERT = "ausweisstatus"
Text = constr(strip_whitespace=True, min_length=1)


class Gebuehren(ExpertSettings):
    """Current fees as the municipality states them, with the euro sign ("37,50 €").

    A fee left out is answered with a pointer to the Bürgerbüro, never with a guess.
    """

    personalausweis_unter_24: Text | None = None
    personalausweis_ab_24: Text | None = None
    reisepass_unter_24: Text | None = None
    reisepass_ab_24: Text | None = None
    express_zuschlag_reisepass: Text | None = None
    vorlaeufiger_personalausweis: Text | None = None
    vorlaeufiger_reisepass: Text | None = None
    # A photo the authority takes itself: since May 2025 only digital photos are accepted.
    foto_behoerde: Text | None = None


class AusweisSettings(ExpertSettings):
    """One tenant's configuration of the ausweisstatus expert."""

    backend_url: AnyHttpUrl = Field(
        ...,
        description="Basis-URL der Antragsdaten-Schnittstelle, z. B. http://127.0.0.1:5070/api/v1",
    )
    abholort: Text = Field(
        ...,
        description="Wo fertige Dokumente abgeholt werden, wenn das Backend keinen Ort nennt "
        "(Stelle und Anschrift)",
    )
    dauer_personalausweis: Text = Field(
        ...,
        description='Übliche Herstellungsdauer eines Personalausweises laut Stadt, z. B. "etwa 2 bis 3 Wochen"',
    )
    dauer_reisepass: Text = Field(
        ...,
        description='Übliche Herstellungsdauer eines Reisepasses laut Stadt, z. B. "etwa 4 bis 6 Wochen"',
    )
    gebuehren: Gebuehren = Field(
        ...,
        description="Aktuelle Gebühren als Text mit Euro-Zeichen; fehlt eine, verweist der Bot an "
        "das Bürgerbüro",
    )
    oeffnungszeiten: Text | None = Field(
        None,
        description="Öffnungszeiten der Abholstelle; fehlt der Wert, nennt der Bot die allgemeinen "
        "Öffnungszeiten der Stadt",
    )
    abholung_termin: Text | None = Field(
        None,
        description="Ein Satz, ob für die Abholung ein Termin nötig ist; fehlt der Wert, verweist "
        "der Bot an das Bürgerbüro",
    )


def settings_of(tracker: HasSlots) -> AusweisSettings:
    """The settings of the conversation's tenant."""
    return expert_settings(tracker, EXPERT, AusweisSettings)
