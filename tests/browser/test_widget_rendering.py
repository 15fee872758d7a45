"""How the widget shows what a bot sends: text never as HTML, buttons, links, images.

Runs against the scripted bot (tests/fake_webchat_bot.py), which echoes what it is sent and
answers keywords with buttons, links and an image, so every kind of message can be provoked.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import focused, non_local_hosts, send, tab_to

pytestmark = pytest.mark.integration
MARKUP = "<img src=x onerror=alert(1)><script>window.pwned=1</script>"


def open_widget(page: Page, portal: str, path: str = "/fundbuero.html") -> None:
    page.goto(portal + path)
    page.get_by_role("button", name="Chat mit Jägerken").wait_for()
    tab_to(page, "launcher")
    page.keyboard.press("Enter")


def test_markup_in_messages_is_shown_as_text_and_runs_nothing(
    page: Page, fake_portal_url: str
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_widget(page, fake_portal_url)
    send(page, MARKUP)
    log = page.get_by_role("log", name="Chatverlauf")
    expect(log).to_contain_text("Echo: " + MARKUP)  # the bot's echo, shown as typed
    expect(page.locator(".msg.user").last).to_contain_text(MARKUP)
    page.wait_for_timeout(500)  # an onerror handler would have run by now
    assert dialogs == []
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("[data-nrwbot] img, [data-nrwbot] script").count() == 0


def test_links_only_from_http_urls_and_external_images_only_as_links(
    page: Page, fake_portal_url: str
) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_widget(page, fake_portal_url)
    send(page, "link")
    link = page.get_by_role("link", name="Formulare")
    expect(link).to_have_attribute("href", "https://www.soest.de/formulare")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    send(page, "[klick](javascript:alert(1)) data:text/html,x")
    expect(page.locator(".msg.bot").last).to_contain_text("Echo: [klick](javascript:alert(1))")
    hrefs = page.locator("[data-nrwbot] a").evaluate_all("links => links.map(a => a.href)")
    assert all(h.startswith(("http://", "https://")) for h in hrefs) and hrefs
    send(page, "bild")
    expect(page.locator(".msg.bot").last).to_contain_text("https://images.example.org/hund.png")
    assert page.locator("[data-nrwbot] img").count() == 0, (
        "a third-party image is linked, not loaded"
    )
    assert not any("images.example.org" in url for url in requests)
    assert non_local_hosts(requests) == set()


def test_quick_replies_work_by_keyboard_and_disappear_once_answered(
    page: Page, fake_portal_url: str
) -> None:
    open_widget(page, fake_portal_url)
    send(page, "knöpfe")
    choices = page.get_by_role("group", name="Antwortmöglichkeiten")
    expect(choices.get_by_role("button")).to_have_count(2)
    page.keyboard.press("Shift+Tab")  # from the input back to the last choice …
    page.keyboard.press("Shift+Tab")  # … and to the first one
    assert (
        page.evaluate(
            "() => document.querySelector('[data-nrwbot]').shadowRoot.activeElement.textContent"
        )
        == "Ja, bitte"
    )
    page.keyboard.press("Enter")
    expect(page.locator(".msg.user").last).to_have_text("Sie: Ja, bitte")
    # The scripted bot has no tracker, so the channel cannot see the offer and strips the slash;
    # against the real bot an offered payload passes unchanged (tests/test_rest_input.py).
    expect(page.locator(".msg.bot").last).to_contain_text("Echo: affirm")
    expect(choices).to_have_count(0)
    assert focused(page) == "i", "after a choice the focus goes back to the input"
