"""Login and logout pages."""

from __future__ import annotations

import asyncio
import secrets

from sanic import Request, Sanic
from sanic.response import HTTPResponse, redirect

from admin import audit
from admin.accounts import verify_password
from admin.auth import LOGIN_COOKIE, MAX_AGE_SECONDS, SESSION_COOKIE
from admin.web import (
    admin,
    clear_cookie,
    client_address,
    forbidden,
    render,
    set_cookie,
)

LOGIN_PATH = "/anmelden"
LOCKED = "Zu viele Fehlversuche. Die Anmeldung ist für 15 Minuten gesperrt."
WRONG = "Benutzername oder Passwort ist falsch."


def _login_page(
    request: Request, error: str = "", status: int = 200, username: str = ""
) -> HTTPResponse:
    nonce = secrets.token_urlsafe(16)
    response = render(
        request,
        "login.html",
        status=status,
        csrf=admin(request).signer.login_token(nonce),
        error=error,
        username=username,
    )
    set_cookie(request, response, LOGIN_COOKIE, nonce, 3600, path=LOGIN_PATH)
    return response


async def login_form(request: Request) -> HTTPResponse:
    if request.ctx.account is not None:
        return redirect("/eingang", status=303)
    return _login_page(request)


async def login(request: Request) -> HTTPResponse:
    context = admin(request)
    if not context.signer.login_token_valid(
        request.cookies.get(LOGIN_COOKIE), request.form.get("csrf")
    ):
        return forbidden(request)
    name = (request.form.get("username") or "").strip().lower()[:64]
    password = request.form.get("password") or ""
    address = client_address(request)
    if context.guard.locked(name, address):
        context.audit.record(name or "-", audit.LOGIN_LOCKED, f"von {address}")
        return _login_page(request, LOCKED, 429, name)
    account = context.accounts.get(name)
    hashed = account.password_hash if account else None
    if not await asyncio.to_thread(verify_password, hashed, password):
        context.guard.failed(name, address)
        context.audit.record(name or "-", audit.LOGIN_FAILED, f"von {address}")
        return _login_page(request, WRONG, 200, name)
    context.guard.succeeded(name)
    context.audit.record(name, audit.LOGIN_SUCCEEDED, f"von {address}")
    context.sessions.delete(request.cookies.get(SESSION_COOKIE))
    cookie, _session = context.sessions.create(name)
    response = redirect("/eingang", status=303)
    set_cookie(request, response, SESSION_COOKIE, cookie, MAX_AGE_SECONDS)
    clear_cookie(request, response, LOGIN_COOKIE, path=LOGIN_PATH)
    return response


async def logout(request: Request) -> HTTPResponse:
    context = admin(request)
    context.sessions.delete(request.cookies.get(SESSION_COOKIE))
    context.audit.record(request.ctx.account.name, audit.LOGOUT)
    response = redirect(LOGIN_PATH, status=303)
    clear_cookie(request, response, SESSION_COOKIE)
    return response


def add_auth_routes(app: Sanic) -> None:
    app.add_route(login_form, LOGIN_PATH, methods=["GET"], name="login_form")
    app.add_route(login, LOGIN_PATH, methods=["POST"], name="login")
    app.add_route(logout, "/abmelden", methods=["POST"], name="logout")
