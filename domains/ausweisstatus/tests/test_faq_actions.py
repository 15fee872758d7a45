"""The pick-up and duration answers: tenant values, the Kinderreisepass, and gaps in settings."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from domains.ausweisstatus.actions import ActionAusweisAbholungInfo, ActionAusweisDauerInfo
from domains.ausweisstatus.settings import AusweisSettings
from domains.ausweisstatus.tests.support import entity, make_tracker


async def answer(action_class: type, settings: dict[str, Any], **message: Any) -> list[dict]:
    dispatcher = CollectingDispatcher()
    action = action_class(settings_of=lambda _: AusweisSettings.parse_obj(settings))
    assert await action.run(dispatcher, make_tracker(**message), {}) == []
    return dispatcher.messages


async def test_pickup_answer_uses_the_tenant_place_and_hours(settings: dict[str, Any]) -> None:
    settings["oeffnungszeiten"] = "Di 8–18 Uhr"
    settings["abholung_termin"] = "Für die Abholung brauchen Sie keinen Termin."

    (message,) = await answer(ActionAusweisAbholungInfo, settings, text="Was muss ich mitbringen?")

    assert message["response"] == "utter_ausweis_abholung"
    assert message["abholort"] == "Bürgerbüro Teststadt, Markt 1"
    assert message["oeffnungszeiten"] == "Di 8–18 Uhr"
    assert message["abholung_termin"] == "Für die Abholung brauchen Sie keinen Termin."


async def test_pickup_answer_points_to_the_office_where_the_tenant_knows_nothing(
    settings: dict[str, Any],
) -> None:
    (message,) = await answer(ActionAusweisAbholungInfo, settings, text="Brauche ich einen Termin?")
    assert message["oeffnungszeiten"] == "Mo–Fr 8–12 Uhr"  # general hours of the municipality
    assert "erfahren Sie beim Bürgerbüro unter 01234 56-0" in message["abholung_termin"]


async def test_pickup_question_about_a_kinderreisepass_explains_what_children_get(
    settings: dict[str, Any],
) -> None:
    messages = await answer(
        ActionAusweisAbholungInfo,
        settings,
        text="Was brauche ich für den Kinderreisepass?",
        entities=[entity("document_type", "Kinderreisepass")],
    )
    assert [m["response"] for m in messages] == [
        "utter_ausweis_kinderreisepass",
        "utter_ausweis_abholung",
    ]
    assert messages[0]["gebuehr_reisepass_unter_24"] == "37,50 €"
    assert messages[0]["gebuehr_personalausweis_unter_24"] == "27,60 €"


async def test_duration_answer_for_an_id_card_only(settings: dict[str, Any]) -> None:
    messages = await answer(
        ActionAusweisDauerInfo,
        settings,
        text="Wie lange dauert ein Perso?",
        entities=[entity("document_type", "Perso")],
    )
    assert [m["response"] for m in messages] == [
        "utter_ausweis_dauer_personalausweis",
        "utter_ausweis_dauer_eilig",
    ]
    assert messages[0]["dauer_personalausweis"] == "etwa 2 bis 3 Wochen"
    assert messages[1]["gebuehr_express_zuschlag_reisepass"] == "32,00 €"


async def test_duration_answer_for_a_passport_only(settings: dict[str, Any]) -> None:
    messages = await answer(
        ActionAusweisDauerInfo, settings, entities=[entity("document_type", "reisepas")]
    )
    assert messages[0]["response"] == "utter_ausweis_dauer_reisepass"


async def test_duration_answer_without_a_document_names_both(settings: dict[str, Any]) -> None:
    messages = await answer(ActionAusweisDauerInfo, settings, text="Wie lange dauert das?")
    assert [m["response"] for m in messages] == ["utter_ausweis_dauer", "utter_ausweis_dauer_eilig"]


async def test_kinderreisepass_is_explained_even_if_nlu_missed_the_entity(
    settings: dict[str, Any],
) -> None:
    messages = await answer(
        ActionAusweisDauerInfo, settings, text="wie lange dauert ein kinder-reisepass"
    )
    assert [m["response"] for m in messages] == [
        "utter_ausweis_kinderreisepass",
        "utter_ausweis_dauer",
        "utter_ausweis_dauer_eilig",
    ]


async def test_a_fee_the_tenant_did_not_configure_points_to_the_office(
    settings: dict[str, Any],
) -> None:
    del settings["gebuehren"]["vorlaeufiger_reisepass"]
    messages = await answer(ActionAusweisDauerInfo, settings, text="Geht es schneller?")
    assert messages[-1]["gebuehr_vorlaeufiger_reisepass"] == "bitte beim Bürgerbüro erfragen"
    assert messages[-1]["gebuehr_vorlaeufiger_personalausweis"] == "10,00 €"
