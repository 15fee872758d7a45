"""NRWbot action server package: the core actions plus the actions of every enabled expert.

`python -m rasa_sdk --actions actions` imports this package; importing it loads the experts that
at least one tenant enables (and only those), after checking that their actions are complete and
unambiguous.
"""

from actions import core  # noqa: F401  (registers the core actions)
from actions.expert_loader import load_enabled_expert_actions

load_enabled_expert_actions()
