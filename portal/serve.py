"""A tiny static file server for the demo service portal.

Serves `portal/pages/*.html` (with `{{BOT_URL}}` replaced by the bot server's URL at serve time),
`portal/static/` and the vendored `rasa-webchat` build. Only files that exist when the server
starts are served, by exact name, so no request can reach anything else on disk.
"""

from __future__ import annotations

import html
import logging
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PORTAL_DIR = Path(__file__).resolve().parent
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
logger = logging.getLogger(__name__)


def content_security_policy(bot_url: str, page: str) -> str:
    """The CSP of a portal page: our widget pages may talk to the bot server and nothing else.

    The rasa-webchat page also needs inline styles (the widget injects them); its Google font
    is still refused, because `style-src` and `font-src` name no third-party host.
    """
    websocket = "ws" + bot_url.removeprefix("http")
    styles = "'self' 'unsafe-inline'" if page == "webchat.html" else "'self'"
    return (
        f"default-src 'self'; script-src 'self' {bot_url}; connect-src {bot_url} {websocket}; "
        f"img-src 'self' {bot_url} data:; style-src {styles}; font-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )


class Portal:
    """The portal's files, read once at start, addressed by URL path."""

    def __init__(self, bot_url: str, root: Path = PORTAL_DIR) -> None:
        self.bot_url = bot_url.rstrip("/")
        self.files: dict[str, Path] = {"/": root / "pages" / "index.html"}
        for folder, prefix in ((root / "pages", "/"), (root / "static", "/static/")):
            self.files.update({prefix + f.name: f for f in folder.iterdir() if f.is_file()})
        vendor = root / "vendor"
        self.files.update(
            {"/vendor/" + f.relative_to(vendor).as_posix(): f for f in vendor.rglob("*.js")}
        )

    def render(self, path: str) -> tuple[bytes, dict[str, str]] | None:
        """Body and headers for a URL path, or None if the portal has no such file."""
        file = self.files.get(path)
        if file is None:
            return None
        body = file.read_bytes()
        headers = {
            "Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream"),
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }
        if file.suffix == ".html":
            body = body.replace(b"{{BOT_URL}}", html.escape(self.bot_url, quote=True).encode())
            headers["Content-Security-Policy"] = content_security_policy(self.bot_url, file.name)
        return body, headers


class _Handler(BaseHTTPRequestHandler):
    server_version = "NRWbot-Portal"

    def __init__(self, portal: Portal, *args: object) -> None:
        self.portal = portal
        super().__init__(*args)  # type: ignore[arg-type]

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        found = self.portal.render(urlsplit(self.path).path)
        if found is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Diese Seite gibt es nicht.")
            return
        body, headers = found
        self.send_response(HTTPStatus.OK)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("portal: " + format, *args)


def make_server(port: int, bot_url: str, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A portal server bound to `host:port` (port 0: a free one; see `server_address`)."""
    return ThreadingHTTPServer((host, port), partial(_Handler, Portal(bot_url)))


def serve_in_thread(port: int, bot_url: str) -> ThreadingHTTPServer:
    """Starts a portal server in a daemon thread; stop it with `shutdown()`."""
    server = make_server(port, bot_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
