"""Admin accounts: a name, an argon2 password hash and a scope (some tenants, or all).

Accounts come from a YAML file (`NRWBOT_ADMIN_ACCOUNTS`, demo: `var/admin-accounts.yml`) and from
`NRWBOT_ADMIN_USERS` (`name=scope=hash;…`, scope `all` or `soest,lippstadt`). There is no default
password: only the demo (`nrwbot run` without configured accounts) creates `demo-admin` with a
random password kept in `var/admin-demo-password`.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from nrwbot.errors import NRWbotError
from nrwbot.secret_files import read_or_create_secret
from nrwbot.yamlio import read_yaml

ALL = "all"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
MIN_PASSWORD_CHARS = 12
DEMO_ACCOUNT = "demo-admin"
DEMO_PASSWORD_FILE = "admin-demo-password"


class AccountError(NRWbotError):
    """An account file, entry or password is invalid; the message says which."""


@dataclass(frozen=True)
class Scope:
    """The tenants an account may see: `tenants is None` means all of them (platform admin)."""

    tenants: frozenset[str] | None

    @classmethod
    def parse(cls, raw: str | Iterable[str]) -> Scope:
        parts = [p.strip() for p in (raw.split(",") if isinstance(raw, str) else raw)]
        parts = [p for p in parts if p]
        if parts == [ALL]:
            return cls(None)
        if not parts or ALL in parts:
            raise AccountError("a scope is 'all' or a list of tenant ids")
        return cls(frozenset(parts))

    @property
    def is_all(self) -> bool:
        return self.tenants is None

    def allows(self, tenant: str | None) -> bool:
        """A conversation without a tenant is visible to platform admins only."""
        return self.tenants is None or tenant in self.tenants

    def __str__(self) -> str:
        return ALL if self.tenants is None else ",".join(sorted(self.tenants))


@dataclass(frozen=True)
class Account:
    """One admin login."""

    name: str
    password_hash: str
    scope: Scope


_hasher = PasswordHasher()
# Verifying against this when the name is unknown takes as long as a real check.
_UNKNOWN = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists."""
    try:
        return _hasher.verify(password_hash or _UNKNOWN, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _account(name: object, scope: object, password_hash: object, where: str) -> Account:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise AccountError(f"{where}: account name {name!r} must match {NAME_PATTERN.pattern}")
    if not isinstance(password_hash, str) or not password_hash.startswith("$argon2"):
        raise AccountError(f"{where}: account '{name}' needs an argon2 password_hash")
    if not isinstance(scope, (str, list)):
        raise AccountError(f"{where}: account '{name}' needs a scope ('all' or tenant ids)")
    try:
        return Account(name, password_hash, Scope.parse(scope))
    except AccountError as exc:
        raise AccountError(f"{where}: account '{name}': {exc}") from None


def read_accounts_file(path: Path) -> dict[str, Account]:
    if not path.exists():
        return {}
    raw = read_yaml(path) or {}
    entries = raw.get("accounts") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise AccountError(f"{path}: expected a mapping with a list 'accounts'")
    accounts: dict[str, Account] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise AccountError(f"{path}: every account is a mapping (name, password_hash, scope)")
        account = _account(
            entry.get("name"), entry.get("scope"), entry.get("password_hash"), str(path)
        )
        if account.name in accounts:
            raise AccountError(f"{path}: account '{account.name}' is listed twice")
        accounts[account.name] = account
    return accounts


def parse_inline_accounts(raw: str) -> dict[str, Account]:
    """`name=scope=hash;…` from NRWBOT_ADMIN_USERS (argon2 hashes contain '=' but no ';')."""
    accounts: dict[str, Account] = {}
    for entry in (part.strip() for part in raw.split(";")):
        if not entry:
            continue
        pieces = entry.split("=", 2)
        if len(pieces) != 3:
            raise AccountError("NRWBOT_ADMIN_USERS: write entries as name=scope=argon2hash")
        account = _account(pieces[0], pieces[1], pieces[2], "NRWBOT_ADMIN_USERS")
        accounts[account.name] = account
    return accounts


class AccountBook:
    """The accounts of one app; the file is read again whenever it changes."""

    def __init__(self, path: Path, inline: str = "") -> None:
        self.path = path
        self._inline = parse_inline_accounts(inline)
        self._stamp: tuple[int, int] | None = None
        self._accounts: dict[str, Account] = {}
        self._reload()

    def _reload(self) -> None:
        stat = self.path.stat() if self.path.exists() else None
        stamp = (stat.st_mtime_ns, stat.st_size) if stat else None
        if stamp == self._stamp and self._accounts:
            return
        from_file = read_accounts_file(self.path)
        for name in from_file.keys() & self._inline.keys():
            raise AccountError(f"account '{name}' is in {self.path} and in NRWBOT_ADMIN_USERS")
        self._accounts = {**from_file, **self._inline}
        self._stamp = stamp

    def get(self, name: str) -> Account | None:
        self._reload()
        return self._accounts.get(name)

    def __len__(self) -> int:
        self._reload()
        return len(self._accounts)


def _dump(accounts: Iterable[Account]) -> str:
    entries = [
        {
            "name": account.name,
            "scope": ALL if account.scope.tenants is None else sorted(account.scope.tenants),
            "password_hash": account.password_hash,
        }
        for account in accounts
    ]
    header = "# Admin accounts (nrwbot admin add-user): hashes only; keep this file private.\n"
    return header + yaml.safe_dump({"accounts": entries}, sort_keys=False, allow_unicode=True)


def save_account(path: Path, account: Account) -> bool:
    """Adds or replaces `account` in the file (mode 0600); True if it replaced one."""
    accounts = read_accounts_file(path)
    replaced = account.name in accounts
    accounts[account.name] = account
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".admin-accounts-")
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:  # mkstemp creates it 0600
        handle.write(_dump(accounts.values()))
    os.replace(temporary, path)
    return replaced


def ensure_demo_account(path: Path, var_dir: Path) -> tuple[str, str]:
    """The demo account's name and password, creating both on first use."""
    password = read_or_create_secret(
        var_dir / DEMO_PASSWORD_FILE, lambda: secrets.token_urlsafe(15)
    )
    existing = read_accounts_file(path).get(DEMO_ACCOUNT)
    if existing is None or not verify_password(existing.password_hash, password):
        save_account(path, Account(DEMO_ACCOUNT, hash_password(password), Scope(None)))
    return DEMO_ACCOUNT, password
