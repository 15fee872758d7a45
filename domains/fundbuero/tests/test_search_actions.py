"""The search flow: taking over the first message, searching, listing, and the backend failing."""

from __future__ import annotations

import logging
from datetime import date

from rasa_sdk.events import SlotSet

from domains.fundbuero.actions import ActionSuchen, ActionSucheStarten
from domains.fundbuero.actions.suche import SUCHAUFTRAG
from domains.fundbuero.client import Suchergebnis
from domains.fundbuero.tests.support import (
    OFFICE,
    SETTINGS,
    FakeClient,
    action,
    fundsache,
    make_tracker,
    message,
    responses,
)
from nrwbot.offers import remember_offer
from nrwbot.service_client import ServiceUnavailable

SLOTS = {
    "fundbuero_item": "Rucksack",
    "fundbuero_color": "schwarzen",
    "fundbuero_location": "im Bus",
    "fundbuero_date": "gestern",
}


async def test_first_message_fills_what_it_says_and_clears_the_rest(dispatcher) -> None:
    tracker = make_tracker(
        slots={"fundbuero_name": "Alt Name", "fundbuero_location": "Bahnhof"},
        text="ich hab gestern meinen schwarzen Rucksack verloren",
        entities=[("date", "gestern"), ("color", "schwarzen"), ("item", "Rucksack")],
    )

    events = await action(ActionSucheStarten).run(dispatcher, tracker, {})

    values = {e["name"]: e["value"] for e in events}
    assert values["fundbuero_item"] == "Rucksack"
    assert values["fundbuero_color"] == "schwarzen"
    assert values["fundbuero_date"] == "gestern"
    assert values["fundbuero_location"] is None
    assert values["fundbuero_name"] is None
    assert dispatcher.messages == []


async def test_a_lost_id_document_becomes_the_item(dispatcher) -> None:
    tracker = make_tracker(text="perso verloren", entities=[("document_type", "Personalausweis")])

    events = await action(ActionSucheStarten).run(dispatcher, tracker, {})

    assert SlotSet("fundbuero_item", "Personalausweis") in events


async def test_matches_are_listed_with_how_to_claim_them(dispatcher) -> None:
    ergebnis = Suchergebnis(
        items=(fundsache("F-2026-00002", "schwarzer Rucksack mit Turnbeutel"),), total=3
    )
    client = FakeClient(ergebnis=ergebnis)

    events = await action(ActionSuchen, client).run(dispatcher, make_tracker(SLOTS), {})

    [anfrage] = client.calls
    # Colour and place rank (q) instead of filtering: the backend filters farbe/ort strictly.
    assert (anfrage.q, anfrage.kategorie) == ("Rucksack schwarz Bus", "Rucksack")
    assert (anfrage.farbe, anfrage.ort) == (None, None)
    assert (anfrage.von, anfrage.bis) == (date(2026, 11, 9), date(2026, 11, 12))
    assert anfrage.limit == SETTINGS.max_results
    assert responses(dispatcher) == [
        "utter_fundbuero_treffer",
        "utter_fundbuero_weitere_treffer",
        "utter_fundbuero_treffer_abholen",
        "utter_fundbuero_gebuehr_unbekannt",
        "utter_fundbuero_stelle_unbekannt",
        "utter_fundbuero_suchauftrag_angebot_nach_treffern",
    ]
    treffer = message(dispatcher, "utter_fundbuero_treffer")["treffer"]
    assert "F-2026-00002" in treffer and "11.11.2026" in treffer and "Bus Linie 550" in treffer
    assert message(dispatcher, "utter_fundbuero_weitere_treffer")["weitere"] == 2
    assert message(dispatcher, "utter_fundbuero_treffer_abholen")["stelle"] == "Bürgerbüro"
    assert events == [SlotSet("fundbuero_angebot", "suchauftrag"), *remember_offer(SUCHAUFTRAG)]


async def test_only_max_results_are_shown(dispatcher) -> None:
    items = tuple(fundsache(f"F-2026-0000{i}", f"Rucksack {i}") for i in range(1, 6))
    client = FakeClient(ergebnis=Suchergebnis(items=items, total=5))
    settings = SETTINGS.copy(update=dict(max_results=3))

    await action(ActionSuchen, client, settings).run(dispatcher, make_tracker(SLOTS), {})

    treffer = message(dispatcher, "utter_fundbuero_treffer")["treffer"]
    assert treffer.count("•") == 3 and "F-2026-00004" not in treffer
    assert message(dispatcher, "utter_fundbuero_weitere_treffer")["weitere"] == 2


async def test_a_confirmed_office_is_named_with_its_details(dispatcher) -> None:
    client = FakeClient(ergebnis=Suchergebnis(items=(fundsache("F-1", "Rucksack"),), total=1))
    settings = SETTINGS.copy(update=dict(office=OFFICE, fee_info="Ab 25 € Wert 10 €."))

    await action(ActionSuchen, client, settings).run(dispatcher, make_tracker(SLOTS), {})

    assert message(dispatcher, "utter_fundbuero_stelle")["office_phone"] == "0123 4567"
    assert message(dispatcher, "utter_fundbuero_gebuehr")["fee_info"] == "Ab 25 € Wert 10 €."
    assert message(dispatcher, "utter_fundbuero_treffer_abholen")["stelle"] == OFFICE.name


async def test_no_match_says_so_and_offers_a_search_request(dispatcher) -> None:
    client = FakeClient()

    events = await action(ActionSuchen, client).run(dispatcher, make_tracker(SLOTS), {})

    assert responses(dispatcher) == [
        "utter_fundbuero_keine_treffer",
        "utter_fundbuero_hinweis_verkehr",  # lost in a bus: the operator may have it (§ 978 BGB)
        "utter_fundbuero_suchauftrag_angebot",
    ]
    assert events == [SlotSet("fundbuero_angebot", "suchauftrag"), *remember_offer(SUCHAUFTRAG)]


async def test_unknown_place_and_date_are_not_sent_as_filters(dispatcher) -> None:
    client = FakeClient()
    slots = {
        "fundbuero_item": "Handy",
        "fundbuero_location": "unbekannt",
        "fundbuero_date": "unbekannt",
    }

    await action(ActionSuchen, client).run(dispatcher, make_tracker(slots), {})

    params = client.calls[0].params()
    assert params == {"q": "Handy", "kategorie": "Mobiltelefon", "limit": "5"}
    assert "utter_fundbuero_hinweis_verkehr" not in responses(dispatcher)


async def test_without_a_category_only_the_item_word_is_searched(dispatcher) -> None:
    client = FakeClient()
    slots = {**SLOTS, "fundbuero_item": "Buch"}

    await action(ActionSuchen, client).run(dispatcher, make_tracker(slots), {})

    assert client.calls[0].q == "Buch" and client.calls[0].kategorie is None


async def test_lost_id_document_also_points_to_blocking_it(dispatcher) -> None:
    slots = {**SLOTS, "fundbuero_item": "Personalausweis"}

    await action(ActionSuchen, FakeClient()).run(dispatcher, make_tracker(slots), {})

    assert "utter_fundbuero_hinweis_ausweis" in responses(dispatcher)


async def test_backend_down_is_a_polite_answer_and_is_logged(dispatcher, caplog) -> None:
    client = FakeClient(error=ServiceUnavailable("GET /fundsachen: ConnectError"))

    with caplog.at_level(logging.WARNING):
        events = await action(ActionSuchen, client).run(dispatcher, make_tracker(SLOTS), {})

    assert responses(dispatcher) == [
        "utter_fundbuero_nicht_erreichbar",
        "utter_fundbuero_stelle_unbekannt",
    ]
    assert events == [SlotSet("fundbuero_angebot", None)]  # no search request on offer
    assert "fundbuero" in caplog.text and "conv-42" in caplog.text and "ConnectError" in caplog.text
