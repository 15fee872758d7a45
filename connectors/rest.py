"""REST channel with input hardening: `/webhooks/rest/webhook` for this host and for portals.

Compared with Rasa's RestInput it

* answers only this host itself (a loopback peer that forwards for nobody: the demo, tests,
  `curl`) and callers with `Authorization: Bearer <NRWBOT_REST_SECRET>` (portals calling it from
  their server); everyone else gets a 403. The sender is chosen by the caller, so an open REST
  channel would let anyone write into, and read, any conversation whose id they learn;
* refuses senders outside a safe character set and any sender that has the form of a web-chat
  conversation id, so that REST never reaches a web-chat conversation;
* answers every malformed request with a 400 and a JSON error (Rasa answers several with a 500),
  refuses oversized messages, bodies and metadata, checks the tenant named in the metadata, and
  limits messages per sender and per client address (429);
* sets `nrwbot_citizen` in the metadata itself (connectors/metadata.py);
* stops citizens from using Rasa's `/intent{"slot": …}` shortcut: text starting with `/` is only
  passed on as-is when it is the payload of a button the bot has just offered.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.client_address import Networks, client_address, is_direct_local, rate_key
from connectors.metadata import metadata_size, with_citizen
from connectors.session import MessageLimits, is_webchat_id, load_secret
from nrwbot.project import get_registry
from nrwbot.responses import core_response
from nrwbot.settings import get_settings

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
_SENDER = re.compile(rf"[A-Za-z0-9._:@-]{{1,{MAX_SENDER_CHARS}}}")
# Message, metadata and sender fit easily; refused before parsing, so that nobody makes the
# server parse megabytes of JSON.
MAX_BODY_BYTES = 64 * 1024
SHORTCUT_PREFIX = "/"
FORBIDDEN = "REST is open to this host only; other callers need 'Authorization: Bearer <NRWBOT_REST_SECRET>'"
TOO_FAST = core_response("utter_channel_too_fast")
FAILED = core_response("utter_channel_failed")


class RequestError(Exception):
    """A client error, answered with `status` and a JSON body naming the problem."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def parse_request(
    raw: bytes, max_chars: int, known_tenants: Any, *, max_metadata_bytes: int
) -> dict[str, Any]:
    """Validates a webhook body: {"sender": str, "message": str, "metadata": object?}."""
    if len(raw or b"") > MAX_BODY_BYTES:
        raise RequestError(f"Body too large (at most {MAX_BODY_BYTES} bytes)", status=413)
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
    if not isinstance(sender, str) or not _SENDER.fullmatch(sender):
        raise RequestError(
            f"'sender' must be 1 to {MAX_SENDER_CHARS} characters of A-Z, a-z, 0-9 and . _ : @ -"
        )
    if is_webchat_id(sender):
        raise RequestError(
            "'sender' has the form of a web-chat conversation id; "
            "web-chat conversations are reachable over socket.io only"
        )
    if not isinstance(message, str) or not message.strip():
        raise RequestError("'message' must be a non-empty string")
    if len(message) > max_chars:
        raise RequestError(core_response("utter_channel_too_long", limit=max_chars), status=413)
    if metadata is not None and not isinstance(metadata, dict):
        raise RequestError("'metadata' must be a JSON object")
    if metadata and metadata_size(metadata) > max_metadata_bytes:
        raise RequestError(
            f"'metadata' is too large (at most {max_metadata_bytes} bytes as JSON)", status=413
        )
    tenant = (metadata or {}).get("tenant")
    if tenant is not None and (not isinstance(tenant, str) or tenant not in known_tenants):
        raise RequestError(f"Unknown tenant {tenant!r}")
    return {"sender": sender, "message": message, "metadata": metadata}


def authorised(peer: str, headers: Mapping[str, str], secret: str) -> bool:
    """Whether a request may use REST: from this host itself, or with the shared secret."""
    if is_direct_local(peer, headers):
        return True
    scheme, _, token = (headers.get("authorization") or "").partition(" ")
    if not secret or scheme.lower() != "bearer":
        return False
    # Bytes: compare_digest takes constant time, and raises TypeError on non-ASCII text.
    given = token.strip().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(given, secret.encode())


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

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> HardenedRestInput:
        credentials = credentials or {}
        return cls(
            messages_per_minute=int(credentials.get("messages_per_minute", 20)),
            messages_per_minute_per_address=int(
                credentials.get("messages_per_minute_per_address", 120)
            ),
        )

    def __init__(
        self,
        messages_per_minute: int = 20,
        messages_per_minute_per_address: int = 120,
        *,
        rest_secret: str | None = None,
        trusted_proxies: Networks | None = None,
        citizen_secret: bytes | None = None,
        max_metadata_bytes: int | None = None,
    ) -> None:
        """Args left at None come from the settings (NRWBOT_REST_SECRET, …); "" is no secret."""
        settings = get_settings()
        self.rest_secret = settings.rest_secret if rest_secret is None else rest_secret
        self.trusted_proxies = (
            settings.trusted_proxies if trusted_proxies is None else trusted_proxies
        )
        self.citizen_secret = citizen_secret or load_secret(settings.var_dir)
        self.max_metadata_bytes = max_metadata_bytes or settings.max_metadata_bytes
        self.max_chars = settings.max_message_chars
        self.limits = MessageLimits(messages_per_minute, messages_per_minute_per_address)

    def _client_address(self, request: Request) -> str:
        # getall: a second X-Forwarded-For header must not hide the one a proxy appended to.
        forwarded = ",".join(request.headers.getall("x-forwarded-for", [])) or None
        return client_address(request.ip, forwarded, self.trusted_proxies)

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

        @webhook.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            # Rasa answers "/" before a model is loaded; this answers 200 only once it can chat,
            # so a load balancer or a readiness probe sends citizens only to a serving replica.
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"status": "loading"}, status=503)
            return response.json({"status": "ready"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not authorised(request.ip, request.headers, self.rest_secret):
                return response.json({"error": FORBIDDEN}, status=403)
            try:
                parsed = parse_request(
                    request.body,
                    self.max_chars,
                    get_registry(),
                    max_metadata_bytes=self.max_metadata_bytes,
                )
            except RequestError as exc:
                return response.json({"error": str(exc)}, status=exc.status)
            sender, address = parsed["sender"], self._client_address(request)
            if not self.limits.allow(sender, rate_key(address)):
                return response.json({"error": TOO_FAST}, status=429, headers={"Retry-After": "60"})
            text = parsed["message"]
            if text.strip().startswith(SHORTCUT_PREFIX):
                payloads = offered_payloads(await self._recent_events(request, sender))
                text = neutralise_shortcut(text, payloads)
            metadata = with_citizen(
                parsed["metadata"], self.citizen_secret, self.name(), sender, address
            )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text, collector, sender, input_channel=self.name(), metadata=metadata
                    )
                )
            except Exception:
                logger.exception("Handling a REST message failed (sender %s)", sender)
                return response.json({"error": FAILED}, status=500)
            return response.json(collector.messages)

        return webhook
