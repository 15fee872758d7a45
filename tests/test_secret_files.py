"""Generated secrets are private from the first moment, whoever creates them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from connectors.session import load_secret
from nrwbot.secret_files import read_or_create_secret


def test_a_secret_file_is_created_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        created: list[int] = []

        def generate() -> str:
            return "s3cret"

        value = read_or_create_secret(tmp_path / "sub" / "token", generate)
        created.append((tmp_path / "sub" / "token").stat().st_mode & 0o777)
    finally:
        os.umask(previous)
    assert value == "s3cret" and created == [0o600]
    assert read_or_create_secret(tmp_path / "sub" / "token", lambda: "other") == "s3cret"


def test_the_web_chat_session_secret_uses_the_private_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NRWBOT_SESSION_SECRET", raising=False)
    calls: list[Path] = []
    import connectors.session as session

    original = session.read_or_create_secret

    def spy(path: Path, generate):  # type: ignore[no-untyped-def]
        calls.append(path)
        return original(path, generate)

    monkeypatch.setattr(session, "read_or_create_secret", spy)
    secret = load_secret(tmp_path)
    assert calls == [tmp_path / "session-secret"] and len(secret) >= 32
    assert (tmp_path / "session-secret").stat().st_mode & 0o077 == 0
    assert load_secret(tmp_path) == secret


@pytest.mark.parametrize("name", ["api-token", "backend-token"])
def test_the_servers_tokens_are_private(tmp_path: Path, monkeypatch, name: str) -> None:
    from nrwbot.settings import get_settings

    monkeypatch.setenv("NRWBOT_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("NRWBOT_API_TOKEN", raising=False)
    monkeypatch.delenv("NRWBOT_BACKEND_TOKEN", raising=False)
    settings = get_settings()
    token = settings.api_token() if name == "api-token" else settings.backend_token()
    assert token and (tmp_path / name).stat().st_mode & 0o077 == 0
