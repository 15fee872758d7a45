"""The tracker store URL selects SQLite, PostgreSQL or Redis; conversations round-trip in each."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from rasa.shared.core.trackers import DialogueStateTracker

from nrwbot.errors import NRWbotError
from nrwbot.tracker_store import PersonalDataTrackerStore, tracker_store_from_url
from tests.test_personal_data import DOMAIN, NUMBER, RULES, conversation


def _reachable(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(params=["sqlite", "postgresql", "redis"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    if request.param == "postgresql":
        if not _reachable(5432):
            pytest.skip("PostgreSQL is not running on 127.0.0.1:5432 (runs on CI)")
        return "postgresql://postgres@127.0.0.1:5432/test"
    if not _reachable(6379):
        pytest.skip("Redis is not running on 127.0.0.1:6379 (runs on CI)")
    return "redis://127.0.0.1:6379/0"


async def test_conversation_round_trips_without_clear_personal_data(store_url: str) -> None:
    store = PersonalDataTrackerStore(
        tracker_store_from_url(store_url, DOMAIN), RULES, Fernet(Fernet.generate_key())
    )
    sender = f"test-{uuid.uuid4()}"
    tracker = DialogueStateTracker.from_events(sender, conversation(), DOMAIN.slots)
    await store.save(tracker)
    restored = await store.retrieve(sender)
    assert restored.get_slot("ausweis_nummer") == NUMBER
    assert len(restored.events) == len(tracker.events)
    raw = await store.inner.retrieve(sender)
    assert NUMBER not in repr([event.as_dict() for event in raw.events])
    assert any(
        key.endswith(sender) for key in await store.keys()
    )  # Rasa's Redis store prefixes keys


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(NRWbotError, match="Unsupported tracker store URL scheme 'mongodb'"):
        tracker_store_from_url("mongodb://localhost/x")
