"""What the widget leaves in the browser: the signed session id, never what a citizen typed.

Answers to personal questions (an application number, a birth date) must not outlive the page in
`sessionStorage`, where every script of the portal's origin can read them. Runs against the
scripted bot (tests/fake_webchat_bot.py), so it needs no model.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import send, stored_session, tab_to

pytestmark = pytest.mark.integration
PERSONAL = "Meine Antragsnummer ist T22000129, geboren am 03.04.1985"
SIGNED_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$")


def browser_storage(page: Page) -> str:
    """Everything the page's origin keeps: sessionStorage, localStorage and cookies."""
    return page.evaluate(
        """() => JSON.stringify([sessionStorage, localStorage].map(
            store => Object.keys(store).map(k => [k, store.getItem(k)])).concat([document.cookie]))"""
    )


def test_only_the_session_id_is_stored_and_the_chat_goes_on_after_a_reload(
    page: Page, fake_portal_url: str
) -> None:
    page.goto(fake_portal_url + "/fundbuero.html")
    page.get_by_role("button", name="Chat mit Jägerken").wait_for()
    tab_to(page, "launcher")
    page.keyboard.press("Enter")
    send(page, PERSONAL)
    log = page.get_by_role("log", name="Chatverlauf")
    expect(log).to_contain_text("Echo: " + PERSONAL)

    stored = stored_session(page)
    assert set(stored) <= {"sid", "open"}, stored
    assert SIGNED_SESSION_ID.match(stored["sid"])
    everything = browser_storage(page)
    for secret in ("T22000129", "03.04.1985", "Antragsnummer", "Echo"):
        assert secret not in everything, everything

    # A page change: the conversation goes on with the same session, its transcript is not shown.
    page.reload()
    log = page.get_by_role("log", name="Chatverlauf")
    expect(log).to_contain_text("automatisiertes Programm")  # the welcome, chat still open
    expect(log).not_to_contain_text("T22000129")
    page.get_by_role("textbox", name="Ihre Nachricht").focus()
    send(page, "noch da?")
    expect(log).to_contain_text("Echo: noch da?")
    assert stored_session(page)["sid"] == stored["sid"]
    assert "noch da" not in browser_storage(page)


def test_a_transcript_stored_by_an_older_widget_is_removed(
    page: Page, fake_portal_url: str, fake_bot_url: str
) -> None:
    key = f"nrwbot:{fake_bot_url}:soest"
    page.add_init_script(
        f"""if (!sessionStorage.getItem({key!r})) sessionStorage.setItem({key!r}, JSON.stringify(
        {{open: false, msgs: [{{from: "user", text: "T22000129"}}]}}))"""
    )
    page.goto(fake_portal_url + "/fundbuero.html")
    page.get_by_role("button", name="Chat mit Jägerken").wait_for()
    assert "T22000129" not in browser_storage(page)
