"""The unmodified rasa-webchat widget chats with the real bot over NRWbot's socket.io channel."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import LOCAL_HOSTS

pytestmark = pytest.mark.integration


def test_rasa_webchat_chats_and_keeps_its_session_across_a_reload(
    page: Page, portal_url: str
) -> None:
    blocked: list[str] = []

    def local_only(route: Route) -> None:
        # rasa-webchat loads a Google font; the portal's CSP refuses it, and so does the test, so
        # that nothing can hang on the network.
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.goto(portal_url + "/webchat.html")
    page.locator(".rw-launcher").click()
    page.locator(".rw-new-message").fill("Hallo")
    page.keyboard.press("Enter")
    responses = page.locator(".rw-response")
    expect(responses.filter(has_text="kein Mensch")).to_have_count(1, timeout=30_000)
    session = page.evaluate("() => JSON.parse(sessionStorage.getItem('chat_session')).session_id")
    assert session.count(".") == 1, "the channel issued a signed session id"

    # After a reload the widget asks for its stored session; bot messages must reach the new
    # socket (with Rasa 3.6's own channel they never do: enter_room is not awaited).
    page.reload()
    expect(page.locator(".rw-response").filter(has_text="kein Mensch")).to_have_count(1)
    if not page.locator(".rw-new-message").is_visible():
        page.locator(".rw-launcher").click()
    page.locator(".rw-new-message").fill("Wann hat das Bürgerbüro offen?")
    page.keyboard.press("Enter")
    expect(page.locator(".rw-response").filter(has_text="02921 103-0")).to_have_count(
        1, timeout=30_000
    )
    assert (
        page.evaluate("() => JSON.parse(sessionStorage.getItem('chat_session')).session_id")
        == session
    )
    assert all("fonts.g" in url for url in blocked), blocked
