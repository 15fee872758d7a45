"""Which responses the expert sends for a result, with the municipal values they need.

Each function picks responses from the domain and passes in values from the tenant settings. Where
a town has not confirmed a value (its Fundbüro, fees, animal shelter), the "unbekannt" variant
points to the town's general contact instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from domains.fundbuero import items
from domains.fundbuero.angaben import Angaben
from domains.fundbuero.client import Suchergebnis
from domains.fundbuero.items import FundArt, TierFall
from domains.fundbuero.presentation import rechnung, stelle_werte, treffer_liste
from domains.fundbuero.reward import Finderlohn, betrag_aus_text, is_oeffentlich
from domains.fundbuero.tenant_settings import FundbueroSettings
from nrwbot.german import euro

BAGATELLGRENZE = 10  # § 965 Abs. 2 BGB: finds worth up to 10 € need no report


class _Dispatcher(Protocol):
    def utter_message(self, *args: Any, **kwargs: Any) -> None: ...


class _Tracker(Protocol):
    latest_message: dict[str, Any]

    def get_latest_entity_values(self, entity_type: str) -> Any: ...


@dataclass(frozen=True)
class Kontext:
    """The tenant's settings plus the general contact office from the conversation's slots."""

    settings: FundbueroSettings
    contact_office: str | None

    @property
    def stelle(self) -> str:
        """Where to go: the confirmed Fundbüro, else the town's general office."""
        if self.settings.office:
            return self.settings.office.name
        return self.contact_office or "Bürgerbüro"


def say_stelle(dispatcher: _Dispatcher, kontext: Kontext) -> None:
    """Names the Fundbüro with address and hours, or says honestly that they are not known."""
    if kontext.settings.office:
        dispatcher.utter_message(
            response="utter_fundbuero_stelle", **stelle_werte(kontext.settings.office)
        )
    else:
        dispatcher.utter_message(response="utter_fundbuero_stelle_unbekannt")


def say_gebuehr(dispatcher: _Dispatcher, kontext: Kontext) -> None:
    if kontext.settings.fee_info:
        dispatcher.utter_message(
            response="utter_fundbuero_gebuehr", fee_info=kontext.settings.fee_info
        )
    else:
        dispatcher.utter_message(
            response="utter_fundbuero_gebuehr_unbekannt", stelle=kontext.stelle
        )


def say_nicht_erreichbar(dispatcher: _Dispatcher, kontext: Kontext) -> None:
    dispatcher.utter_message(response="utter_fundbuero_nicht_erreichbar")
    say_stelle(dispatcher, kontext)


def say_fehler(dispatcher: _Dispatcher, kontext: Kontext, *, abgelehnt: bool) -> None:
    """A failed write: refused input and an unreachable backend read differently."""
    if abgelehnt:
        dispatcher.utter_message(response="utter_fundbuero_angaben_abgelehnt")
        say_stelle(dispatcher, kontext)
    else:
        say_nicht_erreichbar(dispatcher, kontext)


def say_suchergebnis(
    dispatcher: _Dispatcher, kontext: Kontext, angaben: Angaben, ergebnis: Suchergebnis
) -> None:
    """Lists up to `max_results` matches and how to claim them, or says there are none."""
    shown = ergebnis.items[: kontext.settings.max_results]
    if shown:
        dispatcher.utter_message(response="utter_fundbuero_treffer", treffer=treffer_liste(shown))
        if ergebnis.total > len(shown):
            dispatcher.utter_message(
                response="utter_fundbuero_weitere_treffer", weitere=ergebnis.total - len(shown)
            )
        dispatcher.utter_message(response="utter_fundbuero_treffer_abholen", stelle=kontext.stelle)
        say_gebuehr(dispatcher, kontext)
        say_stelle(dispatcher, kontext)
    else:
        dispatcher.utter_message(response="utter_fundbuero_keine_treffer")
        if is_oeffentlich(angaben.location or ""):
            dispatcher.utter_message(response="utter_fundbuero_hinweis_verkehr")
        if kontext.settings.online_list_url:
            dispatcher.utter_message(
                response="utter_fundbuero_online_liste",
                online_list_url=kontext.settings.online_list_url,
            )
    if angaben.kategorie == "Ausweisdokument":
        dispatcher.utter_message(response="utter_fundbuero_hinweis_ausweis")
    dispatcher.utter_message(
        response="utter_fundbuero_suchauftrag_angebot_nach_treffern"
        if shown
        else "utter_fundbuero_suchauftrag_angebot"
    )


def say_tier(dispatcher: _Dispatcher, kontext: Kontext, fall: TierFall) -> None:
    """Where a found animal goes, or where to ask for a missing one, then the town's office.

    Found animals go to the Ordnungsamt and its contracted Tierheim, not to the Fundbüro shelf;
    the Tierheim is named only when the town configured it (`animal_info`), else its contact.
    """
    if fall is not TierFall.VERMISST:
        dispatcher.utter_message(response="utter_fundbuero_fund_tier")
    if fall is not TierFall.FUNDTIER:
        dispatcher.utter_message(response="utter_fundbuero_tier_vermisst")
    if kontext.settings.animal_info:
        dispatcher.utter_message(
            response="utter_fundbuero_fund_tier_stelle", animal_info=kontext.settings.animal_info
        )
    else:
        dispatcher.utter_message(response="utter_fundbuero_fund_tier_stelle_unbekannt")


def say_fund_hinweise(dispatcher: _Dispatcher, kontext: Kontext, tracker: _Tracker) -> bool:
    """Advice for someone who found something.

    Returns:
        Whether to offer registering the find here (not for animals, cash from an ATM or
        trifles, which do not go to the Fundbüro).
    """
    text = tracker.latest_message.get("text") or ""
    item = next(iter(tracker.get_latest_entity_values("item")), None)
    document = next(iter(tracker.get_latest_entity_values("document_type")), None)
    art = items.fund_art(text, item, document)
    wert = betrag_aus_text(text)
    if art is FundArt.TIER:
        say_tier(dispatcher, kontext, TierFall.FUNDTIER)
        return False
    if art is FundArt.GELDAUTOMAT:
        dispatcher.utter_message(response="utter_fundbuero_fund_geldautomat")
        return False
    if wert is not None and wert <= BAGATELLGRENZE:
        dispatcher.utter_message(response="utter_fundbuero_fund_bagatelle")
        return False
    if art is FundArt.AUSWEIS:
        dispatcher.utter_message(response="utter_fundbuero_fund_ausweis")
        return False
    if art is FundArt.GELDBOERSE:
        dispatcher.utter_message(response="utter_fundbuero_fund_geldboerse")
    dispatcher.utter_message(response="utter_fundbuero_fund_allgemein")
    say_stelle(dispatcher, kontext)
    return True


def say_finderlohn(dispatcher: _Dispatcher, lohn: Finderlohn) -> None:
    """The computed reward with its calculation, or why there is none."""
    werte = {"wert": euro(lohn.wert), "betrag": euro(lohn.betrag), "rechnung": rechnung(lohn)}
    if lohn.ausgeschlossen:
        dispatcher.utter_message(response="utter_fundbuero_finderlohn_ausgeschlossen", **werte)
    elif lohn.halbiert:
        dispatcher.utter_message(response="utter_fundbuero_finderlohn_halbiert", **werte)
    else:
        dispatcher.utter_message(response="utter_fundbuero_finderlohn_berechnet", **werte)
