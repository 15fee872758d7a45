"""A Sanic server with NRWbot's web-chat channel and a scripted bot instead of a trained model.

Channel and widget tests use it to check what the channel and the widget do with text, buttons,
links, images and metadata, in seconds and without a model:
`python -m tests.fake_webchat_bot --port 5099`.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from pathlib import Path

from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from connectors.socketio import WebChatInput

TEST_SECRET = "fake-bot-session-secret-0123456789abcdef"
BUTTONS = [{"title": "Ja, bitte", "payload": "/affirm"}, {"title": "Nein", "payload": "/deny"}]


async def scripted_bot(message: UserMessage) -> None:
    """Answers like a bot would, with one kind of message per keyword."""
    out, to, text = message.output_channel, message.sender_id, message.text or ""
    if text == "knöpfe":
        await out.send_text_with_buttons(to, "Möchten Sie mehr wissen?", BUTTONS)
    elif text == "link":
        await out.send_text_message(
            to,
            "Mehr unter https://www.soest.de/datenschutz und [Formulare](https://www.soest.de/formulare).",
        )
    elif text == "bild":
        await out.send_image_url(to, "https://images.example.org/hund.png")
    elif text == "metadaten":
        await out.send_text_message(to, json.dumps(message.metadata, sort_keys=True))
    elif text == "custom":
        await out.send_custom_json(to, {"room": "someone-else", "kind": "test"})
    else:
        await out.send_text_message(to, f"Echo: {text}")


def build_app(channel: WebChatInput | None = None) -> Sanic:
    """The Sanic app with the channel registered exactly as `rasa run` registers it."""
    app = Sanic("fake_webchat_bot")
    register(
        [channel or WebChatInput(local_tenants=["soest", "lippstadt"])], app, route="/webhooks/"
    )

    async def handle(message: UserMessage) -> None:
        await scripted_bot(message)

    # Rasa's register() forwards to app.ctx.agent.handle_message; a stand-in keeps that path.
    app.ctx.agent = type(
        "ScriptedAgent", (), {"handle_message": staticmethod(handle), "tracker_store": None}
    )()
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--messages-per-minute", type=int, default=20)
    parser.add_argument("--messages-per-address", type=int, default=120)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    channel = WebChatInput(
        local_tenants=["soest", "lippstadt"],
        messages_per_minute=args.messages_per_minute,
        messages_per_minute_per_address=args.messages_per_address,
    )
    build_app(channel).run(host="127.0.0.1", port=args.port, access_log=False)


if __name__ == "__main__":
    main()


def start(
    port: int,
    log: Path,
    messages_per_minute: int = 20,
    messages_per_address: int = 120,
    **env: str,
) -> subprocess.Popen:
    """Starts the fake bot in a subprocess and waits until it answers; `env` adds variables."""
    from tests.harness import ROOT, server_env, wait_for_http

    command = [sys.executable, "-m", "tests.fake_webchat_bot", "--port", str(port)]
    command += ["--messages-per-minute", str(messages_per_minute)]
    command += ["--messages-per-address", str(messages_per_address)]
    env = server_env(NRWBOT_SESSION_SECRET=TEST_SECRET, **env)
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    wait_for_http(f"http://127.0.0.1:{port}/webhooks/socketio/", timeout=60, process=process)
    return process
