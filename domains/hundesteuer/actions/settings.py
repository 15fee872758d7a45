"""The hundesteuer settings of a conversation's tenant, typed.

Municipal values (rates, deadlines, offices) come only from the tenant file. A value the city has
not confirmed is left out of the file; the bot then points to the tax office instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domains.hundesteuer.actions.tax import Tariff
from domains.hundesteuer.client import Abmeldegrund, Ermaessigung
from nrwbot.conversation import HasSlots, expert_settings

EXPERT = "hundesteuer"


@dataclass(frozen=True)
class HundesteuerSettings:
    """What one municipality configured under `experts: hundesteuer:`."""

    backend_url: str
    steuerstelle: str
    steuerstelle_telefon: str
    info_url: str
    tariff: Tariff
    tarif_hinweis: str
    anmeldefrist_tage: int
    steuermarke_ersatz: str
    ermaessigungen: dict[Ermaessigung, str]
    ermaessigungen_hinweis: str
    anmeldewege: str | None = None
    abmeldefrist_tage: int | None = None
    steuerpflicht_ende: str | None = None
    abmeldung_nachweise: dict[Abmeldegrund, str] | None = None
    steuermarke: str | None = None
    steuermarke_gebuehr: str | None = None
    steuermarke_rueckgabe: str | None = None
    faelligkeiten: tuple[str, ...] = ()
    zahlung_hinweis: str | None = None

    @property
    def kontakt(self) -> str:
        """ "AG Finanzen/Steuern, Rathaus II, Raum 1.35, Telefon 02921 103-5314"."""
        return f"{self.steuerstelle}, Telefon {self.steuerstelle_telefon}"

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> HundesteuerSettings:
        """Builds the settings; the tenant loader already checked presence and types.

        Raises:
            ValueError: a reduction or reason key outside the backend's vocabulary.
        """
        nachweise = raw.get("abmeldung_nachweise")
        return cls(
            backend_url=str(raw["backend_url"]),
            steuerstelle=str(raw["steuerstelle"]),
            steuerstelle_telefon=str(raw["steuerstelle_telefon"]),
            info_url=str(raw["info_url"]),
            tariff=Tariff.from_setting(raw["steuersaetze"]),
            tarif_hinweis=str(raw["tarif_hinweis"]),
            anmeldefrist_tage=int(raw["anmeldefrist_tage"]),
            steuermarke_ersatz=str(raw["steuermarke_ersatz"]),
            ermaessigungen={
                Ermaessigung(key): str(text)
                for key, text in (raw["ermaessigungen"] or {}).items()
                if key != Ermaessigung.KEINE.value
            },
            ermaessigungen_hinweis=str(raw["ermaessigungen_hinweis"]),
            anmeldewege=raw.get("anmeldewege"),
            abmeldefrist_tage=raw.get("abmeldefrist_tage"),
            steuerpflicht_ende=raw.get("steuerpflicht_ende"),
            abmeldung_nachweise=(
                {Abmeldegrund(key): str(text) for key, text in nachweise.items()}
                if nachweise
                else None
            ),
            steuermarke=raw.get("steuermarke"),
            steuermarke_gebuehr=raw.get("steuermarke_gebuehr"),
            steuermarke_rueckgabe=raw.get("steuermarke_rueckgabe"),
            faelligkeiten=tuple(str(item) for item in raw.get("faelligkeiten") or ()),
            zahlung_hinweis=raw.get("zahlung_hinweis"),
        )


def settings_for(tracker: HasSlots) -> HundesteuerSettings:
    """The settings of the conversation's tenant."""
    return HundesteuerSettings.from_mapping(expert_settings(tracker, EXPERT))
