"""Test helpers: trackers built in code, a fake Fundsachen client, fixed settings and today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from domains.fundbuero.client import (
    Fundmeldung,
    Fundsache,
    FundStatus,
    Suchanfrage,
    Suchauftrag,
    SuchauftragBestaetigung,
    Suchergebnis,
)
from domains.fundbuero.tenant_settings import FundbueroSettings, Fundstelle
from nrwbot import testing

TODAY = date(2026, 11, 12)  # a Thursday
CONTACT_OFFICE = "Bürgerbüro"
SETTINGS = FundbueroSettings(backend_url="http://backend.test/api/v1")
OFFICE = Fundstelle(
    name="Fundbüro im Bürgerbüro",
    address="Musterweg 1, 12345 Musterstadt",
    phone="0123 4567",
    email="fundbuero@example.org",
    opening_hours="Mo–Fr 8–12 Uhr",
)


def fundsache(nummer: str, beschreibung: str, fundort: str = "Bus Linie 550") -> Fundsache:
    return Fundsache(
        fundnummer=nummer,
        kategorie="Rucksack",
        beschreibung=beschreibung,
        farbe="schwarz",
        fundort=fundort,
        funddatum=date(2026, 11, 11),
        status=FundStatus.EINGELAGERT,
    )


@dataclass
class FakeClient:
    """Records calls; returns canned results or raises `error`."""

    ergebnis: Suchergebnis = field(default_factory=lambda: Suchergebnis(items=(), total=0))
    error: Exception | None = None
    calls: list[Any] = field(default_factory=list)

    def _answer(self, call: Any) -> None:
        self.calls.append(call)
        if self.error:
            raise self.error

    async def suchen(self, anfrage: Suchanfrage) -> Suchergebnis:
        self._answer(anfrage)
        return self.ergebnis

    async def fund_melden(self, meldung: Fundmeldung) -> Fundsache:
        self._answer(meldung)
        return fundsache("F-2026-00099", meldung.beschreibung, meldung.fundort)

    async def suchauftrag_anlegen(self, auftrag: Suchauftrag) -> SuchauftragBestaetigung:
        self._answer(auftrag)
        return SuchauftragBestaetigung(id="17", status="offen")


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "fundbuero_verlust",
    entities: list[tuple[str, str]] | None = None,
) -> Tracker:
    """A tracker whose latest message has `text`, `intent` and (entity, value) pairs."""
    return testing.make_tracker(
        {"contact_office": CONTACT_OFFICE, **(slots or {})},
        text=text,
        intent=intent,
        entities=entities,
        sender_id="conv-42",
    )


responses = testing.responses_sent
message = testing.message_for


def action(
    cls: type, client: FakeClient | None = None, settings: FundbueroSettings = SETTINGS
) -> Any:
    """An action with a fake client, fixed settings and a fixed today."""
    return cls(client=client, settings=lambda tracker: settings, today=lambda: TODAY)
