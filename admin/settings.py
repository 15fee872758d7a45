"""Settings of the admin app, read once from the environment (documented in docs/configuration.md).

Host and port come from `nrwbot.settings` (the runner needs them too); everything else only the
admin app reads.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from nrwbot.secret_files import read_or_create_secret
from nrwbot.settings import Settings, get_settings

MIN_SECRET_CHARS = 32
ACCOUNTS_FILE = "admin-accounts.yml"


class AdminSettingsError(ValueError):
    """A variable of the admin app has an invalid value; the message names it."""


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no"):
        return False
    if raw in ("1", "true", "yes"):
        return True
    raise AdminSettingsError(f"Environment variable {name} must be true or false, got {raw!r}")


@dataclass(frozen=True)
class AdminSettings:
    """What the admin app needs to run.

    Attributes:
        nrwbot: the platform's settings (project root, var/, tracker store, host and port).
        accounts_path: YAML file with the accounts (`nrwbot admin add-user` writes it).
        inline_accounts: accounts from the environment, `name=scope=hash;…`.
        database_url: where annotations, the audit log, sessions and login failures live.
        secret: signs session cookies and login form tokens.
        secure_cookie: mark cookies `Secure` even when the request did not come over https.
        demo: no accounts configured; `nrwbot run` may create the demo account.
    """

    nrwbot: Settings
    accounts_path: Path
    inline_accounts: str = field(default="", repr=False)
    database_url: str = ""
    secret: str = field(default="", repr=False)
    secure_cookie: bool = False
    demo: bool = False

    @property
    def host(self) -> str:
        return self.nrwbot.admin_host

    @property
    def port(self) -> int:
        return self.nrwbot.admin_port

    @property
    def tracker_store_url(self) -> str:
        return self.nrwbot.tracker_store_url

    @classmethod
    def from_env(cls, nrwbot: Settings | None = None) -> AdminSettings:
        """Reads the NRWBOT_ADMIN_* variables; generates the secret into var/ if none is set.

        Raises:
            AdminSettingsError: naming the variable whose value is invalid.
        """
        nrwbot = nrwbot or get_settings()
        var = nrwbot.var_dir
        secret = os.environ.get("NRWBOT_ADMIN_SECRET", "")
        if secret and len(secret) < MIN_SECRET_CHARS:
            raise AdminSettingsError(
                f"Environment variable NRWBOT_ADMIN_SECRET must be at least "
                f"{MIN_SECRET_CHARS} characters long"
            )
        if not secret:
            secret = read_or_create_secret(var / "admin-secret", lambda: secrets.token_urlsafe(32))
        accounts = os.environ.get("NRWBOT_ADMIN_ACCOUNTS", "")
        inline = os.environ.get("NRWBOT_ADMIN_USERS", "")
        return cls(
            nrwbot=nrwbot,
            accounts_path=Path(accounts).resolve() if accounts else var / ACCOUNTS_FILE,
            inline_accounts=inline,
            database_url=os.environ.get("NRWBOT_ADMIN_DATABASE_URL")
            or f"sqlite:///{var / 'admin.db'}",
            secret=secret,
            secure_cookie=_flag("NRWBOT_ADMIN_SECURE_COOKIE"),
            demo=not accounts and not inline,
        )
