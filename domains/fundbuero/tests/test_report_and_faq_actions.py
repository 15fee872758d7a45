"""Reporting a find, filing a search request, the FAQ answers and the form checks."""

from __future__ import annotations

from datetime import date

import pytest
from rasa_sdk.events import SlotSet

from domains.fundbuero.actions import (
    ActionAbholung,
    ActionAufbewahrung,
    ActionFinderlohn,
    ActionFundErfassen,
    ActionFundInfo,
    ActionSuchauftragSenden,
    ValidateFundForm,
    ValidateSucheForm,
)
from domains.fundbuero.angaben import SLOTS
from domains.fundbuero.tests.support import (
    SETTINGS,
    TODAY,
    FakeClient,
    action,
    make_tracker,
    message,
    responses,
)
from nrwbot.service_client import InvalidRequest, ServiceUnavailable

FORGET_ALL = [SlotSet(slot, None) for slot in SLOTS] + [SlotSet("fundbuero_angebot", None)]


@pytest.mark.parametrize(
    ("text", "entities", "expected", "offered"),
    [
        ("Ich hab einen Hund gefunden", [], "utter_fundbuero_fund_tier", False),
        ("Geld im Geldautomaten gefunden", [], "utter_fundbuero_fund_geldautomat", False),
        ("muss ich nen 5 euro schein abgeben", [], "utter_fundbuero_fund_bagatelle", False),
        (
            "Perso gefunden",
            [("document_type", "Personalausweis")],
            "utter_fundbuero_fund_ausweis",
            False,
        ),
        ("Portemonnaie gefunden", [("item", "Geldbörse")], "utter_fundbuero_fund_geldboerse", True),
        (
            "Schlüssel am Bahnhof gefunden",
            [("item", "Schlüssel")],
            "utter_fundbuero_fund_allgemein",
            True,
        ),
    ],
)
async def test_finds_get_the_advice_they_need(
    dispatcher, text, entities, expected, offered
) -> None:
    tracker = make_tracker(text=text, intent="fundbuero_fund_melden", entities=entities)

    events = await action(ActionFundInfo).run(dispatcher, tracker, {})

    assert expected in responses(dispatcher)
    assert ("utter_fundbuero_fund_angebot" in responses(dispatcher)) is offered
    assert SlotSet("fundbuero_angebot", "fundmeldung" if offered else None) in events


async def test_animal_advice_uses_the_towns_setting_when_confirmed(dispatcher) -> None:
    settings = SETTINGS.copy(
        update=dict(animal_info="Fundtiere nimmt das Tierheim Musterstadt an.")
    )
    tracker = make_tracker(text="Katze zugelaufen", intent="fundbuero_fund_melden")

    await action(ActionFundInfo, settings=settings).run(dispatcher, tracker, {})

    assert message(dispatcher, "utter_fundbuero_fund_tier_stelle")["animal_info"].startswith(
        "Fundtiere"
    )
    assert "utter_fundbuero_fund_tier_stelle_unbekannt" not in responses(dispatcher)


async def test_anonymous_find_is_registered_without_finder_data(dispatcher) -> None:
    client = FakeClient()
    slots = {
        "fundbuero_item": "Schlüssel",
        "fundbuero_color": "rotem",
        "fundbuero_location": "am Bahnhof",
        "fundbuero_date": "gestern",
        "fundbuero_name": "anonym",
    }

    events = await action(ActionFundErfassen, client).run(dispatcher, make_tracker(slots), {})

    [meldung] = client.calls
    assert meldung.kategorie == "Schlüssel"
    assert meldung.beschreibung == "Schlüssel (rot)"
    assert meldung.funddatum == date(2026, 11, 11)
    assert meldung.finder_name is None and meldung.finder_kontakt is None
    assert message(dispatcher, "utter_fundbuero_fund_erfasst")["fundnummer"] == "F-2026-00099"
    assert events == FORGET_ALL


async def test_find_with_unknown_date_and_place_counts_as_today(dispatcher) -> None:
    client = FakeClient()
    slots = {
        "fundbuero_item": "Buch",
        "fundbuero_location": "unbekannt",
        "fundbuero_date": "unbekannt",
        "fundbuero_name": "Anna Becker",
        "fundbuero_kontakt": "anna@example.org",
    }

    await action(ActionFundErfassen, client).run(dispatcher, make_tracker(slots), {})

    [meldung] = client.calls
    assert (meldung.kategorie, meldung.funddatum) == ("Sonstiges", TODAY)
    assert (meldung.finder_name, meldung.finder_kontakt) == ("Anna Becker", "anna@example.org")


async def test_search_request_is_filed_and_personal_data_forgotten(dispatcher) -> None:
    client = FakeClient()
    slots = {
        "fundbuero_item": "Handy",
        "fundbuero_location": "im Bus",
        "fundbuero_date": "letzte Woche",
        "fundbuero_name": "Anna Becker",
        "fundbuero_kontakt": "0171 2345678",
    }

    events = await action(ActionSuchauftragSenden, client).run(dispatcher, make_tracker(slots), {})

    [auftrag] = client.calls
    assert auftrag.beschreibung == "Handy (verloren: letzte Woche)"
    assert auftrag.verlustdatum is None  # a week is no exact day
    assert (auftrag.kategorie, auftrag.verlustort) == ("Mobiltelefon", "im Bus")
    assert message(dispatcher, "utter_fundbuero_suchauftrag_aufgenommen")["auftragsnummer"] == "17"
    assert events == FORGET_ALL


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (InvalidRequest("400", {"error": "validation"}), "utter_fundbuero_angaben_abgelehnt"),
        (ServiceUnavailable("down"), "utter_fundbuero_nicht_erreichbar"),
    ],
)
async def test_failed_search_request_says_why_and_forgets_data(dispatcher, error, expected) -> None:
    slots = {
        "fundbuero_item": "Handy",
        "fundbuero_name": "A B",
        "fundbuero_kontakt": "0171 1234567",
    }

    events = await action(ActionSuchauftragSenden, FakeClient(error=error)).run(
        dispatcher, make_tracker(slots), {}
    )

    assert responses(dispatcher)[0] == expected
    assert "utter_fundbuero_suchauftrag_aufgenommen" not in responses(dispatcher)
    assert events == FORGET_ALL


@pytest.mark.parametrize(
    ("text", "response", "betrag"),
    [
        (
            "Handy gefunden, 800 Euro wert, wie viel Finderlohn?",
            "utter_fundbuero_finderlohn_berechnet",
            "34,00 €",
        ),
        (
            "finderlohn für ein handy für 800 euro im bus",
            "utter_fundbuero_finderlohn_halbiert",
            "17,00 €",
        ),
        ("Hund gefunden, der ist 600 € wert", "utter_fundbuero_finderlohn_berechnet", "18,00 €"),
        ("im Zug gefunden, 40 Euro", "utter_fundbuero_finderlohn_ausgeschlossen", "0,00 €"),
    ],
)
async def test_reward_is_computed_for_a_named_value(dispatcher, text, response, betrag) -> None:
    tracker = make_tracker(text=text, intent="fundbuero_finderlohn")

    await action(ActionFinderlohn).run(dispatcher, tracker, {})

    assert responses(dispatcher) == [response]
    assert message(dispatcher, response)["betrag"] == betrag


async def test_reward_without_value_explains_and_asks_for_it(dispatcher) -> None:
    await action(ActionFinderlohn).run(
        dispatcher,
        make_tracker(text="wie hoch ist der finderlohn", intent="fundbuero_finderlohn"),
        {},
    )

    assert responses(dispatcher) == [
        "utter_fundbuero_finderlohn_regeln",
        "utter_fundbuero_finderlohn_wert_fragen",
    ]


async def test_a_follow_up_without_value_only_asks_again(dispatcher) -> None:
    await action(ActionFinderlohn).run(
        dispatcher, make_tracker(text="am Bahnhof", intent="inform"), {}
    )

    assert responses(dispatcher) == ["utter_fundbuero_finderlohn_wert_fragen"]


async def test_claiming_names_fee_and_office_or_points_to_contact(dispatcher) -> None:
    await action(ActionAbholung).run(dispatcher, make_tracker(intent="fundbuero_abholung"), {})

    assert responses(dispatcher) == [
        "utter_fundbuero_abholung",
        "utter_fundbuero_gebuehr_unbekannt",
        "utter_fundbuero_stelle_unbekannt",
    ]
    assert message(dispatcher, "utter_fundbuero_gebuehr_unbekannt")["stelle"] == "Bürgerbüro"


async def test_storage_adds_local_practice_only_when_confirmed(dispatcher) -> None:
    settings = SETTINGS.copy(
        update=dict(after_storage_info="Fahrräder werden zweimal im Jahr versteigert.")
    )

    await action(ActionAufbewahrung, settings=settings).run(dispatcher, make_tracker(), {})
    confirmed = responses(dispatcher)
    dispatcher.messages.clear()
    await action(ActionAufbewahrung).run(dispatcher, make_tracker(), {})

    assert confirmed == ["utter_fundbuero_aufbewahrung", "utter_fundbuero_verwertung"]
    assert responses(dispatcher) == [
        "utter_fundbuero_aufbewahrung",
        "utter_fundbuero_verwertung_unbekannt",
    ]


async def test_unreadable_date_is_searched_without_and_said_so(dispatcher) -> None:
    form = ValidateSucheForm(today=lambda: TODAY)

    result = form.validate_fundbuero_date(
        "an dem Tag mit dem Gewitter", dispatcher, make_tracker(), {}
    )

    assert result == {"fundbuero_date": "unbekannt"}
    assert responses(dispatcher) == ["utter_fundbuero_datum_unklar"]


async def test_a_search_request_needs_a_real_contact(dispatcher) -> None:
    form = ValidateSucheForm()

    result = form.validate_fundbuero_kontakt("weiß ich nicht", dispatcher, make_tracker(), {})

    assert result == {"fundbuero_kontakt": None}
    assert responses(dispatcher) == ["utter_fundbuero_kontakt_ungueltig"]


async def test_an_anonymous_finder_is_not_asked_for_a_contact(dispatcher) -> None:
    form = ValidateFundForm()
    domain_slots = ["fundbuero_item", "fundbuero_name", "fundbuero_kontakt"]

    anonymous = await form.required_slots(
        domain_slots, dispatcher, make_tracker({"fundbuero_name": "anonym"}), {}
    )
    named = await form.required_slots(
        domain_slots, dispatcher, make_tracker({"fundbuero_name": "Anna Becker"}), {}
    )

    assert anonymous == ["fundbuero_item", "fundbuero_name"]
    assert named == domain_slots


async def test_inside_a_form_the_reward_answer_does_not_ask_for_a_value(dispatcher) -> None:
    tracker = make_tracker(text="wie hoch ist der finderlohn", intent="fundbuero_finderlohn")
    tracker.active_loop = {"name": "fundbuero_suche_form"}

    await action(ActionFinderlohn).run(dispatcher, tracker, {})

    assert responses(dispatcher) == ["utter_fundbuero_finderlohn_regeln"]


async def test_a_value_given_later_keeps_the_context_of_the_question(dispatcher) -> None:
    tracker = make_tracker(text="so 600 euro", intent="inform")
    tracker.events = [
        {"event": "user", "text": "Ich hab einen Hund gefunden, gibt es Finderlohn?"},
        {"event": "bot", "text": "…"},
        {"event": "user", "text": "so 600 euro"},
    ]

    await action(ActionFinderlohn).run(dispatcher, tracker, {})

    assert message(dispatcher, "utter_fundbuero_finderlohn_berechnet")["betrag"] == "18,00 €"


@pytest.mark.parametrize("answer", ["gestern abend", "letzten Freitag", "Mittwoch"])
async def test_a_time_given_for_the_place_is_kept_as_time_and_the_place_asked_again(
    dispatcher, answer: str
) -> None:
    form = ValidateSucheForm(today=lambda: TODAY)
    tracker = make_tracker({"requested_slot": "fundbuero_location"})

    result = form.validate_fundbuero_location(answer, dispatcher, tracker, {})

    assert result == {"fundbuero_location": None, "fundbuero_date": answer}
    assert responses(dispatcher) == ["utter_fundbuero_zeit_statt_ort"]


@pytest.mark.parametrize(
    "answer", ["am Montag im Bus", "Mai-Platz", "vor dem Rathaus", "am Bahnhof"]
)
async def test_a_place_is_a_place_even_with_a_day_in_it(dispatcher, answer: str) -> None:
    form = ValidateSucheForm(today=lambda: TODAY)
    tracker = make_tracker({"requested_slot": "fundbuero_location"})

    assert form.validate_fundbuero_location(answer, dispatcher, tracker, {}) == {
        "fundbuero_location": answer
    }
    assert responses(dispatcher) == []


@pytest.mark.parametrize("answer", ["vor dem Rathaus", "am Bahnhof", "im Bus", "beim Bäcker"])
async def test_a_place_phrase_is_no_finders_name(dispatcher, answer: str) -> None:
    form = ValidateFundForm()

    result = form.validate_fundbuero_name(answer, dispatcher, make_tracker(), {})

    assert result == {"fundbuero_name": None}
    assert responses(dispatcher) == ["utter_fundbuero_name_ungueltig"]


@pytest.mark.parametrize("answer", ["Anna Becker", "ich heiße Ali Öztürk", "Vormann", "Imke Dietz"])
async def test_names_that_begin_like_a_preposition_stay_names(dispatcher, answer: str) -> None:
    form = ValidateFundForm()

    result = form.validate_fundbuero_name(answer, dispatcher, make_tracker(), {})

    assert result["fundbuero_name"] and result["fundbuero_name"] in answer
