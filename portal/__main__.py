"""`python -m portal --port 8080 --bot-url http://127.0.0.1:5005`: serves the demo portal."""

from __future__ import annotations

import argparse

from portal.serve import make_server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m portal", description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--bot-url", default="http://127.0.0.1:5005", help="the Rasa server")
    args = parser.parse_args(argv)
    server = make_server(args.port, args.bot_url, args.host)
    print(
        f"Demo portal: http://{args.host}:{server.server_address[1]}/  (bot: {args.bot_url})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
