"""nrwbot.rasa_training: fine-tuning takes an unchanged component's output from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from nrwbot import rasa_training
from nrwbot.training import train_command


@pytest.fixture
def patched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Resource, "from_cache", Resource.from_cache)  # undone after the test
    rasa_training.install()


def _storage_with_base_output(tmp_path: Path) -> LocalModelStorage:
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    with storage.write_to(Resource("train_TEDPolicy3")) as directory:
        (directory / "weights.data").write_bytes(b"base model, saved at another time")
    return storage


def _cached(tmp_path: Path) -> Path:
    cached = tmp_path / "cache" / "ted"
    cached.mkdir(parents=True)
    (cached / "weights.data").write_bytes(b"output for these inputs")
    return cached


def test_without_the_fix_a_filled_storage_refuses_the_cached_output(tmp_path: Path) -> None:
    # What Rasa 3.6 does (and why it trains TEDPolicy again when fine-tuning).
    with pytest.raises(ValueError, match="not empty"):
        Resource.from_cache(
            "train_TEDPolicy3", _cached(tmp_path), _storage_with_base_output(tmp_path), "fp"
        )


def test_with_the_fix_the_cached_output_replaces_the_base_models_copy(
    tmp_path: Path, patched: None
) -> None:
    storage = _storage_with_base_output(tmp_path)
    resource = Resource.from_cache("train_TEDPolicy3", _cached(tmp_path), storage, "fp")
    assert resource.output_fingerprint == "fp"
    with storage.read_from(resource) as directory:
        assert [p.read_bytes() for p in directory.iterdir()] == [b"output for these inputs"]


def test_training_runs_through_the_fix(tmp_path: Path) -> None:
    from nrwbot.project import load_project

    project = load_project()
    command = train_command(project.settings, project.compose(), tmp_path / "nrwbot-x.tar.gz")
    assert command[1:4] == ["-m", "nrwbot.rasa_training", "train"]
