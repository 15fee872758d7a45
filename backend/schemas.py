"""Request models of every endpoint; the OpenAPI document is generated from them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import StrictBool, conint, constr

from backend.fields import (
    Aktenzeichen,
    Chipnummer,
    Farbe,
    Freitext,
    Gemeinde,
    IsoDate,
    Kategorie,
    Kontakt,
    Name,
    Ort,
    Plz,
    Problem,
    RequestModel,
    not_future,
    not_older_than,
)

# Sensible ranges, in days before today.
FUNDDATUM_MAX_AGE = 2 * 365
VERLUSTDATUM_MAX_AGE = 2 * 365
AUFNAHMEDATUM_MAX_AGE = 30 * 365
ABMELDEDATUM_MAX_AGE = 5 * 365
ABMELDEDATUM_MAX_AHEAD = 365
Ermaessigung = Literal["keine", "sozialleistungen", "tierheim", "assistenzhund", "sonstige"]
AnzahlHunde = conint(strict=True, ge=0, le=20)
Abmeldegrund = Literal["verstorben", "abgegeben", "verzogen", "entlaufen", "sonstiges"]


class FundsacheIn(RequestModel):
    """A citizen reports a found item."""

    kategorie: Kategorie
    beschreibung: Freitext
    farbe: Farbe | None = None
    fundort: Ort
    funddatum: IsoDate
    finder_name: Name | None = None
    finder_kontakt: Kontakt | None = None

    def problems(self, today: date) -> list[Problem]:
        return not_future("funddatum", self.funddatum, today) + not_older_than(
            "funddatum", self.funddatum, today, FUNDDATUM_MAX_AGE
        )


class AnspruchIn(RequestModel):
    """Someone claims a stored item as theirs."""

    name: Name
    kontakt: Kontakt
    beschreibung: Freitext


class SuchauftragIn(RequestModel):
    """A search request for a lost item."""

    beschreibung: Freitext
    kategorie: Kategorie | None = None
    farbe: Farbe | None = None
    verlustort: Ort | None = None
    verlustdatum: IsoDate | None = None
    name: Name
    kontakt: Kontakt

    def problems(self, today: date) -> list[Problem]:
        return not_future("verlustdatum", self.verlustdatum, today) + not_older_than(
            "verlustdatum", self.verlustdatum, today, VERLUSTDATUM_MAX_AGE
        )


class FundsachenSuche(RequestModel):
    """Query parameters of the Fundsachen search (all arrive as strings)."""

    q: constr(strict=True, strip_whitespace=True, max_length=200) | None = None  # type: ignore[valid-type]
    kategorie: Kategorie | None = None
    farbe: Farbe | None = None
    ort: Ort | None = None
    von: IsoDate | None = None
    bis: IsoDate | None = None
    limit: conint(ge=1, le=50) = 10  # type: ignore[valid-type]

    def problems(self, today: date) -> list[Problem]:
        if self.von is not None and self.bis is not None and self.von > self.bis:
            return [{"field": "bis", "message": "must not be before von"}]
        return []


class TarifAbfrage(RequestModel):
    """Query parameters of the tariff table: whose tariff."""

    gemeinde: Gemeinde


class SteuerberechnungIn(RequestModel):
    """What the annual tax of a new dog depends on: municipality, kind, dogs already registered.

    `anzahl_gefaehrlich_bisher` counts only for a dangerous dog (dangerous dogs have their own
    tiers), so it is required just when a dangerous dog joins other dogs.
    """

    gemeinde: Gemeinde
    gefaehrlich: StrictBool
    anzahl_hunde_bisher: AnzahlHunde  # type: ignore[valid-type]
    anzahl_gefaehrlich_bisher: AnzahlHunde | None = None  # type: ignore[valid-type]

    def problems(self, today: date) -> list[Problem]:
        counted = self.anzahl_gefaehrlich_bisher
        if counted is None and self.gefaehrlich and self.anzahl_hunde_bisher > 0:
            return [
                {
                    "field": "anzahl_gefaehrlich_bisher",
                    "message": "required for a dangerous dog when other dogs are registered",
                }
            ]
        if counted is not None and counted > self.anzahl_hunde_bisher:
            return [
                {
                    "field": "anzahl_gefaehrlich_bisher",
                    "message": "must not exceed anzahl_hunde_bisher",
                }
            ]
        return []

    @property
    def gefaehrlich_bisher(self) -> int:
        """Dangerous dogs registered already, 0 where that was not needed."""
        return self.anzahl_gefaehrlich_bisher or 0


class HundeanmeldungIn(SteuerberechnungIn):
    """Registration of a dog for the dog tax; the backend computes the annual tax itself.

    An amount sent along (`jahressteuer`) is refused like any unknown field.
    """

    halter_name: Name
    strasse: Name
    plz: Plz
    ort: Name
    hund_name: Name
    rasse: Name
    aufnahmedatum: IsoDate
    chipnummer: Chipnummer | None = None
    ermaessigung: Ermaessigung | None = None

    def problems(self, today: date) -> list[Problem]:
        return (
            super().problems(today)
            + not_future("aufnahmedatum", self.aufnahmedatum, today)
            + not_older_than("aufnahmedatum", self.aufnahmedatum, today, AUFNAHMEDATUM_MAX_AGE)
        )


class HundeabmeldungIn(RequestModel):
    """De-registration of a dog, by Aktenzeichen (with the keeper's name) or name and address.

    Only an Aktenzeichen together with the registered keeper's name is taken as it is; the
    tax office checks every other de-registration first (see `resources.hundesteuer`).
    """

    aktenzeichen: Aktenzeichen | None = None
    halter_name: Name | None = None
    strasse: Name | None = None
    plz: Plz | None = None
    ort: Name | None = None
    hund_name: Name | None = None
    grund: Abmeldegrund
    datum: IsoDate

    def problems(self, today: date) -> list[Problem]:
        found: list[Problem] = []
        if self.aktenzeichen is None:
            for field in ("halter_name", "strasse", "plz", "ort"):
                if getattr(self, field) is None:
                    found.append({"field": field, "message": "required without aktenzeichen"})
        # A death or an escape cannot be announced in advance; a move or hand-over can.
        if self.grund in ("verstorben", "entlaufen"):
            found += not_future("datum", self.datum, today)
        elif (self.datum - today).days > ABMELDEDATUM_MAX_AHEAD:
            found.append(
                {
                    "field": "datum",
                    "message": f"must not be more than {ABMELDEDATUM_MAX_AHEAD} days ahead",
                }
            )
        return found + not_older_than("datum", self.datum, today, ABMELDEDATUM_MAX_AGE)


class AusweisStatusAnfrage(RequestModel):
    """Status query: application number (serial or Vorgangsnummer) plus date of birth."""

    nummer: constr(strict=True, strip_whitespace=True, min_length=1, max_length=40)  # type: ignore[valid-type]
    geburtsdatum: IsoDate

    def problems(self, today: date) -> list[Problem]:
        return not_future("geburtsdatum", self.geburtsdatum, today)
