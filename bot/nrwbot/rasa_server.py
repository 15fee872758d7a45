"""`python -m nrwbot.rasa_server run …`: Rasa's own command line, with the HTTP API token added here
and a polite answer when the action server fails (`nrwbot.action_failures`).

A token given as `--auth-token` on the command line is readable by every local user in `ps`; the
runner passes it in the environment (`NRWBOT_API_TOKEN`) instead, and this module hands it to Rasa
inside the process.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Runs Rasa's CLI with the arguments given plus the token from the environment."""
    from rasa.__main__ import main as rasa_main

    from nrwbot.action_failures import install

    install()
    token = os.environ.get("NRWBOT_API_TOKEN")
    sys.argv = ["rasa", *sys.argv[1:], *(["--auth-token", token] if token else [])]
    rasa_main()


if __name__ == "__main__":
    main()
