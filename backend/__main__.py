"""Run the backend: `python -m backend --host 127.0.0.1 --port 5070 [--seed-demo]`.

The database comes from `DATABASE_URL` (default: `var/backend.db` under the project root) and
is migrated on start.
"""

from __future__ import annotations

import argparse
import logging

from backend.app import create_app
from backend.seed import seed_demo_if_empty
from backend.settings import BackendSettings, SettingsError, database_url_from_env

LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost"}
logger = logging.getLogger("backend")


def build_parser() -> argparse.ArgumentParser:
    """The command line; the server binds to loopback unless told otherwise."""
    parser = argparse.ArgumentParser(prog="python -m backend", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5070, help="port (default 5070)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--seed-demo", action="store_true", help="load backend/demo/*.json into empty tables first"
    )
    parser.add_argument("--debug", action="store_true", help="Sanic debug mode (development only)")
    return parser


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and serve until interrupted."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _log_to_stderr("backend", "alembic")
    try:
        settings = BackendSettings.from_env()
    except SettingsError as exc:
        parser.error(str(exc))
    if args.host not in LOOPBACK_HOSTS and not settings.api_token:
        logger.warning(
            "Listening on %s without BACKEND_API_TOKEN: anyone who reaches the port can use "
            "the API. Set the token or bind to 127.0.0.1.",
            args.host,
        )
    database_url = database_url_from_env()
    if args.seed_demo:
        logger.info("Seeded %d demo records", seed_demo_if_empty(database_url))
    app = create_app(database_url, settings)
    app.run(
        host=args.host,
        port=args.port,
        workers=args.workers,
        debug=args.debug,
        access_log=args.debug,
        motd=False,
    )


def _log_to_stderr(*names: str) -> None:
    # Sanic configures its own loggers; a root handler would print its lines twice.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s %(message)s"))
    for name in names:
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


if __name__ == "__main__":
    main()
