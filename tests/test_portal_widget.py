"""The widget's tenant information and the demo portal's file server (no network)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from connectors.widget import STATIC_DIR, tenant_info
from nrwbot.experts import Expert
from nrwbot.tenants import Tenant
from portal.serve import PORTAL_DIR, Portal
from tests.factories import TENANT

EXPERT = Expert(
    name="muellabfuhr",
    title="Müllabfuhr",
    description="Beantwortet Fragen zu Abfuhrterminen.",
    intent_prefix="muell",
    version="0.1.0",
    actions_module="actions",
    path=Path("."),
)
OTHER = Expert(
    **{**EXPERT.__dict__, "name": "parken", "title": "Parken", "intent_prefix": "parken"}
)


def _tenant() -> Tenant:
    return Tenant.parse_obj({**TENANT, "id": "beispiel", "experts": {"muellabfuhr": {}}})


def test_welcome_and_privacy_notice_come_from_the_tenant_and_the_expert_manifest() -> None:
    info = tenant_info(_tenant(), {"muellabfuhr": EXPERT, "parken": OTHER}, max_chars=500)
    assert "Testbot" in info["welcome"] and "kein Mensch" in info["welcome"]
    assert "Stadt Beispiel" in info["privacy_notice"]
    assert info["privacy_url"] == "https://www.beispiel.de/datenschutz"
    assert info["max_message_chars"] == 500
    welcome = info["experts"]["muellabfuhr"]["welcome"]
    assert "„Müllabfuhr“" in welcome and "Abfuhrterminen" in welcome and "kein Mensch" in welcome
    assert "parken" not in info["experts"], "an expert the tenant does not enable is not offered"


def test_the_widget_names_no_expert_and_no_municipality() -> None:
    # STYLE.md: no expert name in connectors/; welcome texts come from the JSON endpoint.
    code = "\n".join(
        p.read_text() for p in [STATIC_DIR / "widget.js", *STATIC_DIR.parent.glob("*.py")]
    )
    for word in ("hundesteuer", "fundbuero", "ausweis", "soest", "lippstadt"):
        assert word not in code.lower(), word


def test_the_widget_stays_small_and_renders_no_html() -> None:
    source = (STATIC_DIR / "widget.js").read_bytes()
    assert len(gzip.compress(source, 9)) < 10_000
    assert not re.search(rb"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(", source)


def test_pages_get_the_bot_url_escaped_and_a_csp_that_names_only_the_bot_server() -> None:
    portal = Portal('http://127.0.0.1:5005/"><script>')
    body, headers = portal.render("/hundesteuer.html")  # type: ignore[misc]
    assert b"{{BOT_URL}}" not in body and b'/"><script>' not in body
    assert b"&quot;&gt;&lt;script&gt;" in body
    body, headers = Portal("http://127.0.0.1:5005").render("/hundesteuer.html")  # type: ignore[misc]
    assert (
        b'src="http://127.0.0.1:5005/widget/widget.js" data-tenant="soest" data-expert="hundesteuer"'
        in body
    )
    csp = headers["Content-Security-Policy"]
    hosts = set(re.findall(r"(?:https?|wss?)://[^\s;]+", csp))
    assert hosts == {"http://127.0.0.1:5005", "ws://127.0.0.1:5005"}
    assert "'unsafe-inline'" not in csp


def test_every_widget_page_names_a_service_and_the_index_names_none() -> None:
    pages = {p.name: p.read_text() for p in (PORTAL_DIR / "pages").glob("*.html")}
    experts = {name: re.findall(r'data-expert="([a-z_]+)"', text) for name, text in pages.items()}
    assert experts["index.html"] == [] and experts["hundesteuer.html"] == ["hundesteuer"]
    assert experts["fundbuero.html"] == ["fundbuero"] and experts["ausweis.html"] == [
        "ausweisstatus"
    ]
    assert all('lang="de"' in text for text in pages.values())


def test_only_the_portal_files_are_served() -> None:
    portal = Portal("http://127.0.0.1:5005")
    assert (
        portal.render("/") is not None
        and portal.render("/vendor/rasa-webchat/index.js") is not None
    )
    for path in (
        "/../serve.py",
        "/static/../serve.py",
        "/serve.py",
        "/pages/index.html",
        "/vendor/rasa-webchat/LICENSE",
    ):
        assert portal.render(path) is None, path
