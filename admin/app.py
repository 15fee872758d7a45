"""The Sanic application factory of the admin app."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from sanic import Request, Sanic
from sanic.exceptions import MethodNotSupported, NotFound
from sanic.response import HTTPResponse

from admin.accounts import AccountBook
from admin.annotations import AnnotationStore
from admin.audit import AuditLog
from admin.auth import SESSION_COOKIE, LoginGuard, SessionStore, Signer
from admin.catalog import Catalog
from admin.conversations import ConversationSource, source_for_url
from admin.db import create_engine
from admin.export import Exporter
from admin.retraining_job import Retrainer
from admin.routes_auth import LOGIN_PATH, add_auth_routes
from admin.routes_models import add_model_routes
from admin.routes_review import add_review_routes
from admin.settings import AdminSettings
from admin.web import STATIC, AdminContext, admin, error_page, forbidden, template_environment
from nrwbot.project import Project, load_project

_app_numbers = itertools.count(1)
# Pages show citizens' messages: nothing is cached, framed, or loaded from another host.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def create_app(
    settings: AdminSettings,
    *,
    project: Project | None = None,
    catalog: Catalog | None = None,
    source: ConversationSource | None = None,
    exporter: Exporter | None = None,
    retrainer: Retrainer | None = None,
    clock: Callable[[], float] = time.time,
) -> Sanic:
    """Builds the admin app.

    Args:
        settings: see `AdminSettings.from_env`.
        project: experts and tenants (default: loaded from the settings' project root).
        catalog: intents, entities and labels (default: read from the project's domain files).
        source: where conversations are read (default: the tracker store of the settings).
        exporter: writes approved examples (default: into the project of the settings).
        retrainer: runs retrainings (default: `nrwbot.retraining` on the settings' project).
        clock: seconds since the epoch; tests pass a settable one.
    """
    if catalog is None:
        catalog = Catalog.from_project(project or load_project(settings.nrwbot))
    engine = create_engine(settings.database_url)
    signer = Signer(settings.secret)
    audit_log = AuditLog(engine, clock)
    nrwbot = settings.nrwbot
    app = Sanic(f"nrwbot_admin_{next(_app_numbers)}")
    app.config.MOTD = False
    app.config.REQUEST_MAX_SIZE = 64 * 1024
    app.ctx.admin = AdminContext(
        settings=settings,
        accounts=AccountBook(settings.accounts_path, settings.inline_accounts),
        sessions=SessionStore(engine, signer, clock),
        guard=LoginGuard(engine, clock),
        audit=audit_log,
        annotations=AnnotationStore(engine, clock),
        source=source or source_for_url(settings.tracker_store_url),
        catalog=catalog,
        signer=signer,
        templates=template_environment(),
        exporter=exporter or Exporter(nrwbot.root, catalog.experts, nrwbot.last_export_file),
        retrainer=retrainer
        or Retrainer(lambda: load_project(nrwbot), nrwbot.models_dir, audit_log, clock=clock),
    )
    app.static("/static", str(STATIC), name="static")
    add_auth_routes(app)
    add_review_routes(app)
    add_model_routes(app)

    @app.on_request
    async def load_session(request: Request) -> HTTPResponse | None:
        request.ctx.session = request.ctx.account = None
        if request.path.startswith("/static/"):
            return None
        context = admin(request)
        session = context.sessions.load(request.cookies.get(SESSION_COOKIE))
        account = context.accounts.get(session.account) if session else None
        if session is not None and account is not None:
            request.ctx.session, request.ctx.account = session, account
        if request.method == "POST" and request.path != LOGIN_PATH:
            session = request.ctx.session
            if session is None or not session.csrf_valid(request.form.get("csrf")):
                return forbidden(request)
        return None

    @app.on_response
    async def security_headers(request: Request, response: HTTPResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.path.startswith("/static/"):
                continue
            response.headers[name] = value

    @app.exception(NotFound)
    async def not_found(request: Request, _exc: Exception) -> HTTPResponse:
        return error_page(
            request, 404, "Nicht gefunden", "Diese Seite oder Nachricht gibt es nicht."
        )

    @app.exception(MethodNotSupported)
    async def method_not_allowed(request: Request, _exc: Exception) -> HTTPResponse:
        return error_page(request, 405, "Nicht erlaubt", "Diese Anfrage ist hier nicht möglich.")

    return app
