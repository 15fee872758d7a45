"""Inbox: citizens' messages from a real SQLite tracker store, redacted, ordered, filtered, grouped."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from admin.accounts import Scope
from admin.catalog import Catalog
from admin.conversations import Message, source_for_url
from admin.inbox import Filters, group_key, inbox, normal_form
from tests.admin.conftest import NOW, Said, conversation, login, save_conversations
from tests.test_tracker_store_backends import store_url  # noqa: F401  (the parametrised fixture)

ALL = Scope(None)


def _messages(url: str, scope: Scope = ALL) -> list[Message]:
    return source_for_url(url).messages(scope)


def _texts(page_rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.message.text for row in page_rows]


def _page(messages: list[Message], catalog: Catalog, annotated: dict | None = None, **args: str):  # type: ignore[no-untyped-def]
    return inbox(messages, Filters.parse(args), catalog.expert_of, annotated or {})


def test_every_text_is_redacted(filled_store: str) -> None:
    texts = " ".join(m.text for m in _messages(filled_store))
    assert "Erika" not in texts and "erika@example.org" not in texts and "Max Muster" not in texts
    assert "Ich heiße [NAME] und meine Mail ist [EMAIL]" in texts


def test_messages_carry_intent_confidence_entities_and_tenant(filled_store: str) -> None:
    by_text = {m.text: m for m in _messages(filled_store)}
    lost = by_text["Ich habe mein Handy im Bus verloren"]
    assert (lost.intent, lost.confidence, lost.tenant) == ("fundbuero_verlust", 0.97, "soest")
    assert [(e.name, e.value) for e in lost.entities] == [("item", "Handy")]
    assert (lost.conversation_id, lost.index) == ("soest-4", 1)
    assert by_text["Hallo"].tenant is None


def test_what_the_bot_understood_worst_comes_first(filled_store: str, catalog: Catalog) -> None:
    page = _page(_messages(filled_store), catalog, view="single")
    confidences = [(row.message.intent, row.message.confidence) for row in page.rows]
    assert confidences[0] == ("nlu_fallback", 0.3)
    assert [c for _i, c in confidences[1:]] == [0.40, 0.45, 0.55, 0.62, 0.9, 0.97, 0.99]


def test_newest_first_on_request(filled_store: str, catalog: Catalog) -> None:
    page = _page(_messages(filled_store), catalog, view="single", sort="newest")
    stamps = [row.message.timestamp for row in page.rows]
    assert stamps == sorted(stamps, reverse=True)
    assert page.rows[0].message.text == "Hallo"


def test_near_duplicates_are_one_row_with_a_count(filled_store: str, catalog: Catalog) -> None:
    page = _page(_messages(filled_store), catalog)
    perso = [row for row in page.rows if "perso" in row.message.text.lower()]
    assert len(perso) == 1 and perso[0].count == 3
    assert perso[0].message.confidence == 0.40  # the worst understood one stands for the group
    assert page.messages == 8 and page.total == 6


async def test_the_inbox_page_shows_the_group_count(client: httpx.AsyncClient) -> None:
    await login(client, "soest")
    page = (await client.get("/eingang")).text
    assert re.search(r">3×<span class=\"sr\">", page)
    key = group_key("wann ist mein perso fertig")
    members = (await client.get(f"/eingang?view=single&group={key}")).text
    assert members.count('<th scope="row"') == 3
    assert "alle 3 gemeinsam bewerten" in members


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("Wann ist mein Perso fertig?!", "wann ist mein perso fertig"),
        ("Wie viel kostet die Gebühr für den Hund?", "wie viel kostet die gebuehr fuer den hund"),
        ("  Straße   gesperrt…", "strasse gesperrt"),
        ("Café  geöffnet?", "cafe geoeffnet"),
        ("Ich heiße [NAME].", "ich heisse [name]"),
    ],
)
def test_normal_form(text: str, same_as: str) -> None:
    assert normal_form(text) == same_as
    assert group_key(text) == group_key(same_as)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"tenant": "lippstadt"}, {"Mein Name ist [NAME], wo ist das Fundbüro?"}),
        (
            {"expert": "fundbuero"},
            {"Mein Name ist [NAME], wo ist das Fundbüro?", "Ich habe mein Handy im Bus verloren"},
        ),
        ({"expert": "core"}, {"blubb", "Ich heiße [NAME] und meine Mail ist [EMAIL]", "Hallo"}),
        ({"intent": "greet"}, {"Hallo"}),
        ({"below": "42"}, {"blubb", "wann ist mein perso fertig"}),
        ({"fallback": "1"}, {"blubb"}),
    ],
)
def test_filters(filled_store: str, catalog: Catalog, args: dict, expected: set) -> None:
    page = _page(_messages(filled_store), catalog, view="single", **args)
    assert set(_texts(page.rows)) == expected


def test_date_range(catalog: Catalog) -> None:
    day = 86_400
    messages = [
        Message("a", 0, NOW - 30 * day, "vor einem Monat", "greet", 0.9, (), "soest"),
        Message("b", 0, NOW, "heute", "greet", 0.9, (), "soest"),
    ]
    assert _texts(_page(messages, catalog, view="single", **{"from": "2026-11-18"}).rows) == [
        "heute"
    ]
    page = _page(messages, catalog, view="single", to="18.10.2026")
    assert _texts(page.rows) == []
    page = _page(messages, catalog, view="single", to="19.10.2026")
    assert _texts(page.rows) == ["vor einem Monat"]


def test_invalid_filters_are_reported_not_applied() -> None:
    filters = Filters.parse({"below": "viel", "from": "gestern", "page": "x"})
    assert filters.below is None and filters.date_from is None and filters.page == 1
    assert len(filters.errors) == 3


def test_status_open_hides_annotated_messages(filled_store: str, catalog: Catalog) -> None:
    messages = _messages(filled_store)
    done = {messages[0].ref: object()}
    open_page = _page(messages, catalog, done, view="single")
    assert messages[0] not in [row.message for row in open_page.rows]
    assert open_page.messages == 7
    assert _page(messages, catalog, done, view="single", status="done").messages == 1
    assert _page(messages, catalog, done, view="single", status="all").messages == 8


def test_pages(catalog: Catalog) -> None:
    messages = [
        Message(f"c{i}", 0, NOW - i, f"Nachricht Nummer {i}", "greet", i / 100, (), "soest")
        for i in range(60)
    ]
    filters = Filters.parse({"page": "3"})
    page = inbox(messages, filters, catalog.expert_of, {}, page_size=25)
    assert (page.page, page.pages, len(page.rows), page.total) == (3, 3, 10, 60)
    assert page.rows[0].message.text == "Nachricht Nummer 50"
    beyond = inbox(messages, Filters.parse({"page": "9"}), catalog.expert_of, {}, page_size=25)
    assert beyond.page == 3


async def test_the_conversation_around_a_message_is_shown_redacted(
    client: httpx.AsyncClient,
) -> None:
    await login(client, "soest")
    page = (await client.get("/nachricht?c=soest-1&n=1")).text
    assert "Wann ist mein Perso fertig?" in page and "Das prüfe ich." in page  # user and bot
    assert "Danke, wir schreiben an [EMAIL]." in page
    assert "Erika" not in page and "erika@example.org" not in page
    assert 'aria-current="true"' in page
    assert (await client.get("/nachricht?c=soest-1&n=7")).status_code == 404
    assert (await client.get("/nachricht?c=soest-1&n=eins")).status_code == 404


async def test_the_source_reads_every_store_kind(store_url: str) -> None:  # noqa: F811
    tenant = f"t-{uuid.uuid4().hex[:8]}"
    sender = f"admin-{uuid.uuid4()}"
    tracker = conversation(
        sender, tenant, [Said("Ich heiße Erika Mustermann", "inform", 0.5, answer="Gern.")]
    )
    await save_conversations(store_url, [tracker])
    source = source_for_url(store_url)
    mine = source.messages(Scope(frozenset({tenant})))
    assert [(m.conversation_id, m.text, m.tenant) for m in mine] == [
        (sender, "Ich heiße [NAME]", tenant)
    ]
    turns = source.conversation(sender, Scope(frozenset({tenant})))
    assert [getattr(t, "text", None) for t in turns] == ["Ich heiße [NAME]", "Gern."]
    assert source.conversation(sender, Scope(frozenset({"soest"}))) == []
    from nrwbot.retention import forget

    forget(store_url, sender)
