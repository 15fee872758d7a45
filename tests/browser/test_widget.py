"""NRWbot's portal widget in Chromium against the real bot: keyboard, reload, a11y, privacy."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    API_TOKEN,
    SCREENSHOTS,
    axe_violations,
    describe,
    focused,
    non_local_hosts,
    send,
    stored_session,
    tab_to,
)

pytestmark = pytest.mark.integration
FLOW = ["Hallo", "Was kannst du alles?", "Wann hat das Bürgerbüro offen?"]


def open_by_keyboard(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Chat mit Jägerken").wait_for()
    tab_to(page, "launcher")
    page.keyboard.press("Enter")
    assert focused(page) == "i", "opening the chat moves the focus to the message input"


def bot_said(page: Page, text: str) -> None:
    """Waits for a bot message with `text` (the widget's own welcome uses the bot's wording too)."""
    expect(page.locator(".msg.bot", has_text=text).first).to_be_visible()


def chat_flow(page: Page) -> None:
    log = page.get_by_role("log", name="Chatverlauf")
    send(page, FLOW[0])
    bot_said(page, "Ich bin ein automatisiertes Programm und kein Mensch")
    send(page, FLOW[1])
    expect(log).to_contain_text("Ich kann Ihnen bei diesen Themen der Stadt Soest helfen")
    send(page, FLOW[2])
    expect(log).to_contain_text("Telefon: 02921 103-0")


def test_keyboard_only_conversation_goes_on_after_a_reload_without_storing_it(
    page: Page, portal_url: str, bot_url: str
) -> None:
    open_by_keyboard(page, portal_url + "/hundesteuer.html")
    privacy = page.get_by_role("link", name=re.compile("Datenschutzerklärung"))
    expect(privacy).to_have_attribute("href", "https://www.soest.de/datenschutz")
    expect(page.locator(".msg.info")).to_contain_text(
        "automatisiertes Programm"
    )  # before any message
    chat_flow(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "widget-desktop.png"))
    stored = stored_session(page)
    session_before = stored["sid"]
    # Only the signed session id (and whether the chat is open) is kept, never the transcript.
    assert set(stored) <= {"sid", "open"}, stored
    storage = page.evaluate("() => JSON.stringify(Object.entries(sessionStorage))")
    assert not any(text in storage for text in [*FLOW, "Jägerken", "02921"]), storage

    page.reload()
    log = page.get_by_role("log", name="Chatverlauf")
    expect(log).to_contain_text("automatisiertes Programm")  # the chat is still open, greeting
    expect(log).not_to_contain_text("02921 103-0")  # the transcript was not kept
    page.get_by_role("textbox", name="Ihre Nachricht").focus()
    send(page, "danke schön")
    expect(log).to_contain_text("Gern geschehen")  # the bot answers in the same conversation
    assert stored_session(page)["sid"] == session_before

    conversation = session_before.split(".")[0]
    tracker = httpx.get(
        f"{bot_url}/conversations/{conversation}/tracker", params={"token": API_TOKEN}, timeout=30
    ).json()
    users = [e for e in tracker["events"] if e["event"] == "user"]
    assert [e["text"] for e in users] == [*FLOW, "danke schön"]
    custom_data = {"tenant": "soest", "expert": "hundesteuer", "page": "/hundesteuer.html"}
    assert custom_data.items() <= users[0]["metadata"].items()  # Rasa adds model_id, assistant_id

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert focused(page) == "launcher", "Escape returns the focus to the launcher"


@pytest.mark.parametrize("size", [(1280, 800), (320, 640)], ids=["desktop", "mobile-320"])
def test_axe_finds_no_serious_violations_with_the_widget_open(
    browser: Browser, portal_url: str, size: tuple[int, int]
) -> None:
    # bypass_csp: axe is injected by the test; the portal's CSP would rightly refuse it.
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
    page = context.new_page()
    open_by_keyboard(page, portal_url + "/fundbuero.html")
    send(page, "Hallo")
    bot_said(page, "kein Mensch")
    violations = axe_violations(page)
    context.close()
    assert violations == [], describe(violations)


@pytest.mark.parametrize("size", [(640, 400), (320, 568)], ids=["zoom-200", "mobile-320"])
def test_the_open_widget_fits_narrow_and_zoomed_viewports(
    browser: Browser, portal_url: str, size: tuple[int, int]
) -> None:
    # 1280 x 800 at 200 % zoom is a 640 x 400 CSS-pixel viewport.
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    open_by_keyboard(page, portal_url + "/ausweis.html")
    send(page, "Hallo")
    bot_said(page, "kein Mensch")
    for name in ("textbox", "button"):
        target = page.get_by_role(name, name=re.compile("Ihre Nachricht|Senden")).first
        box = target.bounding_box()
        assert (
            box
            and box["x"] >= 0
            and box["x"] + box["width"] <= size[0]
            and box["y"] + box["height"] <= size[1]
        )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= size[0], (
        "no horizontal scrolling"
    )
    if size[0] == 320:
        page.screenshot(path=str(SCREENSHOTS / "widget-mobile-320.png"))
    context.close()


def test_forced_colors_mode_draws_borders(page: Page, portal_url: str) -> None:
    page.emulate_media(forced_colors="active")
    open_by_keyboard(page, portal_url + "/hundesteuer.html")
    info = page.locator(".msg.info")
    # Backgrounds vanish in forced-colors mode; the bubbles must keep a visible outline.
    assert info.evaluate("el => getComputedStyle(el).borderTopWidth") == "2px"
    page.emulate_media(forced_colors="none")
    assert info.evaluate("el => getComputedStyle(el).borderTopWidth") == "1px"


def test_the_widget_page_talks_to_no_other_host(page: Page, portal_url: str) -> None:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda socket: urls.append(socket.url))
    open_by_keyboard(page, portal_url + "/hundesteuer.html")
    send(page, "Hallo")
    bot_said(page, "kein Mensch")
    assert any(u.startswith("ws://127.0.0.1") and "/socket.io/" in u for u in urls), urls
    assert non_local_hosts(urls) == set(), urls


@pytest.mark.parametrize("forge", ["conversation id", "bad signature"])
def test_another_browser_cannot_read_a_conversation_by_its_id(
    browser: Browser, portal_url: str, bot_url: str, forge: str
) -> None:
    victim = browser.new_context()
    victim_page = victim.new_page()
    open_by_keyboard(victim_page, portal_url + "/hundesteuer.html")
    send(victim_page, "Hallo")
    bot_said(victim_page, "kein Mensch")
    signed = stored_session(victim_page)["sid"]
    stolen = signed.split(".")[0] if forge == "conversation id" else signed[:-3] + "abc"

    intruder = browser.new_context()
    key = f"nrwbot:{bot_url}:soest"
    # The intruder's widget starts with the victim's id, as if it had been its own conversation.
    intruder.add_init_script(
        f"sessionStorage.setItem({key!r}, JSON.stringify({{sid: {stolen!r}, open: true, msgs: []}}))"
    )
    intruder_page = intruder.new_page()
    intruder_page.goto(portal_url + "/hundesteuer.html")
    intruder_page.wait_for_function(
        "stolen => { const k = Object.keys(sessionStorage).find(k => k.startsWith('nrwbot:'));"
        " return k && JSON.parse(sessionStorage.getItem(k)).sid !== stolen; }",
        arg=stolen,
    )
    victim_page.get_by_role("textbox", name="Ihre Nachricht").focus()
    send(victim_page, "Wann hat das Bürgerbüro offen?")
    expect(victim_page.get_by_role("log")).to_contain_text("Telefon: 02921 103-0")
    intruder_page.wait_for_timeout(1500)  # time for a misrouted message to arrive
    intruder_log = intruder_page.get_by_role("log").inner_text()
    # The intruder never wrote, so any bot message in its log was misrouted; its own welcome
    # (".msg.info") uses the bot's wording too, so texts alone would prove nothing.
    assert intruder_page.locator(".msg.bot, .msg.user").count() == 0, intruder_log
    assert "Telefon: 02921 103-0" not in intruder_log and "Bürgerbüro" not in intruder_log
    assert stored_session(intruder_page)["sid"] not in (signed, stolen)
    victim.close()
    intruder.close()
