"""Conversations whose actions call the real backend: every seeded ID status, and the backend down.

Each stack runs the trained model in-process with its own action server, whose tenant files point
the experts' `backend_url` either at a backend the test starts (with the demo data) or at a port
where nothing listens.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
import pytest_asyncio

from nrwbot.testing import running_backend
from tests.harness import (
    ROOT,
    Bot,
    free_port,
    joined,
    load_bot,
    start_action_server,
    stop,
    tenants_pointing_to,
)

pytestmark = pytest.mark.integration

STATUS_WORDS = {
    "beantragt": "noch nicht fertig",
    "in_produktion": "Bundesdruckerei",
    "abholbereit": "liegt zur Abholung bereit",
    "abgeholt": "bereits abgeholt",
}


async def _stack(
    tmp: Path, model: Path, backend_url: str, token: str = "unused"
) -> tuple[Bot, subprocess.Popen]:
    port = free_port()
    tenants = tenants_pointing_to(tmp / "tenants", backend_url)
    actions = start_action_server(
        port, tmp / "actions.log", NRWBOT_TENANTS_DIR=str(tenants), NRWBOT_BACKEND_TOKEN=token
    )
    return await load_bot(model, f"http://127.0.0.1:{port}/webhook"), actions


@pytest_asyncio.fixture(scope="module")
async def live(tmp_path_factory: pytest.TempPathFactory, trained_model: Path) -> AsyncIterator[Bot]:
    tmp = tmp_path_factory.mktemp("live")
    # The backend requires its token: the action server must send it for any answer to arrive.
    with running_backend(tmp / "backend") as backend:
        bot, actions = await _stack(tmp, trained_model, backend.url, backend.token)
        yield bot
        stop(actions)


@pytest_asyncio.fixture(scope="module")
async def backend_down(
    tmp_path_factory: pytest.TempPathFactory, trained_model: Path
) -> AsyncIterator[Bot]:
    tmp = tmp_path_factory.mktemp("down")
    bot, actions = await _stack(tmp, trained_model, f"http://127.0.0.1:{free_port()}/api/v1")
    yield bot
    stop(actions)


def _applications() -> list[dict]:
    data = json.loads(
        (ROOT / "backend" / "demo" / "ausweisantraege.json").read_text(encoding="utf-8")
    )
    return data["ausweisantraege"]


def _german(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d.%m.%Y")


async def test_every_seeded_application_gets_its_status(live: Bot) -> None:
    if not (ROOT / "domains" / "ausweisstatus").exists():
        pytest.skip("expert ausweisstatus not installed")
    for index, application in enumerate(_applications()):
        conversation = f"status-{index}"
        await live.say(conversation, "Hallo")
        await live.say(conversation, "Ist mein Perso schon fertig?")
        await live.say(conversation, application["antragsnummer"])
        reply = joined(await live.say(conversation, _german(application["geburtsdatum"])))
        assert STATUS_WORDS[application["status"]] in reply, (application["antragsnummer"], reply)
        assert application["geburtsdatum"] not in reply


async def test_wrong_birth_date_reveals_nothing(live: Bot) -> None:
    if not (ROOT / "domains" / "ausweisstatus").exists():
        pytest.skip("expert ausweisstatus not installed")
    application = _applications()[0]
    replies = []
    for number in (application["antragsnummer"], "L01X00T47"):  # a valid but unknown serial
        conversation = f"wrong-{number}"
        await live.say(conversation, "Ist mein Personalausweis fertig?")
        await live.say(conversation, number)
        replies.append(joined(await live.say(conversation, "01.01.1950")))
    assert replies[0] == replies[1]
    assert not any(word in replies[0] for word in STATUS_WORDS.values())
    assert application["dokumentart"] not in replies[0]


async def test_backend_down_gives_a_polite_answer_within_seconds(backend_down: Bot) -> None:
    if not (ROOT / "domains" / "ausweisstatus").exists():
        pytest.skip("expert ausweisstatus not installed")
    conversation = "down-1"
    await backend_down.say(conversation, "Ist mein Perso schon fertig?")
    await backend_down.say(conversation, "L01X00T47")
    started = time.monotonic()
    reply = joined(await backend_down.say(conversation, "22.10.1949"))
    assert time.monotonic() - started < 8
    assert "nicht erreichbar" in reply and "02921 103-0" in reply
    assert "Traceback" not in reply and "Error" not in reply
