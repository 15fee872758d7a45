"""`nrwbot admin …`: serve the admin app, add accounts, and the demo account of `nrwbot run`."""

from __future__ import annotations

import argparse
import getpass
import sys

from admin.accounts import (
    NAME_PATTERN,
    Account,
    AccountError,
    Scope,
    ensure_demo_account,
    hash_password,
    save_account,
)
from admin.settings import AdminSettings, AdminSettingsError
from nrwbot.errors import NRWbotError
from nrwbot.settings import Settings


def _settings(nrwbot: Settings | None = None) -> AdminSettings:
    try:
        return AdminSettings.from_env(nrwbot)
    except AdminSettingsError as exc:
        raise NRWbotError(str(exc)) from exc


def serve_command(args: argparse.Namespace) -> int:
    from admin.__main__ import serve

    serve(_settings(), args.host, args.port)
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Repeat the password: ") != password:
        raise AccountError("the passwords differ")
    return password


def add_user_command(args: argparse.Namespace) -> int:
    """Adds or replaces an account in the accounts file, with an argon2 hash of the password."""
    from admin.audit import ACCOUNT_SAVED, AuditLog
    from admin.db import create_engine
    from nrwbot.project import load_project

    settings = _settings()
    scope = Scope.parse(args.scope)
    known = {tenant.id for tenant in load_project(settings.nrwbot).tenants}
    unknown = sorted((scope.tenants or set()) - known)
    if unknown:
        raise AccountError(
            f"unknown tenant '{unknown[0]}' in --scope (tenants: {', '.join(sorted(known))})"
        )
    if not NAME_PATTERN.match(args.name):
        raise AccountError(
            f"account name '{args.name}' must be 2-64 lower case letters, digits, '.', '_', '-'"
        )
    account = Account(args.name, hash_password(_read_password(args.password_stdin)), scope)
    replaced = save_account(settings.accounts_path, account)
    AuditLog(create_engine(settings.database_url)).record(
        "cli", ACCOUNT_SAVED, f"{account.name} (scope {scope})"
    )
    verb = "Updated" if replaced else "Added"
    print(f"{verb} account '{account.name}' (scope {scope}) in {settings.accounts_path}")
    return 0


def demo_login(nrwbot: Settings) -> str | None:
    """For `nrwbot run` without configured accounts: the demo login line to print, else None."""
    settings = _settings(nrwbot)
    if not settings.demo:
        return None
    name, password = ensure_demo_account(settings.accounts_path, nrwbot.var_dir)
    return (
        f"Admin app: http://{settings.host}:{settings.port}/  demo login: {name} / {password} "
        f"(kept in {nrwbot.var_dir / 'admin-demo-password'})"
    )


def record(action: str, detail: str, account: str = "cli") -> None:
    """Writes an audit entry for a terminal command; a missing admin database only warns, so
    that a release or rollback never fails for want of its log line."""
    from admin.audit import AuditLog
    from admin.db import create_engine

    try:
        AuditLog(create_engine(_settings().database_url)).record(account, action, detail)
    except Exception as exc:  # noqa: BLE001 - any database error: the command itself succeeded
        print(f"nrwbot: not recorded in the audit log ({exc})", file=sys.stderr)


def export_command(args: argparse.Namespace) -> int:
    """Prints the diff that exporting the approved annotations makes; `--write` writes it."""
    from admin.annotations import AnnotationStore
    from admin.audit import EXPORTED
    from admin.db import create_engine
    from admin.export import Exporter
    from nrwbot.project import load_project

    settings = _settings()
    project = load_project(settings.nrwbot)
    exporter = Exporter(project.settings.root, project.experts, project.settings.last_export_file)
    store = AnnotationStore(create_engine(settings.database_url))
    plan = exporter.plan(store.approved_examples())
    print(plan.diff() or "No new examples to export.", end="" if plan.diff() else "\n")
    for skipped in plan.skipped:
        print(f"skipped annotation {skipped.annotation_id}: {skipped.text!r} {skipped.english}")
    print(plan.summary())
    if not args.write:
        if plan.changes:
            print("Nothing written; run `nrwbot admin export --write` to write these files.")
        return 0
    written = exporter.write(plan)
    if written:
        record(EXPORTED, plan.summary())
    root = project.settings.root
    for path in written:
        print(f"Wrote {path.relative_to(root)}")
    return 0
