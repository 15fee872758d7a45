"""Login, cookies, CSRF, lockout and logout of the admin app."""

from __future__ import annotations

from http.cookies import SimpleCookie
from pathlib import Path

import httpx
from sanic import Sanic

from admin.accounts import read_accounts_file, save_account
from admin.auth import IDLE_SECONDS, LOCKOUT_SECONDS, MAX_FAILURES, SESSION_COOKIE
from tests.admin.conftest import PASSWORD, Clock, client_for, csrf_of, login


def _set_cookie(response: httpx.Response, name: str) -> SimpleCookie:
    for header in response.headers.get_list("set-cookie"):
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        if name in cookie:
            return cookie
    raise AssertionError(f"no Set-Cookie for {name}")


async def _audit_actions(app: Sanic) -> list[tuple[str, str]]:
    return [(e.account, e.action) for e in app.ctx.admin.audit.entries(100)]


async def test_pages_need_a_login(client: httpx.AsyncClient) -> None:
    for path in ("/eingang", "/nachricht?c=soest-1&n=0", "/protokoll"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == "/anmelden"


async def test_login_sets_an_httponly_strict_session_cookie(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    response = await login(client, "soest")
    assert response.status_code == 303 and response.headers["location"] == "/eingang"
    morsel = _set_cookie(response, SESSION_COOKIE)[SESSION_COOKIE]
    assert morsel["httponly"] is True
    assert morsel["samesite"] == "Strict"
    assert morsel["path"] == "/"
    assert not morsel["secure"]  # plain http in the test; https or the setting turns it on
    assert (await client.get("/eingang")).status_code == 200
    assert ("soest", "login_succeeded") in await _audit_actions(app)


async def test_the_cookie_is_secure_when_configured(app: Sanic) -> None:
    from dataclasses import replace

    context = app.ctx.admin
    context.settings = replace(context.settings, secure_cookie=True)
    async with client_for(app) as client:
        form = await client.get("/anmelden")
        assert "secure" in form.headers["set-cookie"].lower()


async def test_pages_are_neither_cached_nor_framed(client: httpx.AsyncClient) -> None:
    response = await client.get("/anmelden")
    assert response.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"


async def test_a_wrong_password_is_refused_and_logged(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    response = await login(client, "soest", "falsches-passwort")
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch." in response.text
    assert f"{SESSION_COOKIE}=" not in response.headers.get("set-cookie", "")
    assert (await client.get("/eingang")).status_code == 303
    unknown = await login(client, "niemand", PASSWORD)
    assert "Benutzername oder Passwort ist falsch." in unknown.text
    actions = await _audit_actions(app)
    assert ("soest", "login_failed") in actions and ("niemand", "login_failed") in actions


async def test_login_without_a_valid_csrf_token_is_forbidden(client: httpx.AsyncClient) -> None:
    data = {"username": "soest", "password": PASSWORD}
    assert (await client.post("/anmelden", data=data)).status_code == 403
    await client.get("/anmelden")  # the login cookie is set, but the token is missing or wrong
    assert (await client.post("/anmelden", data={**data, "csrf": "falsch"})).status_code == 403
    assert (await client.get("/eingang")).status_code == 303


async def test_a_token_from_another_browser_does_not_work(app: Sanic) -> None:
    async with client_for(app) as attacker, client_for(app) as victim:
        token = csrf_of((await attacker.get("/anmelden")).text)
        await victim.get("/anmelden")
        forged = {"csrf": token, "username": "soest", "password": PASSWORD}
        assert (await victim.post("/anmelden", data=forged)).status_code == 403


async def test_every_form_needs_the_session_csrf_token(client: httpx.AsyncClient) -> None:
    await login(client, "plattform")
    page = (await client.get("/nachricht?c=soest-4&n=1")).text
    good = {"csrf": csrf_of(page), "c": "soest-4", "n": "1", "verdict": "confirmed"}
    for path in ("/annotieren", "/gruppe", "/abmelden"):
        assert (
            await client.post(path, data={k: v for k, v in good.items() if k != "csrf"})
        ).status_code == 403
        assert (
            await client.post(path, data={**good, "csrf": "x" + good["csrf"]})
        ).status_code == 403
    assert (await client.get("/eingang")).status_code == 200  # still logged in
    assert (await client.post("/annotieren", data=good)).status_code == 303


async def test_five_failures_lock_the_account_for_15_minutes(
    client: httpx.AsyncClient, app: Sanic, clock: Clock
) -> None:
    for _ in range(MAX_FAILURES):
        assert "falsch" in (await login(client, "soest", "daneben-daneben")).text
    locked = await login(client, "soest")  # the right password, but locked
    assert locked.status_code == 429
    assert "gesperrt" in locked.text
    assert (await client.get("/eingang")).status_code == 303
    async with client_for(app, "192.0.2.7") as elsewhere:  # per account, not only per address
        assert (await login(elsewhere, "soest")).status_code == 429
        assert (await login(elsewhere, "lippstadt")).status_code == 303
    clock.now += LOCKOUT_SECONDS + 1
    assert (await login(client, "soest")).status_code == 303
    assert ("soest", "login_locked") in await _audit_actions(app)


async def test_five_failures_lock_the_address(app: Sanic) -> None:
    async with client_for(app, "198.51.100.9") as guesser:
        for name in ("plattform", "plattform", "plattform", "lippstadt", "lippstadt"):
            await login(guesser, name, "geraten-geraten")
        assert (await login(guesser, "soest")).status_code == 429
    async with client_for(app, "198.51.100.10") as other:
        assert (await login(other, "soest")).status_code == 303


async def test_logout_ends_the_session(client: httpx.AsyncClient) -> None:
    await login(client, "soest")
    cookie = client.cookies.get(SESSION_COOKIE)
    page = (await client.get("/eingang")).text
    response = await client.post("/abmelden", data={"csrf": csrf_of(page)})
    assert response.status_code == 303 and response.headers["location"] == "/anmelden"
    assert (await client.get("/eingang")).status_code == 303
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)  # replaying the old cookie does not help
    assert (await client.get("/eingang")).status_code == 303


async def test_a_tampered_or_idle_session_is_not_accepted(
    client: httpx.AsyncClient, clock: Clock
) -> None:
    await login(client, "soest")
    cookie = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie[:-1] + ("B" if cookie.endswith("A") else "A"))
    assert (await client.get("/eingang")).status_code == 303
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, cookie)
    assert (await client.get("/eingang")).status_code == 200
    clock.now += IDLE_SECONDS + 1
    assert (await client.get("/eingang")).status_code == 303


async def test_a_removed_account_loses_its_session(
    client: httpx.AsyncClient, app: Sanic, tmp_path: Path
) -> None:
    await login(client, "soest")
    path = app.ctx.admin.settings.accounts_path
    remaining = tmp_path / "remaining.yml"
    for name, account in read_accounts_file(path).items():
        if name != "soest":
            save_account(remaining, account)
    remaining.replace(path)
    assert (await client.get("/eingang")).status_code == 303
