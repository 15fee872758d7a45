"""Core actions: tenant at session start, cancel, and the expert gate."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.core import ActionCancel, ActionExpertUnavailable, ActionSessionStart
from nrwbot.policies import is_gated


def tracker(
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    intent: str | None = None,
) -> Tracker:
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={"intent": {"name": intent}, "text": "x"} if intent else {},
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def _slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_session_start_uses_the_tenant_from_metadata() -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(
        dispatcher, tracker({"session_started_metadata": {"tenant": "lippstadt"}}), {}
    )
    assert events[0]["event"] == "session_started"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    slots = _slot_values(events)
    assert slots["tenant"] == "lippstadt" and slots["municipality"] == "Stadt Lippstadt"
    disclosure = dispatcher.messages[0]
    assert disclosure["response"] == "utter_ai_disclosure"
    assert disclosure["bot_name"] == slots["bot_name"] != "Jägerken"


async def test_session_start_without_metadata_uses_the_default_tenant() -> None:
    events = await ActionSessionStart().run(CollectingDispatcher(), tracker(), {})
    slots = _slot_values(events)
    assert slots["tenant"] == "soest" and slots["bot_name"] == "Jägerken"
    assert isinstance(slots["disabled_intent_prefixes"], list)


async def test_cancel_resets_exactly_the_active_forms_slots() -> None:
    dispatcher = CollectingDispatcher()
    domain = {"forms": {"x_form": {"required_slots": ["x_name", "x_datum"]}}}
    events = await ActionCancel().run(dispatcher, tracker(active_loop="x_form"), domain)
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert _slot_values(events) == {"requested_slot": None, "x_name": None, "x_datum": None}
    assert dispatcher.messages[0]["response"] == "utter_cancel"


async def test_cancel_without_a_process_says_so() -> None:
    dispatcher = CollectingDispatcher()
    assert await ActionCancel().run(dispatcher, tracker(), {}) == []
    assert dispatcher.messages[0]["response"] == "utter_nothing_to_cancel"


async def test_expert_unavailable_names_the_expert_title() -> None:
    from nrwbot.conversation import all_experts

    experts = all_experts()
    dispatcher = CollectingDispatcher()
    if experts:
        expert = next(iter(experts.values()))
        intent = f"{expert.intent_prefix}_irgendwas"
        await ActionExpertUnavailable().run(dispatcher, tracker(intent=intent), {})
        assert dispatcher.messages[0]["expert_title"] == expert.title
    await ActionExpertUnavailable().run(dispatcher, tracker(intent="unbekannt_x"), {})
    assert dispatcher.messages[-1]["expert_title"] == "dieses Anliegen"


def test_gate_matches_only_disabled_prefixes() -> None:
    assert is_gated("ausweis_status", ["ausweis_"])
    assert not is_gated("ausweis_status", ["hundesteuer_"])
    assert not is_gated("greet", None)
    assert not is_gated(None, ["ausweis_"])
