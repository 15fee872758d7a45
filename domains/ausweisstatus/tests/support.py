"""Trackers and tenant settings for the ausweisstatus unit tests (no tenant files, no network)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from nrwbot import testing

SETTINGS: dict[str, Any] = {
    "backend_url": "http://backend.test/api/v1",
    "abholort": "Bürgerbüro Teststadt, Markt 1",
    "dauer_personalausweis": "etwa 2 bis 3 Wochen",
    "dauer_reisepass": "etwa 4 bis 6 Wochen",
    "gebuehren": {
        "personalausweis_unter_24": "27,60 €",
        "personalausweis_ab_24": "46,00 €",
        "reisepass_unter_24": "37,50 €",
        "reisepass_ab_24": "70,00 €",
        "express_zuschlag_reisepass": "32,00 €",
        "vorlaeufiger_personalausweis": "10,00 €",
        "vorlaeufiger_reisepass": "26,00 €",
        "foto_behoerde": "6,00 €",
    },
}
CONTACT_SLOTS = {
    "tenant": "teststadt",
    "municipality": "Stadt Teststadt",
    "contact_office": "Bürgerbüro",
    "contact_phone": "01234 56-0",
    "contact_email": "info@teststadt.example",
    "opening_hours": "Mo–Fr 8–12 Uhr",
}


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    entities: list[dict[str, Any]] | None = None,
    intent: str = "inform",
    active_loop: str | None = None,
) -> Tracker:
    """A tracker whose latest message is `text` with the given intent and entities."""
    return testing.make_tracker(
        {**CONTACT_SLOTS, **(slots or {})},
        text=text,
        intent=intent,
        entities=entities,
        active_loop=active_loop,
    )


entity = testing.entity
