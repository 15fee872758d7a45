"""Releasing a model, rolling it back, and the model server every replica polls."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sanic import Sanic

from nrwbot.errors import NRWbotError
from nrwbot.model_server import MODEL_PATH, create_app
from nrwbot.release import current, release, rollback
from nrwbot.testing import Lifespan

Sanic.test_mode = True


def _model(models: Path, name: str, content: bytes = b"model") -> Path:
    models.mkdir(parents=True, exist_ok=True)
    path = models / f"nrwbot-{name}.tar.gz"
    path.write_bytes(content)
    return path


def test_release_and_rollback_walk_the_history(tmp_path: Path) -> None:
    first, second = _model(tmp_path, "aaaa"), _model(tmp_path, "bbbb")
    assert current(tmp_path) is None
    release(tmp_path, first)
    release(tmp_path, second)
    assert current(tmp_path).model == second.name
    assert rollback(tmp_path).model == first.name
    assert current(tmp_path).model == first.name
    with pytest.raises(NRWbotError, match="no earlier release"):
        rollback(tmp_path)


def test_rollback_skips_releases_whose_file_is_gone(tmp_path: Path) -> None:
    first, second, third = (_model(tmp_path, n) for n in ("a1", "b2", "c3"))
    for model in (first, second, third):
        release(tmp_path, model)
    second.unlink()
    assert rollback(tmp_path).model == first.name


def test_only_trained_models_of_the_folder_can_be_released(tmp_path: Path) -> None:
    elsewhere = _model(tmp_path / "other", "cccc")
    with pytest.raises(NRWbotError, match="not a trained model"):
        release(tmp_path, elsewhere)


async def test_the_server_answers_304_until_a_new_release(tmp_path: Path) -> None:
    app = create_app(tmp_path)
    async with Lifespan(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://models") as http:
            assert (await http.get(MODEL_PATH)).status_code == 404
            release(tmp_path, _model(tmp_path, "aaaa", b"first model"))
            answer = await http.get(MODEL_PATH)
            assert answer.status_code == 200 and answer.content == b"first model"
            etag = answer.headers["ETag"]
            assert answer.headers["filename"] == "nrwbot-aaaa.tar.gz"
            assert (await http.get(MODEL_PATH, headers={"If-None-Match": etag})).status_code == 304
            release(tmp_path, _model(tmp_path, "bbbb", b"second model"))
            changed = await http.get(MODEL_PATH, headers={"If-None-Match": etag})
            assert changed.status_code == 200 and changed.headers["ETag"] != etag
            rollback(tmp_path)
            back = await http.get(MODEL_PATH, headers={"If-None-Match": changed.headers["ETag"]})
            assert back.content == b"first model"
