"""Shared pieces of the admin app's request handling: context, templates, cookies, guards."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sanic import Request
from sanic.response import HTTPResponse, html, redirect

from admin.accounts import AccountBook
from admin.annotations import AnnotationStore
from admin.audit import AuditLog
from admin.auth import LoginGuard, SessionStore, Signer
from admin.catalog import Catalog
from admin.conversations import ConversationSource
from admin.export import Exporter
from admin.inbox import TIMEZONE
from admin.retraining_job import Retrainer
from admin.settings import AdminSettings

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
Handler = Callable[..., Awaitable[HTTPResponse]]


@dataclass
class AdminContext:
    """Everything the handlers share, built once per app."""

    settings: AdminSettings
    accounts: AccountBook
    sessions: SessionStore
    guard: LoginGuard
    audit: AuditLog
    annotations: AnnotationStore
    source: ConversationSource
    catalog: Catalog
    signer: Signer
    templates: Environment
    exporter: Exporter
    retrainer: Retrainer


def format_datetime(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, TIMEZONE).strftime("%d.%m.%Y, %H:%M")


def format_percent(confidence: float | None) -> str:
    return "–" if confidence is None else f"{round(confidence * 100)} %"


def template_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["datetime"] = format_datetime
    environment.filters["percent"] = format_percent
    return environment


def admin(request: Request) -> AdminContext:
    return request.app.ctx.admin


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTTPResponse:
    """A page; every template gets the account, its CSRF token and the catalog."""
    context = admin(request)
    session = getattr(request.ctx, "session", None)
    values.setdefault("csrf", session.csrf if session else "")
    values.setdefault("current", "")
    page = context.templates.get_template(template).render(
        account=getattr(request.ctx, "account", None), catalog=context.catalog, **values
    )
    return html(page, status=status)


def error_page(request: Request, status: int, title: str, text: str) -> HTTPResponse:
    return render(request, "error.html", status=status, title=title, text=text)


def forbidden(request: Request) -> HTTPResponse:
    return error_page(
        request,
        403,
        "Anfrage abgelehnt",
        "Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die Seite neu und "
        "versuchen Sie es noch einmal.",
    )


def set_cookie(
    request: Request, response: HTTPResponse, name: str, value: str, max_age: int, path: str = "/"
) -> None:
    """HttpOnly, SameSite=Strict, and Secure over https (or when configured)."""
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Strict"
    cookie["path"] = path
    cookie["max-age"] = max_age
    if admin(request).settings.secure_cookie or request.scheme == "https":
        cookie["secure"] = True


def clear_cookie(request: Request, response: HTTPResponse, name: str, path: str = "/") -> None:
    set_cookie(request, response, name, "", 0, path)


def client_address(request: Request) -> str:
    """The peer, or what a trusted proxy says it is (Sanic's PROXIES_COUNT / FORWARDED_SECRET)."""
    return str(request.remote_addr or request.ip or "-")


def login_required(handler: Handler) -> Handler:
    """Sends visitors without a session to the login page."""

    @functools.wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        if getattr(request.ctx, "account", None) is None:
            return redirect("/anmelden", status=303)
        return await handler(request, *args, **kwargs)

    return guarded


def safe_back(raw: str | None) -> str:
    """A return address inside the inbox, never another site or a header."""
    if (
        raw
        and raw.startswith("/eingang")
        and raw.isprintable()
        and "//" not in raw
        and "\\" not in raw
    ):
        return raw
    return "/eingang"
