"""Reads citizens' messages and conversations from the tracker store, redacted and within a scope.

Every text leaves this module only after `admin.redaction.redact`: the store may still hold
personal data that the bot's masking did not catch (free text such as "ich heiße …"). The tenant of
a message is the `tenant` slot set before it in its conversation; a message before any tenant slot
has none and is shown to platform admins only.

For SQL stores the events table is queried directly (read-only), restricted to conversations of
the scope's tenants; Redis holds one JSON document per conversation, read with Rasa's own client.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore

from admin.accounts import Scope
from admin.redaction import redact
from nrwbot.conversation import TENANT_SLOT
from nrwbot.errors import NRWbotError
from nrwbot.tracker_store import tracker_store_from_url

# json.dumps in Rasa's SQLTrackerStore writes `"name": "tenant"` exactly like this.
TENANT_SLOT_PATTERN = f'%"name": "{TENANT_SLOT}"%'
SQL_CHUNK = 500


@lru_cache(maxsize=50_000)
def redacted(text: str) -> str:
    """`redact`, remembered: bot answers and duplicates repeat the same texts many times."""
    return redact(text)


@dataclass(frozen=True)
class Entity:
    """An entity the NLU found; the value is redacted."""

    name: str
    value: str


@dataclass(frozen=True)
class Message:
    """One citizen's message with what the NLU made of it.

    Attributes:
        index: position among the user messages of its conversation (0 = first); with the
            conversation id it names the message.
        text: the redacted text.
    """

    conversation_id: str
    index: int
    timestamp: float
    text: str
    intent: str | None
    confidence: float | None
    entities: tuple[Entity, ...]
    tenant: str | None

    @property
    def ref(self) -> tuple[str, int]:
        return (self.conversation_id, self.index)


@dataclass(frozen=True)
class Turn:
    """A user or bot turn of a conversation, redacted; `index` is set for user turns."""

    role: str
    text: str
    timestamp: float
    index: int | None = None


def _message(
    conversation_id: str, index: int, event: dict[str, Any], tenant: str | None
) -> Message:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    confidence = intent.get("confidence")
    entities = tuple(
        Entity(str(e.get("entity")), redacted(str(e.get("value"))))
        for e in parse.get("entities") or []
        if isinstance(e, dict) and e.get("entity")
    )
    return Message(
        conversation_id=conversation_id,
        index=index,
        timestamp=float(event.get("timestamp") or 0.0),
        text=redacted(str(event.get("text") or "")),
        intent=intent.get("name"),
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        entities=entities,
        tenant=tenant,
    )


def read_events(
    conversation_id: str, events: Iterable[dict[str, Any]], scope: Scope
) -> Iterator[Message | Turn]:
    """Messages (user events) and bot turns of one conversation that `scope` may see, in order."""
    tenant: str | None = None
    index = -1
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == TENANT_SLOT:
            tenant = event.get("value") if isinstance(event.get("value"), str) else None
        elif kind == "user":
            index += 1
            if scope.allows(tenant):
                yield _message(conversation_id, index, event, tenant)
        elif kind == "bot" and scope.allows(tenant) and event.get("text"):
            yield Turn("bot", redacted(str(event["text"])), float(event.get("timestamp") or 0.0))


def turns(items: Iterable[Message | Turn]) -> list[Turn]:
    """The conversation as user and bot turns."""
    return [
        Turn("user", item.text, item.timestamp, item.index) if isinstance(item, Message) else item
        for item in items
    ]


class ConversationSource(Protocol):
    """Where the admin app reads conversations from."""

    def messages(self, scope: Scope) -> list[Message]: ...

    def conversation(self, conversation_id: str, scope: Scope) -> list[Message | Turn]: ...


class SqlSource:
    """Rasa's SQL tracker store (SQLite or PostgreSQL), queried read-only."""

    def __init__(self, store: SQLTrackerStore) -> None:
        self.store = store

    def _senders_in(self, session: Any, scope: Scope) -> list[str]:
        event = self.store.SQLEvent
        rows = (
            session.query(event.sender_id, event.data)
            .filter(event.type_name == "slot", event.data.like(TENANT_SLOT_PATTERN))
            .all()
        )
        found = set()
        for sender_id, data in rows:
            slot = json.loads(data)
            if slot.get("name") == TENANT_SLOT and scope.allows(slot.get("value")):
                found.add(sender_id)
        return sorted(found)

    def _rows(self, session: Any, kinds: tuple[str, ...], senders: list[str] | None) -> list[Any]:
        event = self.store.SQLEvent
        wanted = event.type_name.in_(kinds) | (
            (event.type_name == "slot") & event.data.like(TENANT_SLOT_PATTERN)
        )
        query = session.query(event.sender_id, event.data).filter(wanted)
        if senders is None:
            return query.order_by(event.sender_id, event.id).all()
        rows: list[Any] = []
        for start in range(0, len(senders), SQL_CHUNK):
            chunk = senders[start : start + SQL_CHUNK]
            rows += query.filter(event.sender_id.in_(chunk)).order_by(event.sender_id, event.id)
        return rows

    def _read(self, rows: list[Any], scope: Scope) -> Iterator[Message | Turn]:
        by_sender: dict[str, list[dict[str, Any]]] = {}
        for sender_id, data in rows:
            by_sender.setdefault(sender_id, []).append(json.loads(data))
        for sender_id, events in by_sender.items():
            yield from read_events(sender_id, events, scope)

    def messages(self, scope: Scope) -> list[Message]:
        with self.store.session_scope() as session:
            senders = None if scope.is_all else self._senders_in(session, scope)
            rows = self._rows(session, ("user",), senders)
        return [item for item in self._read(rows, scope) if isinstance(item, Message)]

    def conversation(self, conversation_id: str, scope: Scope) -> list[Message | Turn]:
        with self.store.session_scope() as session:
            rows = self._rows(session, ("user", "bot"), [conversation_id])
        return list(self._read(rows, scope))


class RedisSource:
    """Rasa's Redis tracker store: one serialised tracker per conversation."""

    def __init__(self, store: RedisTrackerStore) -> None:
        self.store = store

    def _events(self, key: str) -> list[dict[str, Any]]:
        stored = self.store.red.get(self.store.key_prefix + key)
        return (json.loads(stored).get("events") or []) if stored else []

    def _keys(self) -> list[str]:
        prefix = self.store.key_prefix
        keys = (
            k.decode() if isinstance(k, bytes) else k for k in self.store.red.keys(prefix + "*")
        )
        return sorted(k[len(prefix) :] for k in keys)

    def messages(self, scope: Scope) -> list[Message]:
        return [
            item
            for key in self._keys()
            for item in read_events(key, self._events(key), scope)
            if isinstance(item, Message)
        ]

    def conversation(self, conversation_id: str, scope: Scope) -> list[Message | Turn]:
        return list(read_events(conversation_id, self._events(conversation_id), scope))


def source_for_store(store: TrackerStore) -> ConversationSource:
    if isinstance(store, SQLTrackerStore):
        return SqlSource(store)
    if isinstance(store, RedisTrackerStore):
        return RedisSource(store)
    raise NRWbotError(f"The admin app cannot read conversations from {type(store).__name__}")


def source_for_url(url: str) -> ConversationSource:
    """The source for `NRWBOT_TRACKER_STORE_URL` (sqlite://, postgresql://, redis://)."""
    return source_for_store(tracker_store_from_url(url))
