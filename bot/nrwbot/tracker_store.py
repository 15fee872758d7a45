"""Tracker store chosen by one URL, wrapped so personal data is never stored in clear text.

`sqlite:///var/conversations.db` (default, survives restarts), `postgresql://user:pw@host:5432/db`
or `redis://host:6379/0`. Rasa instantiates the class named in endpoints.yml with `host=<url>`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine.url import make_url

from nrwbot.data_key import load_cipher
from nrwbot.errors import NRWbotError
from nrwbot.personal_data import PersonalDataRules, mask_events, unmask_events


def tracker_store_from_url(
    url: str, domain: Domain | None = None, event_broker: EventBroker | None = None, **kwargs: Any
) -> TrackerStore:
    """Builds Rasa's SQL or Redis tracker store for `url`."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    common = {"domain": domain, "event_broker": event_broker, **kwargs}
    if backend == "sqlite":
        database = parsed.database or "var/conversations.db"
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        return SQLTrackerStore(dialect="sqlite", db=database, **common)
    if backend == "postgresql":
        return SQLTrackerStore(
            dialect="postgresql",
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            db=parsed.database or "rasa",
            username=parsed.username,
            password=parsed.password,
            **common,
        )
    if backend == "redis":
        return RedisTrackerStore(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 6379,
            db=int(parsed.database or 0),
            password=parsed.password,
            **common,
        )
    raise NRWbotError(
        f"Unsupported tracker store URL scheme '{backend}' (sqlite, postgresql, redis)"
    )


class PersonalDataTrackerStore(TrackerStore):
    """Delegates to another store, masking personal data on save and decrypting slots on load."""

    def __init__(
        self, inner: TrackerStore, rules: PersonalDataRules, cipher: Fernet | MultiFernet
    ) -> None:
        super().__init__(inner.domain, inner.event_broker)
        self.inner = inner
        self.rules = rules
        self.cipher = cipher

    @property
    def domain(self) -> Domain:
        return self.inner.domain

    @domain.setter
    def domain(self, domain: Domain | None) -> None:
        if hasattr(self, "inner"):
            self.inner.domain = domain

    def _convert(
        self, tracker: DialogueStateTracker | None, change: Callable[[list[dict]], list[dict]]
    ) -> DialogueStateTracker | None:
        if tracker is None:
            return None
        events = change([event.as_dict() for event in tracker.events])
        return DialogueStateTracker.from_dict(
            tracker.sender_id, events, self.domain.slots, tracker._max_event_history
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.inner.save(
            self._convert(tracker, lambda events: mask_events(events, self.rules, self.cipher))
        )

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        tracker = await self.inner.retrieve(sender_id)
        return self._convert(tracker, lambda events: unmask_events(events, self.cipher))

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        tracker = await self.inner.retrieve_full_tracker(conversation_id)
        return self._convert(tracker, lambda events: unmask_events(events, self.cipher))

    async def keys(self) -> Iterable[str]:
        return await self.inner.keys()


class UrlTrackerStore:
    """Named in endpoints.yml; Rasa calls it like a class and receives the configured store."""

    def __new__(
        cls,
        host: str,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> TrackerStore:
        from nrwbot.conversation import all_experts
        from nrwbot.settings import get_settings

        inner = tracker_store_from_url(host, domain, event_broker, **kwargs)
        rules = PersonalDataRules.from_experts(all_experts().values())
        return PersonalDataTrackerStore(inner, rules, load_cipher(get_settings().var_dir))
