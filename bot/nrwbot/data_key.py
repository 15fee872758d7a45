"""The key that encrypts personal slot values in the tracker store, with rotation.

Production sets `NRWBOT_DATA_KEY` from a secret store, so the key never lies beside the data it
protects. It may list several Fernet keys separated by commas: the first encrypts, all decrypt, so
a new key can be put in front while forms that are still running keep their values. Without the
variable (the demo), a key is generated into `var/data-key`.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet

from nrwbot.errors import NRWbotError
from nrwbot.secret_files import read_or_create_secret

DATA_KEY_ENV = "NRWBOT_DATA_KEY"


def load_cipher(var_dir: Path) -> MultiFernet:
    """The cipher from NRWBOT_DATA_KEY (newest key first), else from the generated key file.

    Raises:
        NRWbotError: if a configured key is not a Fernet key.
    """
    configured = os.environ.get(DATA_KEY_ENV, "")
    if configured.strip():
        keys = [key.strip() for key in configured.split(",") if key.strip()]
    else:
        keys = [read_or_create_secret(var_dir / "data-key", lambda: Fernet.generate_key().decode())]
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError:
        raise NRWbotError(
            f"{DATA_KEY_ENV} must be one or more Fernet keys separated by commas "
            "(generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        ) from None
