"""Accessibility smoke checks of every admin page's HTML (the browser check with axe is separate).

Each page: `lang="de"`, a title, exactly one h1, a skip link to the main landmark, a label for
every form control, `scope` on every table header, and nothing loaded from another host.
"""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import pytest

from admin.inbox import group_key
from admin.web import STATIC
from tests.admin.conftest import login

CONTROLS = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset"}


class Page(HTMLParser):
    """Collects what the checks need."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.labels_for: set[str] = set()
        self.h1 = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "label" and "for" in attributes:
            self.labels_for.add(attributes["for"])
        self.h1 += tag == "h1"
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _check(html: str) -> Page:
    page = Page()
    page.feed(html)
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag.get("lang") == "de"
    assert page.title.strip()
    assert page.h1 == 1, f"{page.h1} h1 elements"
    assert any(t == "a" and a.get("href") == "#inhalt" for t, a in page.tags), "no skip link"
    assert any(t == "main" and a.get("id") == "inhalt" for t, a in page.tags)
    ids = [a["id"] for _t, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for tag, attrs in page.tags:
        if tag in CONTROLS and attrs.get("type", "text") not in UNLABELLED_INPUTS:
            assert attrs.get("id") in page.labels_for or attrs.get("aria-label"), (tag, attrs)
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs
        if tag in ("script", "img", "link", "iframe"):
            source = attrs.get("src") or attrs.get("href") or ""
            assert source.startswith("/") and not source.startswith("//"), source
        if tag == "button":
            assert attrs.get("type") in ("submit", "button")
    return page


async def test_the_login_page(client: httpx.AsyncClient) -> None:
    _check((await client.get("/anmelden")).text)


@pytest.mark.parametrize(
    "path",
    [
        "/eingang",
        "/eingang?view=single&status=all&sort=newest",
        f"/eingang?view=single&group={group_key('wann ist mein perso fertig')}",
        "/eingang?tenant=niemand",  # the empty inbox
        "/eingang?below=viel",  # an invalid filter
        "/nachricht?c=soest-4&n=1",
        "/protokoll",
        "/gibt-es-nicht",
    ],
)
async def test_pages_of_a_platform_admin(client: httpx.AsyncClient, path: str) -> None:
    await login(client, "plattform")
    _check((await client.get(path)).text)


async def test_a_form_with_errors(client: httpx.AsyncClient) -> None:
    from tests.admin.conftest import csrf_of

    await login(client, "soest")
    page = (await client.get("/nachricht?c=soest-4&n=1")).text
    data = {"csrf": csrf_of(page), "c": "soest-4", "n": "1", "verdict": "corrected"}
    response = await client.post("/annotieren", data=data)
    checked = _check(response.text)
    invalid = [a for t, a in checked.tags if a.get("aria-invalid") == "true"]
    assert [a.get("id") for a in invalid] == ["intent"]
    assert any(t == "a" and a.get("href") == "#intent" for t, a in checked.tags)


def test_the_style_sheet_keeps_focus_visible_and_supports_forced_colors() -> None:
    css = (STATIC / "admin.css").read_text()
    assert ":focus-visible" in css and "outline" in css
    assert "@media (forced-colors: active)" in css
    assert "url(" not in css and "@import" not in css  # no fonts or images from anywhere
    assert "min(100%" in css  # grids collapse at 320 px instead of overflowing
