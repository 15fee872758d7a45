"""`nrwbot admin` (serve, add-user), the demo account of `nrwbot run`, and account files."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from admin.accounts import (
    AccountBook,
    AccountError,
    Scope,
    parse_inline_accounts,
    read_accounts_file,
    verify_password,
)
from admin.cli import demo_login
from nrwbot.cli import build_parser, main
from nrwbot.runner import services
from nrwbot.settings import get_settings
from tests.admin.conftest import FAST_HASHER, PASSWORD, SECRET
from tests.harness import ROOT, free_port, server_env, wait_for_http


@pytest.fixture
def admin_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    accounts = tmp_path / "accounts.yml"
    monkeypatch.setenv("NRWBOT_ADMIN_ACCOUNTS", str(accounts))
    monkeypatch.setenv("NRWBOT_ADMIN_SECRET", SECRET)
    monkeypatch.setenv("NRWBOT_ADMIN_DATABASE_URL", f"sqlite:///{tmp_path / 'admin.db'}")
    monkeypatch.delenv("NRWBOT_ADMIN_USERS", raising=False)
    return accounts


def _add_user(monkeypatch: pytest.MonkeyPatch, password: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(["admin", "add-user", *args, "--password-stdin"])


def test_add_user_writes_an_argon2_hash_to_a_private_file(
    admin_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add_user(monkeypatch, PASSWORD, "amt-soest", "--scope", "soest,lippstadt") == 0
    assert "Added account 'amt-soest' (scope lippstadt,soest)" in capsys.readouterr().out
    assert admin_env.stat().st_mode & 0o777 == 0o600
    assert PASSWORD not in admin_env.read_text()
    account = read_accounts_file(admin_env)["amt-soest"]
    assert account.scope == Scope(frozenset({"soest", "lippstadt"}))
    assert verify_password(account.password_hash, PASSWORD)
    assert _add_user(monkeypatch, "ein-anderes-passwort", "amt-soest", "--scope", "all") == 0
    assert "Updated account" in capsys.readouterr().out
    assert read_accounts_file(admin_env)["amt-soest"].scope.is_all


@pytest.mark.parametrize(
    ("password", "args", "message"),
    [
        (PASSWORD, ["x", "--scope", "all"], "account name 'x'"),
        (PASSWORD, ["amt", "--scope", "hamm"], "unknown tenant 'hamm'"),
        (PASSWORD, ["amt", "--scope", "all,soest"], "a scope is 'all' or a list"),
        ("kurz", ["amt", "--scope", "all"], "at least 12 characters"),
    ],
)
def test_add_user_refuses_bad_input(
    admin_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    password: str,
    args: list[str],
    message: str,
) -> None:
    assert _add_user(monkeypatch, password, *args) == 2
    assert message in capsys.readouterr().err
    assert not admin_env.exists()


def test_the_parser_knows_the_admin_commands() -> None:
    parser = build_parser()
    assert parser.parse_args(["admin"]).func.__name__ == "_cmd_admin"
    add = parser.parse_args(["admin", "add-user", "amt", "--scope", "all"])
    assert add.func.__name__ == "_cmd_admin_add_user" and add.scope == "all"


def test_the_demo_account_is_created_once_with_a_random_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NRWBOT_ADMIN_ACCOUNTS", "NRWBOT_ADMIN_USERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NRWBOT_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("NRWBOT_ADMIN_SECRET", SECRET)
    settings = replace(get_settings())
    line = demo_login(settings)
    password = (tmp_path / "admin-demo-password").read_text().strip()
    assert line is not None and f"demo-admin / {password}" in line
    assert len(password) >= 16
    for private in ("admin-demo-password", "admin-accounts.yml"):
        assert (tmp_path / private).stat().st_mode & 0o777 == 0o600
    account = read_accounts_file(tmp_path / "admin-accounts.yml")["demo-admin"]
    assert account.scope.is_all and verify_password(account.password_hash, password)
    assert demo_login(settings) == line  # the same password on every start
    monkeypatch.setenv("NRWBOT_ADMIN_ACCOUNTS", str(tmp_path / "production.yml"))
    assert demo_login(settings) is None  # configured accounts: no demo account


def test_nrwbot_run_starts_the_admin_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NRWBOT_VAR_DIR", str(tmp_path))
    settings = replace(get_settings(), admin_port=5999)
    (admin,) = [s for s in services(settings) if s.name == "admin"]
    assert admin.command[1:3] == ["-m", "admin"]
    assert admin.command[-4:] == ["--host", "127.0.0.1", "--port", "5999"]
    assert admin.url == "http://127.0.0.1:5999/"


def test_accounts_from_the_environment() -> None:
    hashed = FAST_HASHER.hash(PASSWORD)
    accounts = parse_inline_accounts(f"amt-lippstadt=lippstadt={hashed}; plattform=all={hashed}")
    assert accounts["amt-lippstadt"].scope.tenants == {"lippstadt"}
    assert accounts["plattform"].scope.is_all
    assert verify_password(accounts["plattform"].password_hash, PASSWORD)
    with pytest.raises(AccountError, match="name=scope=argon2hash"):
        parse_inline_accounts("nur-ein-name")
    with pytest.raises(AccountError, match="argon2 password_hash"):
        parse_inline_accounts("amt=all=klartext")


def test_an_account_in_file_and_environment_is_refused(tmp_path: Path) -> None:
    from admin.accounts import Account, save_account

    hashed = FAST_HASHER.hash(PASSWORD)
    path = tmp_path / "accounts.yml"
    save_account(path, Account("amt", hashed, Scope(None)))
    with pytest.raises(AccountError, match="account 'amt' is in"):
        AccountBook(path, f"amt=all={hashed}")


@pytest.mark.integration
def test_nrwbot_admin_serves_the_login_page(tmp_path: Path) -> None:
    port = free_port()
    env = server_env(
        NRWBOT_ADMIN_ACCOUNTS=str(tmp_path / "accounts.yml"),
        NRWBOT_ADMIN_SECRET=SECRET,
        NRWBOT_ADMIN_DATABASE_URL=f"sqlite:///{tmp_path / 'admin.db'}",
        NRWBOT_TRACKER_STORE_URL=f"sqlite:///{tmp_path / 'conversations.db'}",
        NRWBOT_ADMIN_PORT=str(port),
    )
    command = [sys.executable, "-m", "nrwbot.cli", "admin"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/anmelden", timeout=90, process=process)
        page = httpx.get(f"http://127.0.0.1:{port}/anmelden")
        assert page.status_code == 200 and '<html lang="de">' in page.text
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert "no accounts in" in err
