"""Browser-test fixtures: Debian's Chromium via Playwright, the bot, the portal, axe-core.

`bot_url` is the real bot as `nrwbot run` starts it (trained model, action server); `fake_bot_url`
is the web-chat channel with a scripted bot (tests/fake_webchat_bot.py) for rendering tests.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from portal.serve import serve_in_thread
from tests import fake_webchat_bot
from tests.harness import ROOT, free_port, run_env, stop, wait_for_http

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update",
]  # fmt: skip
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
API_TOKEN = "browser-test-token"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Browser tests need Debian's chromium (make setup installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def bot_url(tmp_path_factory: pytest.TempPathFactory, trained_model: Path) -> Iterator[str]:
    """The bot as `nrwbot run` starts it, on free ports, with its own conversation store."""
    tmp = tmp_path_factory.mktemp("browser-bot")
    rasa_port, action_port = free_port(), free_port()
    env = run_env(
        tmp,
        rasa_port,
        action_port,
        NRWBOT_API_TOKEN=API_TOKEN,
        NRWBOT_SESSION_SECRET=fake_webchat_bot.TEST_SECRET,
    )
    command = [sys.executable, "-m", "nrwbot.cli", "run"]
    with (tmp / "run.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{rasa_port}"
    wait_for_http(f"{url}/status?token={API_TOKEN}", timeout=240, process=process)
    wait_for_http(f"http://127.0.0.1:{action_port}/health", process=process)
    yield url
    process.send_signal(signal.SIGINT)  # nrwbot run stops its children on Ctrl-C
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def fake_bot_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    process = fake_webchat_bot.start(port, tmp_path_factory.mktemp("fake-bot") / "bot.log")
    yield f"http://127.0.0.1:{port}"
    stop(process)


@pytest.fixture(scope="session")
def portal_url(bot_url: str) -> Iterator[str]:
    server = serve_in_thread(0, bot_url)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def fake_portal_url(fake_bot_url: str) -> Iterator[str]:
    server = serve_in_thread(0, fake_bot_url)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# ---- helpers for the widget, which lives in an open shadow root ----


def focused(page: Page) -> str:
    """`id` or class of the element focused inside the widget ('' if focus is elsewhere)."""
    return page.evaluate(
        """() => { const host = document.querySelector('[data-nrwbot]');
        const el = host && document.activeElement === host ? host.shadowRoot.activeElement : null;
        return el ? (el.id || el.className) : ''; }"""
    )


def tab_to(page: Page, target: str, limit: int = 25) -> None:
    """Presses Tab until the widget element `target` (id or class) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == target:
            return
    raise AssertionError(f"Tab never reached {target!r}")


def send(page: Page, text: str) -> None:
    """Types into the widget's input (which must have the focus) and sends with Enter."""
    assert focused(page) == "i", "the message input should have the focus"
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def stored_session(page: Page) -> dict:
    return page.evaluate(
        "() => { for (const k of Object.keys(sessionStorage)) if (k.startsWith('nrwbot:'))"
        " return JSON.parse(sessionStorage.getItem(k)); return null; }"
    )


def non_local_hosts(urls: list[str]) -> set[str]:
    return {urlsplit(u).hostname or u for u in urls} - LOCAL_HOSTS - {""}


def axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page (WCAG 2.1 A/AA rules and more)."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations
        ],
        indent=1,
        ensure_ascii=False,
    )
