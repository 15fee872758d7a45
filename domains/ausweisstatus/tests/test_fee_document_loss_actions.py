"""The fee, documents and loss answers: per named document, and never a guessed fee."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from domains.ausweisstatus.actions import (
    ActionAusweisGebuehrenInfo,
    ActionAusweisUnterlagenInfo,
    ActionAusweisVerlustInfo,
)
from domains.ausweisstatus.inputs import DocumentType
from domains.ausweisstatus.replies import FEE_KEYS, document_response
from domains.ausweisstatus.settings import AusweisSettings
from domains.ausweisstatus.tests.support import entity, make_tracker
from nrwbot.yamlio import read_yaml

EXPERT_DIR = Path(__file__).resolve().parents[1]
ASK_OFFICE = "bitte beim Bürgerbüro erfragen"


async def answer(action_class: type, settings: dict[str, Any], **message: Any) -> list[dict]:
    dispatcher = CollectingDispatcher()
    action = action_class(settings_of=lambda _: AusweisSettings.parse_obj(settings))
    assert await action.run(dispatcher, make_tracker(**message), {}) == []
    return dispatcher.messages


def responses(messages: list[dict]) -> list[str]:
    return [message["response"] for message in messages]


async def test_fees_for_a_named_id_card(settings: dict[str, Any]) -> None:
    messages = await answer(
        ActionAusweisGebuehrenInfo,
        settings,
        text="Was kostet ein Perso?",
        entities=[entity("document_type", "Perso")],
    )
    assert responses(messages) == ["utter_ausweis_gebuehren_personalausweis"]
    assert messages[0]["gebuehr_personalausweis_unter_24"] == "27,60 €"
    assert messages[0]["gebuehr_personalausweis_ab_24"] == "46,00 €"
    assert messages[0]["gebuehr_vorlaeufiger_personalausweis"] == "10,00 €"


async def test_fees_for_a_named_passport_include_express(settings: dict[str, Any]) -> None:
    messages = await answer(
        ActionAusweisGebuehrenInfo, settings, entities=[entity("document_type", "reisepas")]
    )
    assert responses(messages) == ["utter_ausweis_gebuehren_reisepass"]
    assert messages[0]["gebuehr_reisepass_ab_24"] == "70,00 €"
    assert messages[0]["gebuehr_express_zuschlag_reisepass"] == "32,00 €"


async def test_fees_without_a_named_document_name_both(settings: dict[str, Any]) -> None:
    messages = await answer(ActionAusweisGebuehrenInfo, settings, text="Was kostet das?")
    assert responses(messages) == ["utter_ausweis_gebuehren"]
    assert {f"gebuehr_{key}" for key in FEE_KEYS} <= set(messages[0])


async def test_a_fee_the_tenant_left_out_is_never_guessed(settings: dict[str, Any]) -> None:
    del settings["gebuehren"]["personalausweis_ab_24"]
    messages = await answer(
        ActionAusweisGebuehrenInfo, settings, entities=[entity("document_type", "Personalausweis")]
    )
    assert responses(messages) == [
        "utter_ausweis_gebuehren_personalausweis",
        "utter_ausweis_gebuehren_nachfragen",
    ]
    assert messages[0]["gebuehr_personalausweis_ab_24"] == ASK_OFFICE
    assert messages[0]["gebuehr_personalausweis_unter_24"] == "27,60 €"


async def test_a_gap_in_another_documents_fees_adds_no_pointer(settings: dict[str, Any]) -> None:
    del settings["gebuehren"]["reisepass_ab_24"]
    messages = await answer(
        ActionAusweisGebuehrenInfo, settings, entities=[entity("document_type", "Perso")]
    )
    assert responses(messages) == ["utter_ausweis_gebuehren_personalausweis"]


async def test_a_tenant_without_any_fee_gets_only_pointers(settings: dict[str, Any]) -> None:
    settings["gebuehren"] = {}
    messages = await answer(ActionAusweisGebuehrenInfo, settings, text="wie teuer ist ein pass")
    assert responses(messages) == ["utter_ausweis_gebuehren", "utter_ausweis_gebuehren_nachfragen"]
    assert {messages[0][f"gebuehr_{key}"] for key in FEE_KEYS} == {ASK_OFFICE}


async def test_fees_for_a_kinderreisepass_explain_what_children_get(
    settings: dict[str, Any],
) -> None:
    messages = await answer(
        ActionAusweisGebuehrenInfo, settings, text="Was kostet ein Kinderreisepass?"
    )
    assert responses(messages) == ["utter_ausweis_kinderreisepass"]
    assert messages[0]["gebuehr_reisepass_unter_24"] == "37,50 €"


async def test_documents_answer_covers_application_and_pick_up(settings: dict[str, Any]) -> None:
    messages = await answer(
        ActionAusweisUnterlagenInfo, settings, text="Was brauche ich für den Antrag?"
    )
    assert responses(messages) == [
        "utter_ausweis_unterlagen_antrag",
        "utter_ausweis_unterlagen_abholung",
    ]
    assert messages[0]["gebuehr_foto_behoerde"] == "6,00 €"
    assert messages[1]["abholort"] == "Bürgerbüro Teststadt, Markt 1"


async def test_documents_answer_without_a_photo_fee_points_to_the_office(
    settings: dict[str, Any],
) -> None:
    del settings["gebuehren"]["foto_behoerde"]
    messages = await answer(ActionAusweisUnterlagenInfo, settings, text="Passbild?")
    assert messages[0]["gebuehr_foto_behoerde"] == ASK_OFFICE


async def test_documents_for_a_kinderreisepass_first_explain_the_abolition(
    settings: dict[str, Any],
) -> None:
    messages = await answer(
        ActionAusweisUnterlagenInfo,
        settings,
        entities=[entity("document_type", "Kinderreisepass")],
    )
    assert responses(messages)[0] == "utter_ausweis_kinderreisepass"


async def test_a_lost_id_card_is_blocked_reported_and_replaced(settings: dict[str, Any]) -> None:
    messages = await answer(
        ActionAusweisVerlustInfo,
        settings,
        text="Perso verloren",
        entities=[entity("document_type", "Perso")],
    )
    assert responses(messages) == [
        "utter_ausweis_verlust_sperren",
        "utter_ausweis_verlust_melden",
        "utter_ausweis_verlust_ersatz_personalausweis",
    ]
    assert messages[2]["gebuehr_vorlaeufiger_personalausweis"] == "10,00 €"


async def test_a_lost_passport_needs_no_blocking_of_an_online_function(
    settings: dict[str, Any],
) -> None:
    messages = await answer(
        ActionAusweisVerlustInfo, settings, entities=[entity("document_type", "Reisepass")]
    )
    assert responses(messages) == [
        "utter_ausweis_verlust_melden",
        "utter_ausweis_verlust_ersatz_reisepass",
    ]
    assert messages[1]["gebuehr_vorlaeufiger_reisepass"] == "26,00 €"


async def test_a_lost_document_not_named_gets_the_answer_for_both(
    settings: dict[str, Any],
) -> None:
    del settings["gebuehren"]["vorlaeufiger_reisepass"]
    messages = await answer(ActionAusweisVerlustInfo, settings, text="alles geklaut")
    assert responses(messages) == [
        "utter_ausweis_verlust_sperren",
        "utter_ausweis_verlust_melden",
        "utter_ausweis_verlust_ersatz",
    ]
    assert messages[2]["gebuehr_vorlaeufiger_reisepass"] == ASK_OFFICE


async def test_a_lost_kinderreisepass_explains_what_children_get_instead(
    settings: dict[str, Any],
) -> None:
    messages = await answer(
        ActionAusweisVerlustInfo, settings, text="Der Kinderreisepass meiner Tochter ist weg"
    )
    assert responses(messages) == ["utter_ausweis_verlust_melden", "utter_ausweis_kinderreisepass"]


def test_every_response_chosen_per_document_is_declared() -> None:
    declared = set(read_yaml(EXPERT_DIR / "domain.yml")["responses"])
    bases = ["utter_ausweis_dauer", "utter_ausweis_gebuehren", "utter_ausweis_verlust_ersatz"]
    kinds = [None, DocumentType.PERSONALAUSWEIS, DocumentType.REISEPASS]
    chosen = {document_response(base, kind) for base in bases for kind in kinds}
    assert chosen <= declared, chosen - declared


def test_the_blocking_answer_gives_the_current_hotline_not_the_old_one() -> None:
    (variant,) = read_yaml(EXPERT_DIR / "domain.yml")["responses"]["utter_ausweis_verlust_sperren"]
    assert "116 116" in variant["text"] and "0180" not in variant["text"]
