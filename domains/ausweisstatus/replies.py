"""Values that fill the expert's responses: tenant settings, with pointers to the contact for gaps.

Durations, fees, the pick-up place and opening hours differ by municipality or change by law, so
they live in the tenant file (`experts: ausweisstatus:`), never in code or response texts. Where a
tenant leaves an optional value out, the answer points to its contact office instead of guessing.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from domains.ausweisstatus.inputs import DocumentType, document_type_of
from domains.ausweisstatus.settings import AusweisSettings
from nrwbot.conversation import CONTACT_OFFICE_SLOT, CONTACT_PHONE_SLOT, OPENING_HOURS_SLOT

EXPERT = "ausweisstatus"
FEE_KEYS = (
    "personalausweis_unter_24",
    "personalausweis_ab_24",
    "reisepass_unter_24",
    "reisepass_ab_24",
    "express_zuschlag_reisepass",
    "vorlaeufiger_personalausweis",
    "vorlaeufiger_reisepass",
    "foto_behoerde",
)
# The fees each fee answer names: a gap sends the citizen to the office only where it shows.
_FEES_NAMED: dict[DocumentType | None, tuple[str, ...]] = {
    DocumentType.PERSONALAUSWEIS: (
        "personalausweis_unter_24",
        "personalausweis_ab_24",
        "vorlaeufiger_personalausweis",
        "foto_behoerde",
    ),
    DocumentType.REISEPASS: (
        "reisepass_unter_24",
        "reisepass_ab_24",
        "express_zuschlag_reisepass",
        "vorlaeufiger_reisepass",
        "foto_behoerde",
    ),
    DocumentType.KINDERREISEPASS: ("personalausweis_unter_24", "reisepass_unter_24"),
    None: FEE_KEYS,
}
_KINDERREISEPASS_WORDS = re.compile(r"kinder[\s-]?(?:reise)?pass|kinderreisepas", re.IGNORECASE)


class _Conversation(Protocol):
    latest_message: dict[str, Any]

    def get_slot(self, key: str) -> Any: ...


def _office(tracker: _Conversation) -> str:
    return str(tracker.get_slot(CONTACT_OFFICE_SLOT) or "Bürgerbüro")


def _ask_office(tracker: _Conversation) -> str:
    return f"bitte beim {_office(tracker)} erfragen"


def fee_values(settings: AusweisSettings, tracker: _Conversation) -> dict[str, str]:
    """`gebuehr_<key>` for every fee the responses name."""
    fees = settings.gebuehren
    return {f"gebuehr_{key}": str(getattr(fees, key) or _ask_office(tracker)) for key in FEE_KEYS}


def fees_missing(settings: AusweisSettings, kind: DocumentType | None) -> bool:
    """True if the fee answer for `kind` names a fee the tenant has not configured."""
    return any(getattr(settings.gebuehren, key) is None for key in _FEES_NAMED[kind])


def document_response(base: str, kind: DocumentType | None) -> str:
    """`base` with `_personalausweis` or `_reisepass` when the citizen named that document.

    Without a named document (or for the abolished Kinderreisepass) the answer covers both.
    """
    if kind is DocumentType.PERSONALAUSWEIS:
        return f"{base}_personalausweis"
    if kind is DocumentType.REISEPASS:
        return f"{base}_reisepass"
    return base


def duration_values(settings: AusweisSettings, tracker: _Conversation) -> dict[str, str]:
    """Typical production times the municipality states for each document."""
    return {
        "dauer_personalausweis": settings.dauer_personalausweis,
        "dauer_reisepass": settings.dauer_reisepass,
    }


def pickup_values(
    settings: AusweisSettings, tracker: _Conversation, abholort: str | None = None
) -> dict[str, str]:
    """Where and when documents are picked up.

    Args:
        settings: the tenant's settings for this expert.
        tracker: the conversation (for the tenant's general contact slots).
        abholort: the place the backend named for one application; wins over the setting.
    """
    phone = tracker.get_slot(CONTACT_PHONE_SLOT)
    termin = settings.abholung_termin or (
        f"Ob Sie für die Abholung einen Termin brauchen, erfahren Sie beim {_office(tracker)}"
        + (f" unter {phone}." if phone else ".")
    )
    return {
        "abholort": str(abholort or settings.abholort),
        "oeffnungszeiten": str(
            settings.oeffnungszeiten or tracker.get_slot(OPENING_HOURS_SLOT) or _ask_office(tracker)
        ),
        "abholung_termin": str(termin),
    }


def _entity_values(tracker: _Conversation, entity: str) -> list[str]:
    return [
        str(found.get("value"))
        for found in tracker.latest_message.get("entities") or []
        if found.get("entity") == entity and found.get("value")
    ]


def asked_document_type(tracker: _Conversation) -> DocumentType | None:
    """The document the citizen named in the latest message, if any.

    The Kinderreisepass is also recognised from the text alone, because missing its abolition
    would send parents to apply for something that no longer exists.
    """
    named = [document_type_of(value) for value in _entity_values(tracker, "document_type")]
    if DocumentType.KINDERREISEPASS in named or _KINDERREISEPASS_WORDS.search(
        str(tracker.latest_message.get("text") or "")
    ):
        return DocumentType.KINDERREISEPASS
    return next((kind for kind in named if kind is not None), None)
