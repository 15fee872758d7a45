"""Run the admin app: `python -m admin [--host 127.0.0.1] [--port 5080]` (or `nrwbot admin`)."""

from __future__ import annotations

import argparse
import sys

from admin.accounts import AccountError
from admin.app import create_app
from admin.settings import AdminSettings, AdminSettingsError
from nrwbot.errors import NRWbotError

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}


def serve(settings: AdminSettings, host: str | None = None, port: int | None = None) -> None:
    """Serves until interrupted; warns when the app faces the network without TLS settings."""
    host, port = host or settings.host, port or settings.port
    app = create_app(settings)
    if len(app.ctx.admin.accounts) == 0:
        print(
            f"admin: no accounts in {settings.accounts_path}; add one with "
            "`nrwbot admin add-user NAME --scope all`",
            file=sys.stderr,
        )
    if host not in LOOPBACK_HOSTS and not settings.secure_cookie:
        print(
            f"admin: listening on {host} without NRWBOT_ADMIN_SECURE_COOKIE; put it behind a "
            "TLS proxy and set the variable",
            file=sys.stderr,
        )
    print(f"Admin app: http://{host}:{port}/", flush=True)
    app.run(host=host, port=port, access_log=False, motd=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m admin", description=__doc__)
    parser.add_argument("--host", help="interface (default: NRWBOT_ADMIN_HOST, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: NRWBOT_ADMIN_PORT, 5080)")
    args = parser.parse_args(argv)
    try:
        serve(AdminSettings.from_env(), args.host, args.port)
    except (AdminSettingsError, AccountError, NRWbotError) as exc:
        print(f"admin: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
