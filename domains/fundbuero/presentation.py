"""German formatting of search hits, amounts and the office contact for the expert's responses.

Only the variable parts of a message are built here; the sentences around them live in the
domain's responses so that they can be reviewed and translated in one place.
"""

from __future__ import annotations

from domains.fundbuero.client import Fundsache
from domains.fundbuero.reward import Finderlohn
from domains.fundbuero.tenant_settings import Fundstelle
from nrwbot.german import euro, german_date, percent

MAX_DESCRIPTION = 90


def rechnung(lohn: Finderlohn) -> str:
    """The calculation as one line, e.g. "5 % von 500,00 € = 25,00 € + 3 % von 300,00 € = 9,00 €"."""
    return " + ".join(
        f"{percent(a.satz)} von {euro(a.basis)} = {euro(a.betrag)}" for a in lohn.anteile
    )


def _kurz(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1].rstrip() + "…"


def treffer_liste(items: tuple[Fundsache, ...]) -> str:
    """One line per match: number, public description, where and when it was found."""
    return "\n".join(
        f"• {item.fundnummer}: {_kurz(item.beschreibung)} "
        f"(gefunden am {german_date(item.funddatum)}, {item.fundort})"
        for item in items
    )


def stelle_werte(office: Fundstelle) -> dict[str, str]:
    """Values for the response that names the confirmed Fundbüro."""
    return {
        "office_name": office.name,
        "office_address": office.address,
        "office_phone": office.phone,
        "office_email": office.email,
        "office_opening_hours": office.opening_hours,
    }
