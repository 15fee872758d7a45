"""Trackers and tenant settings for the ausweisstatus unit tests (no tenant files, no network)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

SETTINGS: dict[str, Any] = {
    "backend_url": "http://backend.test/api/v1",
    "abholort": "Bürgerbüro Teststadt, Markt 1",
    "dauer_personalausweis": "etwa 2 bis 3 Wochen",
    "dauer_reisepass": "etwa 4 bis 6 Wochen",
    "gebuehren": {
        "personalausweis_unter_24": "27,60 €",
        "reisepass_unter_24": "37,50 €",
        "express_zuschlag_reisepass": "32,00 €",
        "vorlaeufiger_personalausweis": "10,00 €",
        "vorlaeufiger_reisepass": "26,00 €",
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
    return Tracker(
        sender_id="conversation-4711",
        slots={"requested_slot": None, **CONTACT_SLOTS, **(slots or {})},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": entities or [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def entity(name: str, value: str) -> dict[str, Any]:
    """An extracted entity as it appears in `latest_message`."""
    return {"entity": name, "value": value, "start": 0, "end": len(value)}
