"""Answers to dog tax questions use the municipality's values and never invent unknown ones.

Rates come from the (mocked) backend with the reference backend's demo tariffs.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from domains.hundesteuer.actions import (
    ActionHundesteuerAbmeldungInfo,
    ActionHundesteuerAnmeldungInfo,
    ActionHundesteuerErmaessigung,
    ActionHundesteuerGefaehrlich,
    ActionHundesteuerKosten,
    ActionHundesteuerSteuermarke,
    ActionHundesteuerZahlung,
)
from domains.hundesteuer.tests.conftest import (
    DemoBackend,
    failure_line,
    failures_logged,
    make_tracker,
    rendered,
)
from nrwbot.offers import OFFER_SLOT
from nrwbot.testing import responses_sent


@pytest.fixture(autouse=True)
def _settings(tenant_settings: Any) -> None:
    """Every test here reads the real tenant files."""


async def answer(action: Any, tenant: str = "soest", **kwargs: Any) -> tuple[str, list[str]]:
    tracker = make_tracker(tenant=tenant, **kwargs)
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, {})
    assert [e for e in events if e.get("name") != OFFER_SLOT] == []  # an offer may stay open
    return rendered(dispatcher, tracker), responses_sent(dispatcher)


async def test_costs_in_soest(demo_backend: DemoBackend) -> None:
    text, _ = await answer(ActionHundesteuerKosten(client_factory=demo_backend.client))
    for amount in ("85,80 €", "102,00 €", "118,80 €", "444,00 €", "600,00 €"):
        assert amount in text
    assert "Stadt Soest" in text and "Presseangaben" in text
    assert [str(r.url.params) for r in demo_backend.requests] == ["gemeinde=soest"]


async def test_costs_in_lippstadt(demo_backend: DemoBackend) -> None:
    text, _ = await answer(
        ActionHundesteuerKosten(client_factory=demo_backend.client), tenant="lippstadt"
    )
    for amount in ("84,00 €", "102,00 €", "120,00 €", "546,00 €", "900,00 €"):
        assert amount in text
    assert "85,80" not in text and "Internetseite der Stadt Lippstadt" in text
    assert demo_backend.requests[0].url.params["gemeinde"] == "lippstadt"


@pytest.mark.parametrize(
    ("status", "error"),
    [(503, "ServiceUnavailable"), (404, "NotFound"), (500, "ServiceUnavailable")],
)
async def test_costs_without_the_backend_name_the_office_and_no_figure(
    demo_backend: DemoBackend, status: int, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    demo_backend.status = status  # down, or no tariff for this municipality
    entities = [{"entity": "dog_breed", "value": "Rotti"}]
    action = ActionHundesteuerKosten(client_factory=demo_backend.client)
    text, sent = await answer(action, entities=entities)
    assert sent == [
        "utter_hundesteuer_kosten_nicht_verfuegbar",
        "utter_hundesteuer_rasse_paragraph_10",  # the law does not depend on the backend
    ]
    assert "leider nicht nennen" in text and "02921 103-5314" in text
    assert "€" not in text
    (line,) = failures_logged(caplog)  # once, in the one format, without what the citizen typed
    assert line.startswith(failure_line("action_hundesteuer_kosten", error)), line
    assert "Rotti" not in line


async def test_costs_for_a_named_listed_breed_add_the_breed_rules(
    demo_backend: DemoBackend,
) -> None:
    entities = [{"entity": "dog_breed", "value": "Rotti"}]
    action = ActionHundesteuerKosten(client_factory=demo_backend.client)
    text, sent = await answer(action, entities=entities)
    assert sent == ["utter_hundesteuer_kosten", "utter_hundesteuer_rasse_paragraph_10"]
    assert "„Rottweiler“" in text and "§ 10" in text


@pytest.mark.parametrize(
    ("breed", "response"),
    [
        ("Staff", "utter_hundesteuer_rasse_paragraph_3"),
        ("Labrador", "utter_hundesteuer_rasse_nicht_gelistet"),
        ("Labrador-Mischling", "utter_hundesteuer_rasse_unklar"),
    ],
)
async def test_dangerous_dog_rules_name_the_breed_category(
    demo_backend: DemoBackend, breed: str, response: str
) -> None:
    entities = [{"entity": "dog_breed", "value": breed}]
    action = ActionHundesteuerGefaehrlich(client_factory=demo_backend.client)
    text, sent = await answer(action, entities=entities)
    assert sent[0] == response
    assert "Sachkunde" in text and "Haftpflichtversicherung" in text and "444,00 €" in text


async def test_dangerous_dog_rules_without_the_backend(
    demo_backend: DemoBackend, caplog: pytest.LogCaptureFixture
) -> None:
    demo_backend.status = 503
    action = ActionHundesteuerGefaehrlich(client_factory=demo_backend.client)
    text, sent = await answer(action, tenant="lippstadt")
    assert sent == [
        "utter_hundesteuer_gefaehrlich_regeln",
        "utter_hundesteuer_kosten_nicht_verfuegbar",
    ]
    assert "Sachkunde" in text and "02941 980-0" in text and "€" not in text
    (line,) = failures_logged(caplog)
    assert line.startswith(failure_line("action_hundesteuer_gefaehrlich", "ServiceUnavailable"))


async def test_reductions_in_soest_are_offered_as_unconfirmed() -> None:
    text, _ = await answer(ActionHundesteuerErmaessigung())
    assert "nur auf Antrag" in text and "noch nicht bestätigt" in text
    assert "nicht hier im Chat" in text  # health data go to the office, not into the chat


async def test_reductions_in_lippstadt_name_the_tierheim_rule() -> None:
    text, _ = await answer(ActionHundesteuerErmaessigung(), tenant="lippstadt")
    assert "Tierheim Lippstadt sind drei Jahre steuerfrei" in text


async def test_tag_fee_unknown_is_not_invented() -> None:
    text, sent = await answer(ActionHundesteuerSteuermarke())
    assert "utter_hundesteuer_steuermarke_gebuehr_unbekannt" in sent
    assert "unbegrenzt" in text and "02921 103-5314" in text
    assert "€" not in text


async def test_tag_fee_is_named_when_configured(tenant_settings: Any) -> None:
    tenant_settings("soest", {"steuermarke_gebuehr": "5,00 €"})
    text, _ = await answer(ActionHundesteuerSteuermarke())
    assert "Eine Ersatzmarke kostet 5,00 €." in text


async def test_due_dates_unknown_point_to_the_office() -> None:
    text, sent = await answer(ActionHundesteuerZahlung())
    assert "utter_hundesteuer_zahlung_unbekannt" in sent
    assert "Die genauen Fälligkeitstermine nennt Ihnen die Steuerstelle" in text
    assert "15." not in text


async def test_due_dates_are_listed_when_configured(tenant_settings: Any) -> None:
    tenant_settings("lippstadt", {"faelligkeiten": ["15. Februar", "15. August"]})
    text, _ = await answer(ActionHundesteuerZahlung(), tenant="lippstadt")
    assert "15. Februar, 15. August" in text


async def test_registration_info_and_offer() -> None:
    text, sent = await answer(ActionHundesteuerAnmeldungInfo())
    assert "14 Tagen" in text and "Online- oder PDF-Formular" in text
    assert sent[-1] == "utter_hundesteuer_anmeldung_angebot"
    text, _ = await answer(ActionHundesteuerAnmeldungInfo(), tenant="lippstadt")
    assert "lippstadt.de/stadthaus/finanzen" in text


async def test_deregistration_info_names_the_deadline_only_where_known() -> None:
    _, sent = await answer(ActionHundesteuerAbmeldungInfo())
    assert sent == ["utter_hundesteuer_abmeldung_frist", "utter_hundesteuer_abmeldung_angebot"]
    _, sent = await answer(ActionHundesteuerAbmeldungInfo(), tenant="lippstadt")
    assert sent == ["utter_hundesteuer_abmeldung_angebot"]
