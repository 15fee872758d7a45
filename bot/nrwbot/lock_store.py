"""Lock store chosen by one URL, so replicas of the Rasa server take turns per conversation.

With several replicas, two messages of one conversation may arrive at two replicas at once; Rasa's
Redis lock store makes the second wait until the first is processed and saved, so no event is
lost, duplicated or reordered. `redis://host:6379/1` selects it; endpoints-cluster.yml names this
class with `url: ${NRWBOT_LOCK_STORE_URL}`.

Rasa's store keeps a conversation's tickets as one Redis value that it reads, changes and writes
back in separate steps. Two replicas doing that at once hand out the same ticket, or one deletes
the lock that the other has just queued on (which fails the other's message with a LockError):
in a burst, two messages of one conversation were processed at the same time and one of them was
lost. `AtomicRedisLockStore` makes each of these steps atomic with a short Redis mutex per
conversation and otherwise keeps Rasa's first-come, first-served tickets and lifetimes.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from rasa.core.lock_store import LOCK_LIFETIME, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine.url import make_url

from nrwbot.errors import NRWbotError

# Holding the mutex takes two Redis round trips; it expires by itself if its holder dies.
_MUTEX_SECONDS = 5.0
_MUTEX_POLL_SECONDS = 0.002


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store whose ticket changes cannot interleave across processes."""

    def _mutex(self, conversation_id: str) -> AbstractContextManager:
        return self.red.lock(
            f"{self.key_prefix}mutex:{conversation_id}",
            timeout=_MUTEX_SECONDS,
            sleep=_MUTEX_POLL_SECONDS,
            blocking_timeout=_MUTEX_SECONDS,
        )

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)


def lock_store_from_url(url: str) -> LockStore:
    """The atomic Redis lock store for a `redis://` URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "redis":
        raise NRWbotError(f"The lock store URL must start with redis://, got {url!r}")
    return AtomicRedisLockStore(
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
