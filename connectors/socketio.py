"""Web-chat channel: socket.io at `/socket.io` for `rasa-webchat` and NRWbot's portal widget.

Speaks the protocol of Rasa's socket.io channel (`session_request`/`session_confirm`,
`user_uttered`/`bot_uttered`, session persistence), with these differences:

* Session ids are issued and signed by the server (`connectors/session.py`); a `session_request`
  for an id the server did not issue is answered with a fresh id, so nobody can join another
  citizen's conversation by knowing or guessing its id. A socket only ever posts to the
  conversation it was confirmed for.
* The socket joins its conversation's room with `await` (Rasa 3.6 forgets to await
  `AsyncServer.enter_room`, a coroutine in python-socketio 5, so no answer ever arrives).
* Pages must come from an origin the tenant allows (checked on the handshake and per message),
  messages are bounded in length and in rate (per conversation and per client address, taken at
  connect time by `connectors/client_address.py`), and typed `/intent{…}` shortcuts are
  neutralised as on the REST channel.
* `customData` of the widget is passed on as message metadata, bounded in size, with
  `nrwbot_citizen` set by the server (`connectors/metadata.py`); its `tenant` must name a known
  tenant (missing: the default tenant; unknown: the message is refused, because answering with
  another municipality's facts would mislead the citizen).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from connectors.client_address import from_environ, rate_key
from connectors.metadata import metadata_size, with_citizen
from connectors.rest import (
    FAILED,
    SHORTCUT_PREFIX,
    TOO_FAST,
    neutralise_shortcut,
    offered_payloads,
)
from connectors.session import MessageLimits, OriginPolicy, SessionSigner, load_secret
from connectors.widget import add_widget_routes
from nrwbot.conversation import all_experts
from nrwbot.project import get_registry
from nrwbot.responses import core_response
from nrwbot.settings import get_settings

logger = logging.getLogger(__name__)

NOT_ALLOWED = core_response("utter_channel_not_allowed")


class WebChatOutput(SocketIOOutput):
    """Rasa's socket.io output, except that custom JSON can never choose its recipient."""

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        # Rasa passes the custom payload's keys as `emit` arguments, so a payload with a "room"
        # key would be delivered to that room. Wrap it like the REST channel does instead.
        await self._send_message(recipient_id, {"custom": json_message})


class WebChatBlueprint(SocketBlueprint):
    """Attaches socket.io and the widget routes to the Rasa server's app."""

    def __init__(self, channel: WebChatInput, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ctx.channel = channel

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        channel = self.ctx.channel
        channel.app = app  # the channel reads offered buttons through app.ctx.agent
        add_widget_routes(app, get_registry(), all_experts(), channel.origins, channel.max_chars)
        super().register(app, options)


class WebChatInput(SocketIOInput):
    """The hardened socket.io channel; registered in `credentials.yml`."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        credentials = credentials or {}
        return cls(
            metadata_key=credentials.get("metadata_key", "customData"),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            local_tenants=credentials.get("local_origin_tenants") or [],
            messages_per_minute=int(credentials.get("messages_per_minute", 20)),
            messages_per_minute_per_address=int(
                credentials.get("messages_per_minute_per_address", 120)
            ),
        )

    def __init__(
        self,
        metadata_key: str = "customData",
        socketio_path: str = "/socket.io",
        local_tenants: list[str] | None = None,
        messages_per_minute: int = 20,
        signer: SessionSigner | None = None,
        messages_per_minute_per_address: int = 120,
    ) -> None:
        super().__init__(
            session_persistence=True, socketio_path=socketio_path, metadata_key=metadata_key
        )
        settings = get_settings()
        registry = get_registry()
        unknown = sorted(set(local_tenants or []) - {tenant.id for tenant in registry})
        if unknown:
            raise ValueError(
                f"credentials.yml: local_origin_tenants names unknown tenants {', '.join(unknown)}"
            )
        self.origins = OriginPolicy(
            {tenant.id: tenant.allowed_origins for tenant in registry}, local_tenants or []
        )
        secret = load_secret(settings.var_dir)
        self.signer = signer or SessionSigner(secret)
        self.citizen_secret = secret
        self.limits = MessageLimits(messages_per_minute, messages_per_minute_per_address)
        self.trusted_proxies = settings.trusted_proxies
        self.max_chars = settings.max_message_chars
        self.max_metadata_bytes = settings.max_metadata_bytes
        self.app: Sanic | None = None

    def get_output_channel(self) -> OutputChannel | None:
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio else None

    async def _offered_payloads(self, conversation_id: str) -> set[str]:
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is None or agent.tracker_store is None:
            return set()
        tracker = await agent.tracker_store.retrieve(conversation_id)
        return offered_payloads([e.as_dict() for e in tracker.events]) if tracker else set()

    def _metadata(self, raw: Any, origin: str | None) -> dict[str, Any] | None:
        """customData as metadata with a known tenant the page may use, else None."""
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                return None
        metadata = dict(raw) if isinstance(raw, dict) else {}
        if metadata_size(metadata) > self.max_metadata_bytes:
            return None
        registry = get_registry()
        tenant = metadata.get("tenant") or registry.default  # none named: as on REST
        if not isinstance(tenant, str) or tenant not in registry:
            return None
        if not self.origins.allows(origin, tenant):
            return None
        return {**metadata, "tenant": tenant}

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(
            async_mode="sanic",
            # Checked by engine.io on every handshake and polling request, WebSocket included.
            cors_allowed_origins=lambda origin, environ=None: self.origins.allows_any(origin),
            max_http_buffer_size=64 * 1024,
        )
        self.sio = sio
        webhook = WebChatBlueprint(
            self, sio, self.socketio_path, "nrwbot_socketio_webhook", __name__
        )

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def tell(sid: str, text: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text}, room=sid)

        @sio.on("connect")
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not self.origins.allows_any(origin):
                logger.info("Refused a socket from origin %s", origin)
                return False
            # Taken once, at connect; the socket's later requests cannot change it.
            address = from_environ(environ, self.trusted_proxies)
            await sio.save_session(
                sid,
                {"origin": origin, "address": address, "conversation": None, "session_id": None},
            )
            return True

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            conversation = self.signer.verify(requested)
            session_id = requested if conversation else self.signer.issue()
            conversation = conversation or self.signer.verify(session_id)
            state = await sio.get_session(sid)
            if state["conversation"] and state["conversation"] != conversation:
                await sio.leave_room(sid, state["conversation"])
            await sio.enter_room(sid, conversation)  # awaited: see the module docstring
            await sio.save_session(
                sid, {**state, "conversation": conversation, "session_id": session_id}
            )
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: str, data: Any) -> None:
            state = await sio.get_session(sid)
            conversation = state.get("conversation")
            if not conversation or not isinstance(data, dict):
                return
            claimed = data.get("session_id")
            if claimed is not None and claimed != state["session_id"]:
                logger.warning(
                    "Socket %s sent a message for a session it was not confirmed for", sid
                )
                return
            text = data.get("message")
            if not isinstance(text, str) or not text.strip():
                return
            # Counted before any other check, so that refused messages cost the sender too.
            if not self.limits.allow(conversation, rate_key(state["address"])):
                return await tell(sid, TOO_FAST)
            if len(text) > self.max_chars:
                return await tell(
                    sid, core_response("utter_channel_too_long", limit=self.max_chars)
                )
            metadata = self._metadata(data.get(self.metadata_key), state.get("origin"))
            if metadata is None:
                return await tell(sid, NOT_ALLOWED)
            metadata = with_citizen(
                metadata, self.citizen_secret, self.name(), conversation, state["address"]
            )
            if text.strip().startswith(SHORTCUT_PREFIX):
                text = neutralise_shortcut(text, await self._offered_payloads(conversation))
            message = UserMessage(
                text, WebChatOutput(sio, self.bot_message_evt), conversation,
                input_channel=self.name(), metadata=metadata,
            )  # fmt: skip
            try:
                await on_new_message(message)
            except Exception:
                logger.exception(
                    "Handling a web-chat message failed (conversation %s)", conversation
                )
                await tell(sid, FAILED)

        return webhook
