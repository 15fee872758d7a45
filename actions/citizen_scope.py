"""Runs every action of the action server inside the scope of the citizen it serves.

rasa-sdk builds its executor inside its own `create_app`, so there is no hook to pass per-request
context to actions; wrapping `ActionExecutor.run` once gives every expert's backend client the
tenant's token and the citizen's key (`nrwbot.backend_request`) without any code in the expert.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import ActionExecutor

from nrwbot.backend_request import Citizen, citizen_scope

_MARK = "_nrwbot_citizen_scope"


def install() -> None:
    """Wraps `ActionExecutor.run` (idempotent)."""
    original = ActionExecutor.run
    if getattr(original, _MARK, False):
        return

    async def run(self: ActionExecutor, action_call: dict[str, Any]) -> Any:
        with citizen_scope(Citizen.from_tracker(action_call.get("tracker") or {})):
            return await original(self, action_call)

    setattr(run, _MARK, True)
    ActionExecutor.run = run
