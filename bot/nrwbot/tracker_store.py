"""Tracker store chosen by one URL, so deployments switch storage with an environment variable.

`sqlite:///var/conversations.db` (default, survives restarts), `postgresql://user:pw@host:5432/db`
or `redis://host:6379/0`. Rasa instantiates the class named in endpoints.yml with `host=<url>`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import RedisTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine.url import make_url

from nrwbot.errors import NRWbotError


def tracker_store_from_url(
    url: str, domain: Domain | None = None, event_broker: EventBroker | None = None, **kwargs: Any
) -> TrackerStore:
    """Builds Rasa's SQL or Redis tracker store for `url`."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or "var/conversations.db"
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        return SQLTrackerStore(domain=domain, dialect="sqlite", db=database, event_broker=event_broker, **kwargs)
    if backend == "postgresql":
        return SQLTrackerStore(
            domain=domain,
            dialect="postgresql",
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            db=parsed.database or "rasa",
            username=parsed.username,
            password=parsed.password,
            event_broker=event_broker,
            **kwargs,
        )
    if backend == "redis":
        return RedisTrackerStore(
            domain=domain,
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 6379,
            db=int(parsed.database or 0),
            password=parsed.password,
            event_broker=event_broker,
            **kwargs,
        )
    raise NRWbotError(f"Unsupported tracker store URL scheme '{backend}' (sqlite, postgresql, redis)")


class UrlTrackerStore:
    """Named in endpoints.yml; Rasa calls it like a class and receives the configured store."""

    def __new__(  # type: ignore[misc]
        cls, host: str, domain: Domain | None = None, event_broker: EventBroker | None = None, **kwargs: Any
    ) -> TrackerStore:
        return tracker_store_from_url(host, domain, event_broker, **kwargs)
