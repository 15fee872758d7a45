"""A custom action that fails or hangs gets a polite answer with the contact, never silence.

Rasa 3.6 waits five minutes for the action server and, when a call fails, logs the error and sends
the citizen nothing. Inside the Rasa process (`nrwbot.rasa_server`) this module shortens the wait
to `NRWBOT_ACTION_TIMEOUT` seconds and turns a failed call into `utter_technische_stoerung`, filled
with the contact of the conversation's municipality (also when the failed action was the session
start that sets the contact slots). A rejection (a form that cannot use an answer) is no failure
and passes through unchanged.

After a failure the action server counts as down for up to `DOWN_SECONDS`: further calls are
answered at once instead of each waiting for the timeout, and a conversation gets the apology once,
not once per action of the same turn. Meanwhile its `/health` is asked at most once a second, so
the bot is back within about a second of the server.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

logger = logging.getLogger("nrwbot.action_failures")

DEFAULT_ACTION_TIMEOUT_SECONDS = 8.0
FAILURE_RESPONSE = "utter_technische_stoerung"
DOWN_SECONDS = 15.0
PROBE_EVERY_SECONDS = 1.0
PROBE_TIMEOUT_SECONDS = 0.5
_down_until = 0.0
_probed_at = 0.0


def action_timeout() -> float:
    """Seconds Rasa waits for one action call (`NRWBOT_ACTION_TIMEOUT`, default 8)."""
    raw = os.environ.get("NRWBOT_ACTION_TIMEOUT", "")
    try:
        return float(raw) if raw else DEFAULT_ACTION_TIMEOUT_SECONDS
    except ValueError:
        return DEFAULT_ACTION_TIMEOUT_SECONDS


def contact_values(tracker: Any) -> dict[str, str]:
    """The contact of the conversation's municipality: from its slots, else its tenant file."""
    from nrwbot.conversation import (
        CONTACT_EMAIL_SLOT,
        CONTACT_OFFICE_SLOT,
        CONTACT_PHONE_SLOT,
        TENANT_SLOT,
        tenant_from_metadata,
        tenant_of,
    )

    names = (CONTACT_OFFICE_SLOT, CONTACT_PHONE_SLOT, CONTACT_EMAIL_SLOT)
    slots = {name: tracker.get_slot(name) for name in names}
    if all(slots.values()):
        return {name: str(value) for name, value in slots.items()}
    try:
        tenant = tenant_of(tracker) if tracker.get_slot(TENANT_SLOT) else None
        if tenant is None:
            latest = getattr(tracker, "latest_message", None)
            tenant = tenant_from_metadata(getattr(latest, "metadata", None))
    except Exception:  # an unknown tenant id: the answer must still go out
        logger.exception("no tenant for the failure answer")
        return dict(zip(names, ("Bürgerbüro", "–", "–"), strict=True))
    contact = tenant.contact
    return dict(zip(names, (contact.office, contact.phone, contact.email), strict=True))


def _apologised_recently(tracker: Any, text: str, now: float) -> bool:
    for event in reversed(tracker.events):
        if event.timestamp < now - DOWN_SECONDS * 4:
            return False
        if getattr(event, "text", None) == text and type(event).__name__ == "BotUttered":
            return True
    return False


async def polite_answer(nlg: Any, tracker: Any, channel: str) -> list[Any]:
    """The apology with the contact as a bot event, unless this conversation just had it."""
    import rasa.core.actions.action as rasa_actions

    message = await nlg.generate(FAILURE_RESPONSE, tracker, channel, **contact_values(tracker))
    if not message or _apologised_recently(tracker, message.get("text"), time.time()):
        return []
    return [rasa_actions.create_bot_utterance(message)]


def health_url(webhook_url: str) -> str:
    """The action server's health check next to its webhook (rasa-sdk serves both)."""
    base = webhook_url.rstrip("/")
    return (base.removesuffix("/webhook") or base) + "/health"


async def is_back(webhook_url: str) -> bool:
    """True when the action server answers its health check now (at most one probe a second)."""
    global _probed_at
    import aiohttp

    now = time.monotonic()
    if now - _probed_at < PROBE_EVERY_SECONDS:
        return False
    _probed_at = now
    try:
        timeout = aiohttp.ClientTimeout(total=PROBE_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(health_url(webhook_url)) as answer:
                return answer.status == 200
    except Exception:  # refused, reset or timed out: still down
        return False


def install() -> None:
    """Patches Rasa's remote action call; idempotent."""
    import rasa.core.actions.action as rasa_actions
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    rasa_actions.DEFAULT_REQUEST_TIMEOUT = action_timeout()  # read by RemoteAction.run
    if getattr(RemoteAction.run, "nrwbot_polite", False):
        return
    original = RemoteAction.run

    async def run(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
    ) -> list[Any]:
        global _down_until
        if time.monotonic() < _down_until:
            url = self.action_endpoint.url if self.action_endpoint else ""
            if not (url and await is_back(url)):
                return await polite_answer(nlg, tracker, output_channel.name())
            _down_until = 0.0
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as exc:
            logger.error("action %s failed (%s); answered politely", self.name(), exc)
            _down_until = time.monotonic() + DOWN_SECONDS
            return await polite_answer(nlg, tracker, output_channel.name())

    run.nrwbot_polite = True  # type: ignore[attr-defined]
    RemoteAction.run = run
