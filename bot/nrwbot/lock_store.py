"""Lock store chosen by one URL, so replicas of the Rasa server take turns per conversation.

With several replicas, two messages of one conversation may arrive at two replicas at once; Rasa's
Redis lock store makes the second wait until the first is processed and saved, so no event is
lost, duplicated or reordered. `redis://host:6379/1` selects it; endpoints-cluster.yml names this
class with `url: ${NRWBOT_LOCK_STORE_URL}`.
"""

from __future__ import annotations

from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine.url import make_url

from nrwbot.errors import NRWbotError


def lock_store_from_url(url: str) -> LockStore:
    """Rasa's Redis lock store for a `redis://` URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "redis":
        raise NRWbotError(f"The lock store URL must start with redis://, got {url!r}")
    return RedisLockStore(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 6379,
        db=int(parsed.database or 1),
        password=parsed.password,
        key_prefix="nrwbot",
    )


class UrlLockStore:
    """Named in endpoints-cluster.yml; Rasa calls it with the endpoint and gets the store."""

    def __new__(cls, endpoint_config: EndpointConfig) -> LockStore:
        return lock_store_from_url(str(endpoint_config.url))
