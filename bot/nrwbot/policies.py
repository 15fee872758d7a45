"""Dialogue policy that keeps a conversation out of experts its tenant has not enabled.

One model serves every municipality, so the model knows all enabled experts' intents. At session
start the action server stores, per conversation, the intent prefixes of experts that this
conversation's tenant has NOT enabled. When the citizen's latest intent has one of them, this
policy wins over every other (highest priority) and predicts the action that points the citizen to
the municipality's contact instead. It is generic: it names no expert.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

GATE_SLOT = "disabled_intent_prefixes"
GATE_ACTION = "action_nrwbot_expert_unavailable"


def is_gated(intent: str | None, disabled_prefixes: list[str] | None) -> bool:
    """True when `intent` belongs to an expert whose prefix is disabled for this tenant."""
    return intent is not None and any(intent.startswith(p) for p in disabled_prefixes or [])


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class ExpertGatePolicy(Policy):
    """Predicts the 'not offered here' action for intents of experts the tenant has disabled."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 6, "slot": GATE_SLOT, "action": GATE_ACTION}

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        action = self.config["action"]
        if action not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        if tracker.latest_action_name == action:
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif tracker.latest_action_name == ACTION_LISTEN_NAME and is_gated(
            tracker.latest_message.intent.get("name") if tracker.latest_message else None,
            tracker.get_slot(self.config["slot"]),
        ):
            probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)
