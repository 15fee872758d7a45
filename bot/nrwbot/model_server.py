"""`python -m nrwbot.model_server`: serves the released model to every Rasa replica.

Rasa polls the URL named under `models:` in its endpoints file with `If-None-Match: <ETag of the
model it runs>`; the server answers 304 while the release is unchanged and the model file with a
new ETag after a release or rollback (`nrwbot.release`). Replicas therefore switch within one
polling interval, and none needs the models folder on its own disk.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from nrwbot.release import MODEL_PATH, current


def create_app(models_dir: Path) -> Sanic:
    """The model server for one models folder."""
    app = Sanic("nrwbot_model_server")

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get(MODEL_PATH)
    async def model(request: Request) -> HTTPResponse:
        released = current(models_dir)
        if released is None:
            return response.json({"error": "no model released yet (nrwbot release)"}, status=404)
        etag = released.etag
        if request.headers.get("If-None-Match", "").strip('"') == etag:
            return response.empty(status=304, headers={"ETag": etag})
        # Sanic 21.12 serves a ResponseStream from a handler but types handlers as HTTPResponse.
        return await response.file_stream(  # type: ignore[return-value]
            models_dir / released.model,
            headers={"ETag": etag, "filename": released.model},
            mime_type="application/gzip",
        )

    return app


def main() -> None:
    """Runs the server (loopback by default: only the replicas need it)."""
    parser = argparse.ArgumentParser(prog="python -m nrwbot.model_server")
    parser.add_argument("--models-dir", type=Path, default=Path("models"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5090)
    args = parser.parse_args()
    create_app(args.models_dir.resolve()).run(
        host=args.host, port=args.port, access_log=False, workers=1
    )


if __name__ == "__main__":
    main()
