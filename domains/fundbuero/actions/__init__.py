"""Rasa SDK actions of the Fundbüro expert: search, search requests, find reports, animals, FAQ.

Actions stay thin: they read slots, call one `FundsachenClient` method and map the typed result to
responses. The client is built from the conversation's tenant settings unless a test passes one.
The action server checks this package (and its modules) against the domain.
"""

from domains.fundbuero.actions.animals import ActionTier
from domains.fundbuero.actions.faq import ActionAbholung, ActionAufbewahrung, ActionFinderlohn
from domains.fundbuero.actions.forms import (
    ValidateFundForm,
    ValidateSuchauftragForm,
    ValidateSucheForm,
)
from domains.fundbuero.actions.suche import (
    ActionFundErfassen,
    ActionFundInfo,
    ActionSuchauftragSenden,
    ActionSuchen,
    ActionSucheStarten,
)

__all__ = [
    "ActionAbholung",
    "ActionAufbewahrung",
    "ActionFinderlohn",
    "ActionFundErfassen",
    "ActionFundInfo",
    "ActionSuchauftragSenden",
    "ActionSuchen",
    "ActionSucheStarten",
    "ActionTier",
    "ValidateFundForm",
    "ValidateSuchauftragForm",
    "ValidateSucheForm",
]
