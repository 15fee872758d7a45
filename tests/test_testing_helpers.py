"""nrwbot.testing gives every expert the same trackers and the same running backend."""

from __future__ import annotations

import httpx
import pytest

from nrwbot.testing import RunningBackend, entity, make_tracker


def test_a_tracker_holds_the_message_slots_and_tenant() -> None:
    tracker = make_tracker(
        {"muell_strasse": "Markt"},
        text="wann kommt die tonne",
        intent="muell_frage",
        entities=[("location", "Markt"), entity("date", "morgen", start=5)],
        tenant="lippstadt",
        active_loop="muell_form",
    )
    assert (
        tracker.get_slot("tenant") == "lippstadt" and tracker.get_slot("muell_strasse") == "Markt"
    )
    assert tracker.latest_message["intent"]["name"] == "muell_frage"
    assert [e["entity"] for e in tracker.latest_message["entities"]] == ["location", "date"]
    assert tracker.latest_message["entities"][1]["end"] == 11
    assert tracker.active_loop_name == "muell_form"
    assert tracker.events[-1]["text"] == "wann kommt die tonne"


@pytest.mark.integration
def test_the_running_backend_requires_its_token(backend_server: RunningBackend) -> None:
    url = f"{backend_server.url}/fundsachen"
    assert httpx.get(url, params={"q": "Handy"}, timeout=10).status_code == 401
    answer = httpx.get(url, params={"q": "Handy"}, headers=backend_server.headers, timeout=10)
    assert answer.status_code == 200 and answer.json()["total"] >= 1
