"""A move with a dog: the direction read from the message and the municipality, the facts from the
tenant file (or who knows them), then the offer or the form of that direction."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import ActionHundesteuerUmzugInfo
from domains.hundesteuer.actions.moving import Umzug, parse_umzug
from domains.hundesteuer.actions.offers import ABMELDUNG, ANMELDUNG
from domains.hundesteuer.tests.conftest import make_tracker, rendered
from nrwbot.offers import remember_offer
from nrwbot.testing import responses_sent


@pytest.fixture(autouse=True)
def _tenant_files(tenant_settings: Any) -> None:
    """The action reads the real tenant blocks."""


@pytest.mark.parametrize(
    ("text", "municipality", "umzug"),
    [
        (
            "Wir ziehen von Lippstadt nach Soest, muss ich in Lippstadt abmelden?",
            "Stadt Soest",
            Umzug.ZUZUG,
        ),
        (
            "Wir ziehen von Lippstadt nach Soest, muss ich in Lippstadt abmelden?",
            "Stadt Lippstadt",
            Umzug.WEGZUG,
        ),
        ("bin mit meinem hund neu zugezogen", "Stadt Soest", Umzug.ZUZUG),
        ("wir sind mit dem Hund hierhergezogen", "Stadt Soest", Umzug.ZUZUG),
        ("wir kommen aus köln und haben einen hund", "Stadt Soest", Umzug.ZUZUG),
        ("Was mache ich mit der Marke aus meiner alten Gemeinde?", "Stadt Soest", Umzug.ZUZUG),
        ("wir ziehen im Mai nach Dortmund", "Stadt Soest", Umzug.WEGZUG),
        ("ich ziehe weg, was ist mit der hundemarke", "Stadt Soest", Umzug.WEGZUG),
        ("Wir wandern mit dem Hund nach Spanien aus", "Stadt Soest", Umzug.WEGZUG),
        ("Umzug in ein anderes Bundesland mit Hund", "Stadt Soest", Umzug.WEGZUG),
        ("wir ziehen nach Bad Sassendorf", "Gemeinde Bad Sassendorf", Umzug.ZUZUG),
        ("wir ziehen nach Bad Sassendorf", "Stadt Soest", Umzug.WEGZUG),
        ("wir ziehen um und haben einen hund", "Stadt Soest", None),
        ("nach dem Umzug den Hund ummelden", "Stadt Soest", None),
        ("alte Gemeinde abmelden und neue Gemeinde anmelden?", "Stadt Soest", None),
        ("aus Versehen noch nicht umgemeldet", "Stadt Soest", None),
    ],
)
def test_the_direction_depends_on_the_municipality(
    text: str, municipality: str, umzug: Umzug | None
) -> None:
    assert parse_umzug(text, municipality) is umzug


async def run(text: str, tenant: str = "soest") -> tuple[list, str, list]:
    tracker = make_tracker(tenant=tenant, text=text, intent="hundesteuer_umzug")
    dispatcher = CollectingDispatcher()
    events = await ActionHundesteuerUmzugInfo().run(dispatcher, tracker, {})
    return events, rendered(dispatcher, tracker), responses_sent(dispatcher)


async def test_moving_in_gets_the_deadline_the_old_town_and_the_registration_offer() -> None:
    events, said, sent = await run("Wir sind von Hamm nach Soest gezogen, was ist mit dem Hund?")

    assert events == [SlotSet("hundesteuer_umzug", "zuzug"), *remember_offer(ANMELDUNG)]
    assert "innerhalb von 14 Tagen" in said and "bisherigen Gemeinde" in said
    assert "Sie gilt unbegrenzt" in said  # Soest's tag rule from the tenant file
    assert sent[-1] == "utter_hundesteuer_anmeldung_angebot"


async def test_moving_in_without_tag_rules_names_none() -> None:
    _, _, sent = await run("bin mit hund neu zugezogen", tenant="lippstadt")

    assert sent == ["utter_hundesteuer_umzug_zuzug", "utter_hundesteuer_anmeldung_angebot"]


async def test_a_wish_to_register_after_moving_in_starts_the_form() -> None:
    events, _, sent = await run("Wir sind zugezogen und möchten unseren Hund anmelden")

    assert events == [
        SlotSet("hundesteuer_umzug", "zuzug"),
        FollowupAction("hundesteuer_anmeldung_form"),
    ]
    assert sent == ["utter_hundesteuer_umzug_zuzug", "utter_hundesteuer_anmeldung_start"]


async def test_moving_out_gets_the_configured_deadline_proof_and_tag_return() -> None:
    events, said, sent = await run("wir ziehen nächsten Monat nach Dortmund")

    assert events == [
        SlotSet("hundesteuer_umzug", "wegzug"),
        SlotSet("hundesteuer_abmeldegrund", "verzogen"),
        *remember_offer(ABMELDUNG),
    ]
    assert "innerhalb von 14 Tagen ab" in said
    assert "Nachweis: Ihre neue Anschrift" in said
    assert "Steuermarke bei der AG Finanzen/Steuern zurück" in said
    assert sent[-1] == "utter_hundesteuer_abmeldung_angebot"


async def test_moving_out_without_configured_rules_points_to_the_tax_office() -> None:
    _, said, sent = await run("wir ziehen nach Soest", tenant="lippstadt")

    assert "utter_hundesteuer_abmeldung_frist" not in sent
    assert "utter_hundesteuer_abmeldung_nachweis_unbekannt" in sent
    assert "utter_hundesteuer_umzug_marke_unbekannt" in sent
    assert "02941 980-0" in said  # the tax office of the tenant file, not a guess
    assert sent[-1] == "utter_hundesteuer_abmeldung_angebot"


async def test_a_wish_to_de_register_when_moving_out_starts_the_form_with_the_reason() -> None:
    events, _, sent = await run("wir ziehen weg und möchten den hund abmelden")

    assert events == [
        SlotSet("hundesteuer_umzug", "wegzug"),
        SlotSet("hundesteuer_abmeldegrund", "verzogen"),
        FollowupAction("hundesteuer_abmeldung_form"),
    ]
    assert sent == ["utter_hundesteuer_umzug_wegzug", "utter_hundesteuer_umzug_abmeldung_start"]


async def test_a_move_without_direction_explains_both_and_lets_the_citizen_choose() -> None:
    events, said, sent = await run("wir ziehen um und haben einen hund")

    assert events == [SlotSet("hundesteuer_umzug", None)]
    assert sent == [
        "utter_hundesteuer_umzug_zuzug",
        "utter_hundesteuer_umzug_wegzug",
        "utter_hundesteuer_umzug_richtung",
    ]
    assert "Stadt Soest" in said
