"""The Sanic application factory of the reference backend."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

from sanic import Request, Sanic
from sanic.response import HTTPResponse
from sanic.response import html as html_response

from backend.auth import require_token
from backend.context import BackendContext, utc_now
from backend.db import create_engine, migrate
from backend.openapi import docs_page, openapi_document
from backend.resources import ausweis, fundsachen, hundesteuer
from backend.search import default_synonyms
from backend.settings import BackendSettings
from backend.web import JsonErrorHandler, json_response

_app_numbers = itertools.count(1)


def create_app(
    database_url: str,
    settings: BackendSettings | None = None,
    *,
    clock: Callable[[], datetime] = utc_now,
) -> Sanic:
    """Build the backend app; the database is migrated when the server starts.

    Args:
        database_url: `sqlite+aiosqlite:///path.db` or `postgresql+asyncpg://user@host/db`.
        settings: defaults to `BackendSettings.from_env()`.
        clock: returns the current time (timezone-aware); tests pass a fake one.
    """
    settings = settings or BackendSettings.from_env()
    # Several apps may live in one process (tests); Sanic needs unique names for that.
    app = Sanic(f"nrwbot_backend_{next(_app_numbers)}", error_handler=JsonErrorHandler())
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.MOTD = False
    app.ctx.backend = BackendContext(database_url, settings, default_synonyms(), clock)
    app.blueprint(fundsachen.bp)
    app.blueprint(hundesteuer.bp)
    app.blueprint(ausweis.bp)

    @app.before_server_start
    async def start_database(app: Sanic, _loop: object) -> None:
        context: BackendContext = app.ctx.backend
        context.engine = create_engine(context.database_url)
        await migrate(context.engine)

    @app.after_server_stop
    async def stop_database(app: Sanic, _loop: object) -> None:
        context: BackendContext = app.ctx.backend
        if context.engine is not None:
            await context.engine.dispose()
            context.engine = None

    if settings.api_token:
        require_token(app, settings.api_token)

    @app.get("/health")
    async def health(_request: Request) -> HTTPResponse:
        return json_response({"status": "ok"})

    @app.get("/openapi.json")
    async def openapi(_request: Request) -> HTTPResponse:
        return json_response(openapi_document())

    @app.get("/docs")
    async def docs(_request: Request) -> HTTPResponse:
        return html_response(docs_page())

    return app
