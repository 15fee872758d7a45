"""Deleting conversations: all that are older than the retention period, or one on request.

GDPR Art. 5(1)(e) and 17: a conversation is kept only as long as the municipality needs it
(`NRWBOT_RETENTION_DAYS`, default 90, counted from its last event), and a citizen may have theirs
deleted at once (`nrwbot forget`). Both work on the store `NRWBOT_TRACKER_STORE_URL` names, through
Rasa's own store classes, so they delete exactly what the bot would read.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore

from nrwbot.errors import NRWbotError
from nrwbot.tracker_store import tracker_store_from_url

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Deleted:
    """What a deletion removed."""

    conversations: int
    events: int


def _sql_delete(
    store: SQLTrackerStore, senders: Iterable[str] | None, cutoff: float | None
) -> Deleted:
    event = store.SQLEvent
    with store.session_scope() as session:
        query = session.query(event.sender_id).group_by(event.sender_id)
        if cutoff is not None:
            query = query.having(sa.func.max(event.timestamp) < cutoff)
        if senders is not None:
            query = query.filter(event.sender_id.in_(list(senders)))
        doomed = [row[0] for row in query.all()]
        removed = 0
        for chunk in range(0, len(doomed), 500):
            removed += (
                session.query(event)
                .filter(event.sender_id.in_(doomed[chunk : chunk + 500]))
                .delete(synchronize_session=False)
            )
        session.commit()
    return Deleted(len(doomed), removed)


def _last_timestamp(serialised: bytes | str) -> float:
    events = json.loads(serialised).get("events") or []
    return max((float(e.get("timestamp") or 0) for e in events), default=0.0)


def _redis_delete(
    store: RedisTrackerStore, senders: Iterable[str] | None, cutoff: float | None
) -> Deleted:
    prefix = store.key_prefix
    keys = (
        [prefix + sender for sender in senders]
        if senders is not None
        else [k.decode() if isinstance(k, bytes) else k for k in store.red.keys(prefix + "*")]
    )
    conversations = events = 0
    for key in keys:
        stored = store.red.get(key)
        if stored is None or (cutoff is not None and _last_timestamp(stored) >= cutoff):
            continue
        events += len(json.loads(stored).get("events") or [])
        conversations += store.red.delete(key)
    return Deleted(conversations, events)


def _delete(store: TrackerStore, senders: Iterable[str] | None, cutoff: float | None) -> Deleted:
    if isinstance(store, SQLTrackerStore):
        return _sql_delete(store, senders, cutoff)
    if isinstance(store, RedisTrackerStore):
        return _redis_delete(store, senders, cutoff)
    raise NRWbotError(f"Deleting conversations is not supported for {type(store).__name__}")


def delete_older_than(url: str, days: float, now: float | None = None) -> Deleted:
    """Deletes every conversation whose last event is more than `days` old."""
    if days <= 0:
        raise NRWbotError("The retention period must be more than 0 days")
    cutoff = (time.time() if now is None else now) - days * SECONDS_PER_DAY
    return _delete(tracker_store_from_url(url), None, cutoff)


def forget(url: str, conversation_id: str) -> Deleted:
    """Deletes one conversation with all its events."""
    return _delete(tracker_store_from_url(url), [conversation_id], None)


def forget_annotations(conversation_id: str, var_dir: Path) -> int:
    """Deletes what administrators annotated of the conversation (admin app); returns how many.

    The admin database is looked up as the admin app does (`NRWBOT_ADMIN_DATABASE_URL`, else
    `var/admin.db`); where it does not exist, nothing was derived from the conversation.
    """
    configured = os.environ.get("NRWBOT_ADMIN_DATABASE_URL")
    if not configured and not (var_dir / "admin.db").exists():
        return 0
    from admin.annotations import AnnotationStore
    from admin.db import create_engine

    engine = create_engine(configured or f"sqlite:///{var_dir / 'admin.db'}")
    try:
        return AnnotationStore(engine).forget(conversation_id)
    finally:
        engine.dispose()


def parse_period(text: str) -> float:
    """Days in a period such as "90d", "12w" or "90" (days)."""
    units = {"d": 1, "w": 7}
    raw = text.strip().lower()
    factor = units.get(raw[-1:], None)
    number = raw[:-1] if factor else raw
    try:
        days = float(number) * (factor or 1)
    except ValueError:
        raise NRWbotError(f"'{text}' is not a period; write for example 90d or 12w") from None
    if days <= 0:
        raise NRWbotError("The retention period must be more than 0 days")
    return days
