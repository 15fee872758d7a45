"""The portal widget's HTTP side: `widget.js` and the tenant's display information as JSON.

Both routes are added to the Rasa server by the web-chat channel (`connectors/socketio.py`):

* `GET /widget/widget.js` – the widget (plain JavaScript, no build step, no third-party request).
* `GET /widget/tenants/<tenant>.json` – name, privacy notice and the service welcomes the widget
  shows before the first message. Everything in it comes from the tenant file and the expert
  manifests, so no municipality or expert is named in code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.session import OriginPolicy
from nrwbot.experts import Expert
from nrwbot.responses import core_response
from nrwbot.tenants import Tenant, TenantRegistry

STATIC_DIR = Path(__file__).resolve().parent / "static"
WIDGET_PATH = "/widget/widget.js"
TENANT_INFO_PATH = "/widget/tenants/<file_name:str>"  # <tenant>.json
# Short caching: a changed widget or tenant file reaches citizens within minutes.
_CACHE = "public, max-age=300"
DEFAULT_TENANT_ALIAS = "_default"


class ExpertInfo(TypedDict):
    title: str
    welcome: str


class TenantInfo(TypedDict):
    id: str
    municipality: str
    bot_name: str
    welcome: str
    privacy_notice: str
    privacy_url: str
    max_message_chars: int
    contact: dict[str, str]
    experts: dict[str, ExpertInfo]


def tenant_info(tenant: Tenant, experts: dict[str, Expert], max_chars: int = 1000) -> TenantInfo:
    """What the widget shows for `tenant`: welcome texts and the privacy notice."""
    enabled = {name: experts[name] for name in tenant.experts if name in experts}
    # The same AI disclosure as the dialogue's first answer: one wording, in bot/domain.yml.
    welcome = core_response(
        "utter_ai_disclosure", bot_name=tenant.bot_name, bot_persona=tenant.persona
    )
    return {
        "id": tenant.id,
        "municipality": tenant.municipality,
        "bot_name": tenant.bot_name,
        "welcome": f"{welcome} {core_response('utter_greet')}",
        "privacy_notice": core_response(
            "utter_channel_privacy_notice", municipality=tenant.municipality
        ),
        "privacy_url": str(tenant.privacy_url),
        "max_message_chars": max_chars,
        "contact": {
            "office": tenant.contact.office,
            "phone": tenant.contact.phone,
            "email": tenant.contact.email,
        },
        "experts": {
            name: {
                "title": expert.title,
                "welcome": f"{welcome} "
                + core_response(
                    "utter_channel_expert_welcome",
                    expert_title=expert.title,
                    expert_description=expert.description,
                ),
            }
            for name, expert in enabled.items()
        },
    }


def add_widget_routes(
    app: Sanic,
    registry: TenantRegistry,
    experts: dict[str, Expert],
    origins: OriginPolicy,
    max_chars: int,
) -> None:
    """Adds the widget routes to the Rasa server's Sanic app."""
    infos = {tenant.id: tenant_info(tenant, experts, max_chars) for tenant in registry}
    # A page without data-tenant gets the default tenant ("_" is never part of a tenant id).
    infos[DEFAULT_TENANT_ALIAS] = infos[registry.default]
    script = (STATIC_DIR / "widget.js").read_bytes()

    async def widget_js(request: Request) -> HTTPResponse:
        return response.raw(
            script,
            content_type="application/javascript; charset=utf-8",
            headers={"Cache-Control": _CACHE, "X-Content-Type-Options": "nosniff"},
        )

    async def tenant_json(request: Request, file_name: str) -> HTTPResponse:
        tenant_id = file_name.removesuffix(".json")
        if tenant_id == file_name or tenant_id not in infos:
            return response.json({"error": f"Unknown tenant {tenant_id!r}"}, status=404)
        headers: dict[str, Any] = {"Cache-Control": _CACHE, "Vary": "Origin"}
        origin = request.headers.get("origin")
        # Only pages allowed for the tenant may read this from a browser; everything in it is
        # public, the header just keeps other websites from building the municipality's chat.
        if origin and origins.allows(origin, infos[tenant_id]["id"]):
            headers["Access-Control-Allow-Origin"] = origin
        return response.json(infos[tenant_id], headers=headers, ensure_ascii=False)

    app.add_route(widget_js, WIDGET_PATH, methods=["GET"], name="nrwbot_widget_js")
    app.add_route(tenant_json, TENANT_INFO_PATH, methods=["GET"], name="nrwbot_widget_tenant")
