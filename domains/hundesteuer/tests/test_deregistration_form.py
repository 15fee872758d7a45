"""The de-registration form: reason, date rules per reason, Aktenzeichen or owner data, summary."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import ValidateHundesteuerAbmeldungForm
from domains.hundesteuer.actions.choices import parse_grund
from domains.hundesteuer.tests.conftest import RESPONSES, make_tracker, rendered
from nrwbot.testing import responses_sent

FORM = "hundesteuer_abmeldung_form"
DOMAIN: dict[str, Any] = {
    "forms": {
        FORM: {
            "required_slots": [
                "hundesteuer_abmeldegrund",
                "hundesteuer_abmeldedatum",
                "hundesteuer_aktenzeichen",
                "hundesteuer_halter_name",
                "hundesteuer_adresse",
                "hundesteuer_hund_name",
                "hundesteuer_bestaetigung",
                "hundesteuer_aenderung",
            ]
        }
    },
    "slots": {},
}
NEXT_MONTH = (date.today() + timedelta(days=30)).strftime("%d.%m.%Y")


@pytest.fixture(autouse=True)
def _settings(tenant_settings: Any) -> None:
    """Every test here reads the real tenant files."""


async def validate(slots: dict[str, Any], candidates: dict[str, Any], **kwargs: Any):
    tracker = make_tracker(slots, candidates=candidates, active_loop=FORM, **kwargs)
    dispatcher = CollectingDispatcher()
    events = await ValidateHundesteuerAbmeldungForm().run(dispatcher, tracker, DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher, tracker


async def test_reason_is_recognised_in_free_text() -> None:
    values, _, _ = await validate(
        {}, {"hundesteuer_abmeldegrund": "er musste eingeschläfert werden"}
    )
    assert values["hundesteuer_abmeldegrund"] == "verstorben"
    assert values["requested_slot"] == "hundesteuer_abmeldedatum"
    values, dispatcher, _ = await validate({}, {"hundesteuer_abmeldegrund": "Banane"})
    assert values["hundesteuer_abmeldegrund"] is None
    assert responses_sent(dispatcher) == ["utter_hundesteuer_grund_ungueltig"]


async def test_a_death_cannot_lie_ahead_but_a_move_can() -> None:
    values, dispatcher, _ = await validate(
        {"hundesteuer_abmeldegrund": "verstorben"}, {"hundesteuer_abmeldedatum": NEXT_MONTH}
    )
    assert values["hundesteuer_abmeldedatum"] is None
    assert responses_sent(dispatcher) == ["utter_hundesteuer_abmeldedatum_zukunft"]
    values, _, _ = await validate(
        {"hundesteuer_abmeldegrund": "verzogen"}, {"hundesteuer_abmeldedatum": NEXT_MONTH}
    )
    assert values["hundesteuer_abmeldedatum"] == (date.today() + timedelta(days=30)).isoformat()


async def test_without_aktenzeichen_the_owner_is_asked() -> None:
    slots = {
        "hundesteuer_abmeldegrund": "abgegeben",
        "hundesteuer_abmeldedatum": date.today().isoformat(),
    }
    values, _, _ = await validate(slots, {"hundesteuer_aktenzeichen": "weiß ich nicht"})
    assert values["hundesteuer_aktenzeichen"] == "keine"
    assert values["requested_slot"] == "hundesteuer_halter_name"
    values, dispatcher, _ = await validate(slots, {"hundesteuer_aktenzeichen": "12345"})
    assert values["hundesteuer_aktenzeichen"] is None
    assert responses_sent(dispatcher) == ["utter_hundesteuer_aktenzeichen_ungueltig"]


async def test_with_aktenzeichen_only_the_owner_name_is_asked_and_shown() -> None:
    # The backend takes a de-registration as it is only with the registered owner's name.
    slots = {
        "hundesteuer_abmeldegrund": "abgegeben",
        "hundesteuer_abmeldedatum": date.today().isoformat(),
    }
    values, _, _ = await validate(slots, {"hundesteuer_aktenzeichen": "hst 2026 7k3m 9qtx"})
    assert values["hundesteuer_aktenzeichen"] == "HST-2026-7K3M9QTX"
    assert values["requested_slot"] == "hundesteuer_halter_name"
    slots["hundesteuer_aktenzeichen"] = "HST-2026-7K3M9QTX"
    values, dispatcher, tracker = await validate(
        slots, {"hundesteuer_halter_name": "Jana Hoffmann"}
    )
    assert values["requested_slot"] == "hundesteuer_bestaetigung"
    text = rendered(dispatcher, tracker)
    assert "HST-2026-7K3M9QTX" in text and "Jana Hoffmann" in text
    assert "abgegeben oder verkauft" in text and "Anschrift" not in text


async def test_summary_correction_of_the_aktenzeichen_also_forgets_owner_data() -> None:
    slots = {
        "hundesteuer_abmeldegrund": "verstorben",
        "hundesteuer_abmeldedatum": date.today().isoformat(),
        "hundesteuer_aktenzeichen": "keine",
        "hundesteuer_halter_name": "Jana Hoffmann",
        "hundesteuer_adresse": {"strasse": "Grandweg 7", "plz": "59494", "ort": "Soest"},
        "hundesteuer_hund_name": "Luna",
    }
    said = "das aktenzeichen hab ich doch gefunden"
    values, _, _ = await validate(slots, {"hundesteuer_bestaetigung": said}, text=said)
    assert values["hundesteuer_aktenzeichen"] is None and values["hundesteuer_halter_name"] is None
    assert values["requested_slot"] == "hundesteuer_aktenzeichen"
    said = "die Hausnummer stimmt nicht"
    values, _, _ = await validate(
        slots, {"hundesteuer_bestaetigung": said}, text=said, intent="deny"
    )
    assert values["hundesteuer_adresse"] is None and "hundesteuer_aktenzeichen" not in values


async def test_owner_fields_are_not_corrected_when_the_aktenzeichen_was_given() -> None:
    slots = {
        "hundesteuer_abmeldegrund": "verstorben",
        "hundesteuer_abmeldedatum": date.today().isoformat(),
        "hundesteuer_aktenzeichen": "HST-2026-00001",
        "hundesteuer_halter_name": "Jana Hoffmann",
    }
    said = "Ulricherstraße 7, 59494 Soest"
    values, dispatcher, _ = await validate(slots, {"hundesteuer_bestaetigung": said}, text=said)
    assert "hundesteuer_adresse" not in values  # never asked, so nothing to correct
    assert values["requested_slot"] == "hundesteuer_bestaetigung"
    assert responses_sent(dispatcher)[0] == "utter_hundesteuer_ja_oder_nein"


async def test_a_second_unusable_reason_gets_buttons_and_the_way_out() -> None:
    domain = {**DOMAIN, "responses": RESPONSES}
    asked = {"requested_slot": "hundesteuer_abmeldegrund"}
    for refused_before, expected in (
        (0, ["utter_hundesteuer_grund_ungueltig"]),
        (
            1,
            [
                "utter_hundesteuer_grund_ungueltig",
                "utter_hundesteuer_abmeldegrund_hilfe",
                "utter_antwort_hilfe",
            ],
        ),
    ):
        tracker = make_tracker(
            {**asked, "refused_answers": refused_before},
            candidates={"hundesteuer_abmeldegrund": "weiß ich nicht so genau"},
            active_loop=FORM,
        )
        dispatcher = CollectingDispatcher()
        await ValidateHundesteuerAbmeldungForm().run(dispatcher, tracker, domain)
        assert responses_sent(dispatcher) == expected
    buttons = [
        b["payload"] for b in RESPONSES["utter_hundesteuer_abmeldegrund_hilfe"][0]["buttons"]
    ]
    assert buttons == ["verstorben", "abgegeben", "Umzug", "entlaufen", "anderer Grund"]
    assert all(parse_grund(payload) is not None for payload in buttons)
