"""The registration form's validation action: derived breed category, checks, summary, corrections."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import ValidateHundesteuerAnmeldungForm
from domains.hundesteuer.tests.conftest import (
    DemoBackend,
    failure_line,
    failures_logged,
    make_tracker,
    rendered,
)
from nrwbot.testing import responses_sent

FORM = "hundesteuer_anmeldung_form"
DOMAIN: dict[str, Any] = {
    "forms": {
        FORM: {
            "required_slots": [
                "hundesteuer_halter_name",
                "hundesteuer_adresse",
                "hundesteuer_hund_name",
                "hundesteuer_rasse",
                "hundesteuer_gefaehrlich",
                "hundesteuer_aufnahmedatum",
                "hundesteuer_chipnummer",
                "hundesteuer_anzahl_hunde",
                "hundesteuer_anzahl_gefaehrlich",
                "hundesteuer_ermaessigung",
                "hundesteuer_bestaetigung",
                "hundesteuer_aenderung",
            ]
        }
    },
    "slots": {},
}
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
FILLED = {
    "hundesteuer_halter_name": "Sabine Berghoff",
    "hundesteuer_adresse": {"strasse": "Nöttenstraße 14", "plz": "59494", "ort": "Soest"},
    "hundesteuer_hund_name": "Bruno",
    "hundesteuer_rasse": "Beagle",
    "hundesteuer_gefaehrlich": False,
    "hundesteuer_aufnahmedatum": YESTERDAY,
    "hundesteuer_chipnummer": "276098100123456",
    "hundesteuer_anzahl_hunde": 1,
    "hundesteuer_ermaessigung": "keine",
}


async def validate(
    slots: dict[str, Any],
    candidates: dict[str, Any],
    backend: DemoBackend | None = None,
    **kwargs: Any,
):
    """Runs the validation action; returns (slot values after it, dispatcher, tracker)."""
    tracker = make_tracker(slots, candidates=candidates, active_loop=FORM, **kwargs)
    dispatcher = CollectingDispatcher()
    action = ValidateHundesteuerAnmeldungForm(client_factory=(backend or DemoBackend()).client)
    events = await action.run(dispatcher, tracker, DOMAIN)
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return values, dispatcher, tracker


@pytest.fixture(autouse=True)
def _settings(tenant_settings: Any) -> None:
    """Every test here reads the real tenant files."""


@pytest.mark.parametrize(
    ("typed", "breed", "dangerous", "notice"),
    [
        ("Staff", "Staffordshire Bullterrier", True, "utter_hundesteuer_rasse_paragraph_3"),
        ("ein Rotti", "Rottweiler", True, "utter_hundesteuer_rasse_paragraph_10"),
        ("Labbi", "Labrador", False, None),
        ("Mischling", "Mischling", None, None),
    ],
)
async def test_breed_sets_or_leaves_open_the_dangerous_flag(
    typed: str, breed: str, dangerous: bool | None, notice: str | None
) -> None:
    owner = {
        k: FILLED[k]
        for k in ("hundesteuer_halter_name", "hundesteuer_adresse", "hundesteuer_hund_name")
    }
    values, dispatcher, _ = await validate(owner, {"hundesteuer_rasse": typed}, text=typed)
    assert values["hundesteuer_rasse"] == breed
    assert values["hundesteuer_gefaehrlich"] is dangerous
    assert responses_sent(dispatcher) == ([notice] if notice else [])
    # Unclear breeds make the form ask; known ones skip the question.
    expected_next = "hundesteuer_gefaehrlich" if dangerous is None else "hundesteuer_aufnahmedatum"
    assert values["requested_slot"] == expected_next


async def test_nlu_synonym_helps_with_a_spelling_the_list_lacks() -> None:
    # DIET and the lookup table both report it; that is still one breed.
    entities = [
        {"entity": "dog_breed", "value": "Labrador", "extractor": "DIETClassifier"},
        {"entity": "dog_breed", "value": "labrador", "extractor": "RegexEntityExtractor"},
    ]
    values, _, _ = await validate(
        {}, {"hundesteuer_rasse": "labradorr"}, text="labradorr", entities=entities
    )
    assert values["hundesteuer_rasse"] == "Labrador"
    assert values["hundesteuer_gefaehrlich"] is False


@pytest.mark.parametrize(
    ("answer", "intent", "expected", "notice"),
    [
        ("/affirm", "affirm", True, None),
        ("nein", "deny", False, None),
        ("Weiß ich nicht", "out_of_scope", False, "utter_hundesteuer_einstufung_unklar"),
        ("vielleicht", "inform", None, "utter_hundesteuer_ja_oder_nein"),
    ],
)
async def test_dangerous_question(
    answer: str, intent: str, expected: bool | None, notice: str | None
) -> None:
    slots = {"hundesteuer_rasse": "Mischling"}
    values, dispatcher, _ = await validate(
        slots, {"hundesteuer_gefaehrlich": answer}, text=answer, intent=intent
    )
    assert values["hundesteuer_gefaehrlich"] is expected
    assert responses_sent(dispatcher) == ([notice] if notice else [])


async def test_address_is_split_and_a_missing_postcode_is_explained() -> None:
    values, _, _ = await validate({}, {"hundesteuer_adresse": "Grandweg 7, 59494 Soest"})
    assert values["hundesteuer_adresse"] == {
        "strasse": "Grandweg 7",
        "plz": "59494",
        "ort": "Soest",
    }
    values, dispatcher, _ = await validate({}, {"hundesteuer_adresse": "Grandweg 7 in Soest"})
    assert values["hundesteuer_adresse"] is None
    assert responses_sent(dispatcher) == ["utter_hundesteuer_plz_fehlt"]
    assert values["requested_slot"] == "hundesteuer_halter_name"


async def test_dates_in_the_future_are_refused_and_late_ones_get_a_hint() -> None:
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d.%m.%Y")
    values, dispatcher, _ = await validate({}, {"hundesteuer_aufnahmedatum": tomorrow})
    assert values["hundesteuer_aufnahmedatum"] is None
    assert responses_sent(dispatcher) == ["utter_hundesteuer_datum_zukunft"]

    long_ago = (date.today() - timedelta(days=60)).strftime("%d.%m.%Y")
    values, dispatcher, tracker = await validate({}, {"hundesteuer_aufnahmedatum": long_ago})
    assert values["hundesteuer_aufnahmedatum"] == (date.today() - timedelta(days=60)).isoformat()
    assert "14 Tage" in rendered(dispatcher, tracker)

    values, dispatcher, _ = await validate({}, {"hundesteuer_aufnahmedatum": "gestern"})
    assert values["hundesteuer_aufnahmedatum"] == YESTERDAY
    assert dispatcher.messages == []


async def test_no_chip_is_fine_but_dangerous_dogs_get_a_reminder() -> None:
    values, dispatcher, _ = await validate({}, {"hundesteuer_chipnummer": "keinen"})
    assert values["hundesteuer_chipnummer"] == "keine" and dispatcher.messages == []
    values, dispatcher, _ = await validate(
        {"hundesteuer_gefaehrlich": True}, {"hundesteuer_chipnummer": "weiß ich nicht"}
    )
    assert responses_sent(dispatcher) == ["utter_hundesteuer_chip_pflicht"]
    values, dispatcher, _ = await validate({}, {"hundesteuer_chipnummer": "12345"})
    assert values["hundesteuer_chipnummer"] is None
    assert responses_sent(dispatcher) == ["utter_hundesteuer_chip_ungueltig"]


async def test_dangerous_dogs_in_the_household_are_asked_only_for_a_dangerous_new_dog() -> None:
    slots = {
        **FILLED,
        "hundesteuer_gefaehrlich": True,
        "hundesteuer_anzahl_hunde": None,
        "hundesteuer_ermaessigung": None,
    }
    values, _, _ = await validate(slots, {"hundesteuer_anzahl_hunde": "2"})
    assert values["requested_slot"] == "hundesteuer_anzahl_gefaehrlich"
    slots["hundesteuer_gefaehrlich"] = False
    values, _, _ = await validate(slots, {"hundesteuer_anzahl_hunde": "2"})
    assert values["requested_slot"] == "hundesteuer_ermaessigung"


async def test_reduction_question_offers_only_the_tenants_reductions() -> None:
    slots = {**FILLED, "hundesteuer_ermaessigung": None}
    values, dispatcher, _ = await validate(
        slots, {"hundesteuer_anzahl_hunde": "1"}, tenant="lippstadt"
    )
    assert values["requested_slot"] == "hundesteuer_ermaessigung"
    titles = [b["title"] for b in dispatcher.messages[-1]["buttons"]]
    assert titles == ["Keine", "Tierheimhund", "Anderer Grund"]

    values, dispatcher, tracker = await validate(
        slots, {"hundesteuer_ermaessigung": "Ich bekomme Bürgergeld"}, tenant="lippstadt"
    )
    assert values["hundesteuer_ermaessigung"] is None
    assert "Hund aus dem Tierheim" in rendered(dispatcher, tracker)

    values, _, _ = await validate(slots, {"hundesteuer_ermaessigung": "Ich bekomme Bürgergeld"})
    assert values["hundesteuer_ermaessigung"] == "sozialleistungen"  # Soest takes the request


async def test_summary_shows_every_answer_and_the_tax_of_the_new_dog(
    demo_backend: DemoBackend,
) -> None:
    slots = {**FILLED, "hundesteuer_ermaessigung": None}
    values, dispatcher, tracker = await validate(
        slots, {"hundesteuer_ermaessigung": "keine"}, demo_backend
    )
    assert values["requested_slot"] == "hundesteuer_bestaetigung"
    assert responses_sent(dispatcher) == [
        "utter_hundesteuer_anmeldung_zusammenfassung",
        "utter_hundesteuer_anmeldung_betrag",
    ]
    buttons = dispatcher.messages[-1]["buttons"]
    assert [b["title"] for b in buttons] == ["Ja, absenden", "Nein, etwas ändern"]
    text = rendered(dispatcher, tracker)
    for shown in (
        "Sabine Berghoff",
        "Nöttenstraße 14, 59494 Soest",
        "Bruno",
        "Beagle",
        "276098100123456",
        "102,00 €",  # Soest, one dog registered already: the second dog's rate
        "Presseangaben",
    ):
        assert shown in text
    # The backend quotes it; the bot computes nothing.
    assert demo_backend.sent() == [
        {
            "gemeinde": "soest",
            "gefaehrlich": False,
            "anzahl_hunde_bisher": 1,
            "anzahl_gefaehrlich_bisher": None,
        }
    ]


@pytest.mark.parametrize(
    ("tenant", "changes", "amount"),
    [
        ("soest", {"hundesteuer_anzahl_hunde": 0}, "85,80 €"),
        ("soest", {"hundesteuer_gefaehrlich": True, "hundesteuer_anzahl_hunde": 0}, "444,00 €"),
        ("lippstadt", {"hundesteuer_anzahl_hunde": 0}, "84,00 €"),
        ("lippstadt", {"hundesteuer_anzahl_hunde": 2}, "120,00 €"),
        (
            "lippstadt",
            {
                "hundesteuer_gefaehrlich": True,
                "hundesteuer_anzahl_hunde": 2,
                "hundesteuer_anzahl_gefaehrlich": 1,
            },
            "900,00 €",
        ),
    ],
)
async def test_summary_uses_the_municipality_s_rates(
    demo_backend: DemoBackend, tenant: str, changes: dict[str, Any], amount: str
) -> None:
    slots = {**FILLED, **changes, "hundesteuer_ermaessigung": None}
    _, dispatcher, tracker = await validate(
        slots, {"hundesteuer_ermaessigung": "keine"}, demo_backend, tenant=tenant
    )
    assert amount in rendered(dispatcher, tracker)
    assert demo_backend.sent()[0]["gemeinde"] == tenant


async def test_summary_without_the_backend_says_so_and_can_still_be_sent(
    demo_backend: DemoBackend, caplog: pytest.LogCaptureFixture
) -> None:
    demo_backend.status = 503
    slots = {**FILLED, "hundesteuer_ermaessigung": None}
    values, dispatcher, tracker = await validate(
        slots, {"hundesteuer_ermaessigung": "keine"}, demo_backend
    )
    assert values["requested_slot"] == "hundesteuer_bestaetigung"
    assert responses_sent(dispatcher) == [
        "utter_hundesteuer_anmeldung_zusammenfassung",
        "utter_hundesteuer_anmeldung_betrag_unbekannt",
    ]
    assert [b["title"] for b in dispatcher.messages[-1]["buttons"]][0] == "Ja, absenden"
    text = rendered(dispatcher, tracker)
    assert "leider nicht nennen" in text and "02921 103-5314" in text
    assert "€" not in text
    (line,) = failures_logged(caplog)
    assert line.startswith(
        failure_line("validate_hundesteuer_anmeldung_form", "ServiceUnavailable")
    )


async def test_yes_in_the_summary_ends_the_form() -> None:
    values, _, _ = await validate(
        FILLED, {"hundesteuer_bestaetigung": "/affirm"}, text="/affirm", intent="affirm"
    )
    assert values["hundesteuer_bestaetigung"] is True
    assert values["requested_slot"] is None


async def test_naming_the_wrong_field_resets_only_that_field() -> None:
    values, dispatcher, tracker = await validate(
        FILLED,
        {"hundesteuer_bestaetigung": "nein, die adresse ist falsch"},
        text="nein, die adresse ist falsch",
        intent="deny",
    )
    assert values["hundesteuer_adresse"] is None
    assert values["hundesteuer_bestaetigung"] is None
    assert "hundesteuer_halter_name" not in values  # the rest stays as it was
    assert values["requested_slot"] == "hundesteuer_adresse"
    assert "Anschrift" in rendered(dispatcher, tracker)


@pytest.mark.parametrize(
    ("said", "reset"),
    [
        ("der Name stimmt nicht", "hundesteuer_halter_name"),
        ("der Name des Hundes ist falsch", "hundesteuer_hund_name"),
        ("die Chipnummer ist verkehrt", "hundesteuer_chipnummer"),
        ("Falsche Rasse", "hundesteuer_rasse"),
    ],
)
async def test_each_field_can_be_corrected(said: str, reset: str) -> None:
    values, _, _ = await validate(
        FILLED, {"hundesteuer_bestaetigung": said}, text=said, intent="deny"
    )
    assert values[reset] is None and values["requested_slot"] == reset


async def test_plain_no_asks_what_to_change_then_resets_that() -> None:
    values, _, _ = await validate(
        FILLED, {"hundesteuer_bestaetigung": "nein"}, text="nein", intent="deny"
    )
    assert values["hundesteuer_bestaetigung"] is False
    assert values["requested_slot"] == "hundesteuer_aenderung"

    after_no = {**FILLED, "hundesteuer_bestaetigung": False}
    values, _, _ = await validate(after_no, {"hundesteuer_aenderung": "Rasse"}, text="Rasse")
    assert values["hundesteuer_rasse"] is None and values["hundesteuer_gefaehrlich"] is None
    assert values["requested_slot"] == "hundesteuer_rasse"

    values, dispatcher, _ = await validate(
        after_no, {"hundesteuer_aenderung": "Nichts, alles richtig"}, text="Nichts, alles richtig"
    )
    assert values["requested_slot"] == "hundesteuer_bestaetigung"  # the summary comes again
    assert responses_sent(dispatcher) == [
        "utter_hundesteuer_anmeldung_zusammenfassung",
        "utter_hundesteuer_anmeldung_betrag",
    ]


async def test_restarting_the_form_rechecks_answers_silently() -> None:
    # After a failed submission the form restarts with every answer; nothing is repeated.
    tracker_slots = {
        **FILLED,
        "hundesteuer_aufnahmedatum": (date.today() - timedelta(days=90)).isoformat(),
    }
    tracker = make_tracker(tracker_slots, candidates=tracker_slots)  # no active loop yet
    dispatcher = CollectingDispatcher()
    action = ValidateHundesteuerAnmeldungForm(client_factory=DemoBackend().client)
    events = await action.run(dispatcher, tracker, DOMAIN)
    values = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert values["requested_slot"] == "hundesteuer_bestaetigung"
    assert responses_sent(dispatcher) == [
        "utter_hundesteuer_anmeldung_zusammenfassung",
        "utter_hundesteuer_anmeldung_betrag",
    ]
