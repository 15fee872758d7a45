"""REST channel with input hardening: the public `/webhooks/rest/webhook` of NRWbot.

Compared with Rasa's RestInput it answers every malformed request with a 400 and a JSON error
(Rasa answers several with a 500), refuses oversized messages, checks the tenant named in the
metadata, and stops citizens from using Rasa's `/intent{"slot": …}` shortcut: text starting with
`/` is only passed on as-is when it is the payload of a button the bot has just offered.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from nrwbot.settings import get_settings
from nrwbot.tenants import get_registry

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
SHORTCUT_PREFIX = "/"


class RequestError(Exception):
    """A client error, answered with `status` and a JSON body naming the problem."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def parse_request(raw: bytes, max_chars: int, known_tenants: Any) -> dict[str, Any]:
    """Validates a webhook body: {"sender": str, "message": str, "metadata": object?}."""
    try:
        body = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        raise RequestError(
            'Body must be a JSON object like {"sender": "…", "message": "…"}'
        ) from None
    if not isinstance(body, dict):
        raise RequestError("Body must be a JSON object, not " + type(body).__name__)
    sender, message = body.get("sender"), body.get("message")
    metadata = body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise RequestError(
            f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters"
        )
    if not isinstance(message, str) or not message.strip():
        raise RequestError("'message' must be a non-empty string")
    if len(message) > max_chars:
        raise RequestError(
            f"Die Nachricht ist zu lang (höchstens {max_chars} Zeichen). "
            "Bitte schreiben Sie Ihr Anliegen kürzer.",
            status=413,
        )
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError("'metadata' must be a JSON object")
    tenant = (metadata or {}).get("tenant")
    if tenant is not None and (not isinstance(tenant, str) or tenant not in known_tenants):
        raise RequestError(f"Unknown tenant {tenant!r}")
    return {"sender": sender, "message": message, "metadata": metadata}


def offered_payloads(events: list[dict[str, Any]]) -> set[str]:
    """Button payloads of the bot's messages since the citizen last wrote."""
    payloads: set[str] = set()
    for event in reversed(events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            for button in (event.get("data") or {}).get("buttons") or []:
                if isinstance(button, dict) and isinstance(button.get("payload"), str):
                    payloads.add(button["payload"])
    return payloads


def neutralise_shortcut(text: str, payloads: set[str]) -> str:
    """Strips leading slashes unless the text is exactly an offered button payload."""
    stripped = text.strip()
    if not stripped.startswith(SHORTCUT_PREFIX) or stripped in payloads:
        return text
    return stripped.lstrip(SHORTCUT_PREFIX).strip() or "?"


class HardenedRestInput(RestInput):
    """Rasa's REST channel with validation; served at `/webhooks/rest/webhook`."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _recent_events(self, request: Request, sender: str) -> list[dict[str, Any]]:
        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or agent.tracker_store is None:
            return []
        tracker = await agent.tracker_store.retrieve(sender)
        return [event.as_dict() for event in tracker.events] if tracker else []

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("nrwbot_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                parsed = parse_request(
                    request.body, get_settings().max_message_chars, get_registry()
                )
            except RequestError as exc:
                return response.json({"error": str(exc)}, status=exc.status)
            text = parsed["message"]
            if text.strip().startswith(SHORTCUT_PREFIX):
                payloads = offered_payloads(await self._recent_events(request, parsed["sender"]))
                text = neutralise_shortcut(text, payloads)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        parsed["sender"],
                        input_channel=self.name(),
                        metadata=parsed["metadata"],
                    )
                )
            except Exception:
                logger.exception("Handling a REST message failed (sender %s)", parsed["sender"])
                return response.json(
                    {"error": "Die Nachricht konnte gerade nicht verarbeitet werden."}, status=500
                )
            return response.json(collector.messages)

        return webhook
