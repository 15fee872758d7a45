"""Conversations are deleted after the retention period, and one at a time on request."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from nrwbot.errors import NRWbotError
from nrwbot.retention import delete_older_than, forget, parse_period
from nrwbot.tracker_store import tracker_store_from_url
from tests.harness import ROOT, server_env
from tests.test_personal_data import DOMAIN
from tests.test_tracker_store_backends import store_url  # noqa: F401  (the parametrised fixture)

DAY = 86_400


def _conversation(sender: str, age_days: float) -> DialogueStateTracker:
    moment = time.time() - age_days * DAY
    events = [
        ActionExecuted("action_listen", timestamp=moment),
        UserUttered("Hallo", {"name": "greet", "confidence": 1.0}, timestamp=moment + 1),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


async def _stored(url: str, sender: str) -> bool:
    tracker = await tracker_store_from_url(url, DOMAIN).retrieve(sender)
    return tracker is not None and len(tracker.events) > 0


async def test_only_conversations_past_the_period_are_deleted(store_url: str) -> None:  # noqa: F811
    store = tracker_store_from_url(store_url, DOMAIN)
    old, recent = f"old-{uuid.uuid4()}", f"recent-{uuid.uuid4()}"
    await store.save(_conversation(old, age_days=91))
    await store.save(_conversation(recent, age_days=89))
    deleted = delete_older_than(store_url, 90)
    assert deleted.conversations >= 1 and deleted.events >= 2
    assert not await _stored(store_url, old)
    assert await _stored(store_url, recent)
    forget(store_url, recent)


async def test_forget_deletes_one_conversation_and_nothing_else(store_url: str) -> None:  # noqa: F811
    store = tracker_store_from_url(store_url, DOMAIN)
    mine, other = f"mine-{uuid.uuid4()}", f"other-{uuid.uuid4()}"
    await store.save(_conversation(mine, age_days=0))
    await store.save(_conversation(other, age_days=0))
    assert forget(store_url, mine).conversations == 1
    assert not await _stored(store_url, mine)
    assert await _stored(store_url, other)
    assert forget(store_url, mine).conversations == 0
    forget(store_url, other)


@pytest.mark.parametrize(("text", "days"), [("90d", 90), ("12w", 84), ("30", 30), (" 7D ", 7)])
def test_periods(text: str, days: float) -> None:
    assert parse_period(text) == days


@pytest.mark.parametrize("text", ["0d", "-3d", "drei Monate", "90y"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(NRWbotError):
        parse_period(text)


async def test_the_cli_forgets_a_conversation(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    await tracker_store_from_url(url, DOMAIN).save(_conversation("citizen-7", age_days=0))
    env = server_env(NRWBOT_TRACKER_STORE_URL=url)
    command = [sys.executable, "-m", "nrwbot.cli", "forget", "citizen-7"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Deleted conversation 'citizen-7'" in done.stdout
    assert not await _stored(url, "citizen-7")
    again = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 1


def test_forget_also_deletes_what_admins_annotated(tmp_path, monkeypatch) -> None:
    from admin.annotations import CONFIRMED, AnnotationStore
    from admin.conversations import Message
    from admin.db import create_engine
    from nrwbot.retention import forget_annotations

    monkeypatch.delenv("NRWBOT_ADMIN_DATABASE_URL", raising=False)
    assert forget_annotations("citizen-8", tmp_path) == 0  # no admin database: nothing derived
    engine = create_engine(f"sqlite:///{tmp_path / 'admin.db'}")
    store = AnnotationStore(engine)
    for conversation in ("citizen-8", "citizen-9"):
        message = Message(conversation, 0, time.time(), "Hallo", "greet", 0.9, (), "soest")
        store.save([(message, CONFIRMED, "greet", ())], account="admin")
    engine.dispose()
    assert forget_annotations("citizen-8", tmp_path) == 1
    engine = create_engine(f"sqlite:///{tmp_path / 'admin.db'}")
    assert {a.conversation_id for a in AnnotationStore(engine).latest().values()} == {"citizen-9"}
    engine.dispose()
