"""Releasing a model, rolling it back, and the model server every replica polls."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from sanic import Sanic

from nrwbot import release as releases
from nrwbot.errors import NRWbotError
from nrwbot.model_server import MODEL_PATH, create_app
from nrwbot.release import current, release, rollback, serve_at_start
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


def _trained_at(model: Path, when: float) -> Path:
    os.utime(model, (when, when))
    return model


def test_a_start_serves_the_released_model_unless_training_came_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter([1000.0, 2000.0, 3000.0, 4000.0])
    monkeypatch.setattr(releases.time, "time", lambda: next(clock))
    first = _model(tmp_path, "aaaa")
    assert serve_at_start(tmp_path, first)[0].model == first.name  # nothing released: at 1000
    # The project changed and was retrained after the release: the new model is served (2000).
    newer = _trained_at(_model(tmp_path, "bbbb"), 1500)
    entry, why = serve_at_start(tmp_path, newer)
    assert entry.model == newer.name and current(tmp_path).model == newer.name
    assert "trained after nrwbot-aaaa" in why
    # An admin rolled back (3000) after that training: the rollback stands at the next start.
    rollback(tmp_path)
    entry, why = serve_at_start(tmp_path, newer)
    assert entry.model == first.name and current(tmp_path).model == first.name
    assert "nrwbot release" in why
    # Retrained after the rollback: served.
    assert serve_at_start(tmp_path, _trained_at(newer, 3500))[0].model == newer.name


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


def test_pruning_keeps_released_models_and_drops_the_figures_of_deleted_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nrwbot.settings import get_settings
    from nrwbot.training import MODELS_KEPT, prune_old_models

    monkeypatch.setenv("NRWBOT_MODELS_DIR", str(tmp_path))
    settings = get_settings()
    names = [f"m{i}" for i in range(MODELS_KEPT + 3)]
    models = [_trained_at(_model(tmp_path, name), 1000 + i) for i, name in enumerate(names)]
    release(tmp_path, models[0])  # the oldest, but released
    (tmp_path / "scores").mkdir()
    for model in models:
        (tmp_path / "scores" / f"{model.name.removesuffix('.tar.gz')}-abc.json").write_text("{}")
    prune_old_models(settings, models[-1])
    left = sorted(p.name for p in tmp_path.glob("nrwbot-*.tar.gz"))
    expected = sorted([models[0].name] + [m.name for m in models[-MODELS_KEPT:]])
    assert left == expected
    assert sorted(p.name.removesuffix("-abc.json") for p in (tmp_path / "scores").iterdir()) == [
        name.removesuffix(".tar.gz") for name in expected
    ]
