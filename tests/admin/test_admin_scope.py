"""A municipal admin sees and annotates only its tenants' messages, by page and by URL."""

from __future__ import annotations

import httpx
from sanic import Sanic

from admin.accounts import Scope
from admin.inbox import group_key
from tests.admin.conftest import csrf_of, login

LIPPSTADT_TEXT = "wo ist das Fundbüro?"
SOEST_TEXT = "Ich habe mein Handy im Bus verloren"


async def _inbox(client: httpx.AsyncClient, query: str = "") -> str:
    response = await client.get(f"/eingang?status=all&view=single{query}")
    assert response.status_code == 200
    return response.text


async def test_a_soest_admin_sees_only_soest_messages(client: httpx.AsyncClient) -> None:
    await login(client, "soest")
    page = await _inbox(client)
    assert SOEST_TEXT in page
    assert LIPPSTADT_TEXT not in page
    assert ">Hallo<" not in page  # a conversation without a tenant is for platform admins only
    assert LIPPSTADT_TEXT not in await _inbox(client, "&tenant=lippstadt")
    assert 'value="lippstadt"' not in page  # no filter choice outside the scope


async def test_a_lippstadt_admin_never_sees_a_soest_message(client: httpx.AsyncClient) -> None:
    await login(client, "lippstadt")
    page = await _inbox(client)
    assert LIPPSTADT_TEXT in page
    assert SOEST_TEXT not in page and "perso" not in page.lower()
    for conversation in ("soest-1", "soest-4"):
        response = await client.get(f"/nachricht?c={conversation}&n=0")
        assert response.status_code == 404


async def test_a_platform_admin_sees_every_tenant(client: httpx.AsyncClient) -> None:
    await login(client, "plattform")
    page = await _inbox(client)
    assert SOEST_TEXT in page and LIPPSTADT_TEXT in page and ">Hallo<" in page


async def test_a_soest_admin_cannot_open_a_lippstadt_conversation_by_url(
    client: httpx.AsyncClient,
) -> None:
    await login(client, "soest")
    assert (await client.get("/nachricht?c=soest-4&n=1")).status_code == 200
    response = await client.get("/nachricht?c=lippstadt-1&n=0")
    assert response.status_code == 404
    assert LIPPSTADT_TEXT not in response.text
    assert (await client.get("/nachricht?c=ohne-kommune&n=0")).status_code == 404


async def test_a_soest_admin_cannot_annotate_a_lippstadt_message(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    await login(client, "soest")
    csrf = csrf_of((await client.get("/eingang")).text)
    form = {"csrf": csrf, "c": "lippstadt-1", "n": "0", "verdict": "out_of_scope"}
    assert (await client.post("/annotieren", data=form)).status_code == 404
    group = group_key("Mein Name ist [NAME], wo ist das Fundbüro?")
    bulk = {"csrf": csrf, "query": f"group={group}", "verdict": "noise"}
    response = await client.post("/gruppe", data=bulk)
    assert response.status_code == 303 and response.headers["location"].endswith("saved=0")
    assert app.ctx.admin.annotations.latest() == {}


async def test_the_audit_log_is_for_platform_admins(client: httpx.AsyncClient) -> None:
    await login(client, "soest")
    assert (await client.get("/protokoll")).status_code == 403
    assert 'href="/protokoll"' not in (await client.get("/eingang")).text


async def test_the_source_restricts_by_scope(app: Sanic) -> None:
    source = app.ctx.admin.source
    soest = {m.tenant for m in source.messages(Scope(frozenset({"soest"})))}
    assert soest == {"soest"}
    everything = {m.tenant for m in source.messages(Scope(None))}
    assert everything == {"soest", "lippstadt", None}
    assert source.conversation("lippstadt-1", Scope(frozenset({"soest"}))) == []
