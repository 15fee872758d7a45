"""NRWbot action server package: the core actions plus the actions of every enabled expert.

`python -m rasa_sdk --actions actions` imports this package; importing it loads the experts that
at least one tenant enables (and only those), after checking that their actions are complete and
unambiguous.
"""

from actions import citizen_scope, core, misses  # noqa: F401  (they register the core actions)
from actions.expert_loader import load_enabled_expert_actions

citizen_scope.install()
load_enabled_expert_actions()
misses.warm_up()
