"""The admin pages in Chromium: axe finds no serious or critical violation, they work by keyboard
and at 320 CSS pixels, and nothing is loaded from another host."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from admin.inbox import group_key
from tests.admin.conftest import PASSWORD, SECRET, STANDARD, add_account, save_conversations
from tests.browser.conftest import SCREENSHOTS, axe_violations, describe, non_local_hosts
from tests.harness import ROOT, free_port, server_env, wait_for_http

GROUP = group_key("wann ist mein perso fertig")
PAGES = [
    "/eingang",
    f"/eingang?view=single&group={GROUP}",
    "/nachricht?c=soest-4&n=1",
    "/protokoll",
    "/export",
    "/modelle",
]


def _fill(url: str) -> None:
    # Playwright's sync API runs an event loop in the main thread; save from another one.
    worker = threading.Thread(target=lambda: asyncio.run(save_conversations(url, STANDARD)))
    worker.start()
    worker.join()


def _approve(database: Path) -> None:
    from admin.annotations import AnnotationStore
    from admin.conversations import Message
    from admin.db import create_engine

    text = "ich hab mein portmonee im bus liegen lassen heute früh"
    message = Message("soest-9", 0, 0.0, text, "fundbuero_verlust", 0.5, (), "soest")
    AnnotationStore(create_engine(f"sqlite:///{database}")).save(
        [(message, "confirmed", "fundbuero_verlust", [])], "plattform"
    )


@pytest.fixture(scope="module")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("admin-browser")
    store = f"sqlite:///{tmp / 'conversations.db'}"
    _fill(store)
    add_account(tmp / "accounts.yml", "plattform", "all")
    _approve(tmp / "admin.db")  # so that the export page shows a diff (it is never written here)
    port = free_port()
    env = server_env(
        NRWBOT_ADMIN_ACCOUNTS=str(tmp / "accounts.yml"),
        NRWBOT_ADMIN_SECRET=SECRET,
        NRWBOT_ADMIN_DATABASE_URL=f"sqlite:///{tmp / 'admin.db'}",
        NRWBOT_TRACKER_STORE_URL=store,
    )
    command = [sys.executable, "-m", "admin", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    wait_for_http(f"{url}/anmelden", timeout=90, process=process)
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def admin_page(browser: Browser, admin_url: str) -> Iterator[Page]:
    # axe is injected as a script, which the admin's Content-Security-Policy forbids otherwise.
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="de-DE", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests  # type: ignore[attr-defined]
    yield page
    context.close()


def _login(page: Page, url: str) -> None:
    page.goto(f"{url}/anmelden")
    page.get_by_label("Benutzername").fill("plattform")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"{url}/eingang")


def test_axe_finds_nothing_serious(admin_page: Page, admin_url: str) -> None:
    admin_page.goto(f"{admin_url}/anmelden")
    assert not (found := axe_violations(admin_page)), describe(found)
    _login(admin_page, admin_url)
    for path in PAGES:
        admin_page.goto(admin_url + path)
        assert not (found := axe_violations(admin_page)), f"{path}: {describe(found)}"
    assert not non_local_hosts(admin_page.requests)  # type: ignore[attr-defined]


def test_inbox_screenshot(admin_page: Page, admin_url: str) -> None:
    _login(admin_page, admin_url)
    admin_page.goto(f"{admin_url}/eingang")
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    admin_page.screenshot(path=str(SCREENSHOTS / "admin-inbox.png"), full_page=True)


def test_login_and_annotation_by_keyboard_only(admin_page: Page, admin_url: str) -> None:
    admin_page.goto(f"{admin_url}/anmelden")
    admin_page.keyboard.press("Tab")
    assert admin_page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    admin_page.keyboard.press("Tab")
    admin_page.keyboard.type("plattform")
    admin_page.keyboard.press("Tab")
    admin_page.keyboard.type(PASSWORD)
    admin_page.keyboard.press("Enter")
    admin_page.wait_for_url(f"{admin_url}/eingang")
    admin_page.goto(f"{admin_url}/nachricht?c=soest-4&n=1")
    admin_page.get_by_label("Erkannte Absicht bestätigen (fundbuero_verlust)").focus()
    admin_page.keyboard.press("Space")
    admin_page.get_by_role("button", name="Speichern").focus()
    admin_page.keyboard.press("Enter")
    admin_page.wait_for_url(f"{admin_url}/eingang?saved=1")
    assert admin_page.get_by_role("status").inner_text() == "Die Bewertung wurde gespeichert."


def test_pages_reflow_at_320_css_pixels(admin_page: Page, admin_url: str) -> None:
    _login(admin_page, admin_url)
    admin_page.set_viewport_size({"width": 320, "height": 640})
    for path in PAGES:
        admin_page.goto(admin_url + path)
        width = admin_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide"  # only the table region scrolls
