"""Typed client for the municipal dog tax backend: tariffs, quotes, (de-)registrations.

Contract (backend/ of NRWbot, base URL = tenant setting `backend_url`, `gemeinde` = tenant id):
  GET  /hundesteuer/tarife?gemeinde=  -> 200 {gemeinde, normal, gefaehrlich, tarif_hinweis}
  POST /hundesteuer/berechnung        -> 200 {jahressteuer, tarif_hinweis}  (see tariff.py)
  POST /hundesteuer/anmeldungen       -> 201 the registration + aktenzeichen, jahressteuer
  POST /hundesteuer/abmeldungen       -> 201 {id, vorgangsnummer, status}, 404 unknown az
     status "eingegangen": Aktenzeichen and owner name match a registration;
            "zu_pruefen": anything else, the tax office checks it and gets in touch
The backend computes every amount from the municipality's tariff; a registration sends none.
It cannot be read back: whoever holds an Aktenzeichen is not thereby entitled to the owner's
name, address and chip number. Unknown municipalities are 404; other errors are 4xx
{"error", "message", "details"}; the base class maps them to ServiceError types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypedDict

from domains.hundesteuer.tariff import (
    Jahressteuer,
    Steuerfall,
    Tarife,
    read_amount,
    read_jahressteuer,
    read_tarife,
)
from nrwbot.service_client import ServiceClient, ServiceUnavailable


class Ermaessigung(str, Enum):
    """Reduction or exemption the citizen asks for (the tax office decides)."""

    KEINE = "keine"
    SOZIALLEISTUNGEN = "sozialleistungen"
    TIERHEIM = "tierheim"
    ASSISTENZHUND = "assistenzhund"
    SONSTIGE = "sonstige"


class Abmeldegrund(str, Enum):
    """Why a dog is de-registered."""

    VERSTORBEN = "verstorben"
    ABGEGEBEN = "abgegeben"
    VERZOGEN = "verzogen"
    ENTLAUFEN = "entlaufen"
    SONSTIGES = "sonstiges"


class Abmeldestatus(str, Enum):
    """What became of a de-registration."""

    EINGEGANGEN = "eingegangen"  # matched a registration and its owner; processed as it is
    ZU_PRUEFEN = "zu_pruefen"  # the tax office checks it first and gets in touch


class AnmeldungPayload(TypedDict):
    """Wire format of POST /hundesteuer/anmeldungen."""

    gemeinde: str
    halter_name: str
    strasse: str
    plz: str
    ort: str
    hund_name: str
    rasse: str
    aufnahmedatum: str
    chipnummer: str | None
    gefaehrlich: bool
    anzahl_hunde_bisher: int
    anzahl_gefaehrlich_bisher: int | None
    ermaessigung: str


@dataclass(frozen=True)
class NeueAnmeldung:
    """A dog registration as the citizen confirmed it; the backend computes its tax."""

    halter_name: str
    strasse: str
    plz: str
    ort: str
    hund_name: str
    rasse: str
    aufnahmedatum: date
    chipnummer: str | None
    ermaessigung: Ermaessigung
    steuerfall: Steuerfall

    def payload(self) -> AnmeldungPayload:
        return {
            "halter_name": self.halter_name,
            "strasse": self.strasse,
            "plz": self.plz,
            "ort": self.ort,
            "hund_name": self.hund_name,
            "rasse": self.rasse,
            "aufnahmedatum": self.aufnahmedatum.isoformat(),
            "chipnummer": self.chipnummer,
            "ermaessigung": self.ermaessigung.value,
            **self.steuerfall.payload(),
        }


@dataclass(frozen=True)
class Anmeldung:
    """A registration stored by the backend, with the annual tax it computed."""

    aktenzeichen: str
    eingegangen_am: str
    jahressteuer: Decimal
    daten: NeueAnmeldung


@dataclass(frozen=True)
class NeueAbmeldung:
    """A de-registration: by reference number, or by owner name and address.

    Send the owner's name with a reference number too: only the two together let the backend
    take the de-registration as it is; anything less the tax office checks first.
    """

    grund: Abmeldegrund
    datum: date
    aktenzeichen: str | None = None
    halter_name: str | None = None
    strasse: str | None = None
    plz: str | None = None
    ort: str | None = None
    hund_name: str | None = None

    def __post_init__(self) -> None:
        owner = (self.halter_name, self.strasse, self.plz, self.ort)
        if not self.aktenzeichen and not all(owner):
            raise ValueError(
                "a de-registration needs an aktenzeichen or the owner's name and address"
            )

    def payload(self) -> dict[str, Any]:
        optional = {
            "aktenzeichen": self.aktenzeichen,
            "halter_name": self.halter_name,
            "strasse": self.strasse,
            "plz": self.plz,
            "ort": self.ort,
            "hund_name": self.hund_name,
        }
        return {
            **{key: value for key, value in optional.items() if value},
            "grund": self.grund.value,
            "datum": self.datum.isoformat(),
        }


@dataclass(frozen=True)
class Abmeldung:
    """The backend's receipt for a de-registration."""

    id: str
    vorgangsnummer: str
    status: Abmeldestatus


def _abmeldestatus(value: Any) -> Abmeldestatus:
    # Whatever a municipality's own backend answers beyond "eingegangen", the citizen hears that
    # the office will check: that is never wrong, "it is done" may be.
    return Abmeldestatus.EINGEGANGEN if value == "eingegangen" else Abmeldestatus.ZU_PRUEFEN


def _anmeldung(data: Any) -> Anmeldung:
    try:
        chip, gefaehrlich_bisher = data.get("chipnummer"), data.get("anzahl_gefaehrlich_bisher")
        return Anmeldung(
            aktenzeichen=str(data["aktenzeichen"]),
            eingegangen_am=str(data.get("eingegangen_am", "")),
            jahressteuer=read_amount(data["jahressteuer"]),
            daten=NeueAnmeldung(
                halter_name=str(data["halter_name"]),
                strasse=str(data["strasse"]),
                plz=str(data["plz"]),
                ort=str(data["ort"]),
                hund_name=str(data["hund_name"]),
                rasse=str(data["rasse"]),
                aufnahmedatum=date.fromisoformat(str(data["aufnahmedatum"])),
                chipnummer=str(chip) if chip else None,
                ermaessigung=Ermaessigung(data["ermaessigung"]),
                steuerfall=Steuerfall(
                    gemeinde=str(data["gemeinde"]),
                    gefaehrlich=bool(data["gefaehrlich"]),
                    anzahl_hunde_bisher=int(data["anzahl_hunde_bisher"]),
                    anzahl_gefaehrlich_bisher=None
                    if gefaehrlich_bisher is None
                    else int(gefaehrlich_bisher),
                ),
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # A reply we cannot read is a backend fault, not the citizen's.
        raise ServiceUnavailable(f"unexpected registration reply: {exc!r}") from exc


class HundesteuerClient(ServiceClient):
    """Tariffs, quotes, registrations and de-registrations of dogs for the dog tax."""

    async def tarife(self, gemeinde: str) -> Tarife:
        """The municipality's rates per dog and position.

        Raises:
            NotFound: the backend keeps no tariff for this municipality.
        """
        data = await self.get_json("/hundesteuer/tarife", params={"gemeinde": gemeinde})
        return read_tarife(data)

    async def jahressteuer(self, fall: Steuerfall) -> Jahressteuer:
        """The annual tax the backend would charge for this dog (nothing is stored).

        Raises:
            NotFound: the backend keeps no tariff for this municipality.
        """
        return read_jahressteuer(await self.post_json("/hundesteuer/berechnung", fall.payload()))

    async def anmelden(self, anmeldung: NeueAnmeldung) -> Anmeldung:
        """Submits a registration; returns it with the backend's aktenzeichen and annual tax.

        Raises:
            ServiceError: any backend failure (InvalidRequest for refused data).
        """
        data = await self.post_json("/hundesteuer/anmeldungen", dict(anmeldung.payload()))
        return _anmeldung(data)

    async def abmelden(self, abmeldung: NeueAbmeldung) -> Abmeldung:
        """Submits a de-registration; the receipt says whether the tax office checks it first.

        Raises:
            NotFound: the aktenzeichen is unknown.
        """
        data = await self.post_json("/hundesteuer/abmeldungen", abmeldung.payload())
        try:
            return Abmeldung(
                id=str(data["id"]),
                vorgangsnummer=str(data["vorgangsnummer"]),
                status=_abmeldestatus(data.get("status")),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ServiceUnavailable(f"unexpected de-registration reply: {exc!r}") from exc
