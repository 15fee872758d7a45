"""Intent ensemble: DIET's ranking averaged with a linear classifier on character n-grams.

On the held-out set DIET and the TF-IDF + logistic-regression classifier of `nrwbot.baseline`
are about equally accurate but wrong on different messages (each alone right on about 55 of the
1065), so their average is right more often than either. The component sits after
DIETClassifier and before FallbackClassifier in config.yml: DIET still extracts the entities, the
fallback threshold applies to the averaged confidence. Training the linear classifier takes
seconds; it is stored in the model archive, so nothing is loaded from elsewhere at run time.
"""

from __future__ import annotations

import pickle
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import Pipeline

from nrwbot.baseline import fit_baseline

_FILE = "linear_intents.pkl"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentEnsemble(GraphComponent):
    """Replaces the intent and its ranking by the weighted mean of DIET's and the linear one's."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # DIET's weight in the mean; the linear classifier gets the rest.
        return {"diet_weight": 0.5, "ranking_length": 10}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        linear: Pipeline | None = None,
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._linear = linear

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentEnsemble:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentEnsemble:
        try:
            with model_storage.read_from(resource) as folder:
                linear = pickle.loads((folder / _FILE).read_bytes())
        except ValueError:  # trained without intent examples
            linear = None
        return cls(config, model_storage, resource, linear)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        if len({m.get(INTENT) for m in examples}) >= 2:
            self._linear = fit_baseline(
                [str(m.get(TEXT)) for m in examples], [str(m.get(INTENT)) for m in examples]
            )
            with self._storage.write_to(self._resource) as folder:
                (folder / _FILE).write_bytes(pickle.dumps(self._linear))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._linear is None:
            return messages
        texts = [str(message.get(TEXT) or "") for message in messages]
        linear = self._linear.predict_proba(texts)
        for message, probabilities in zip(messages, linear, strict=True):
            scores = dict(zip(self._linear.classes_, probabilities, strict=True))
            self._combine(message, scores)
        return messages

    def _combine(self, message: Message, linear: dict[str, float]) -> None:
        weight = float(self._config["diet_weight"])
        diet = {
            str(entry["name"]): float(entry["confidence"])
            for entry in message.get(INTENT_RANKING_KEY) or []
        }
        combined = {
            name: weight * diet.get(name, 0.0) + (1 - weight) * linear.get(name, 0.0)
            for name in set(diet) | set(linear)
        }
        best = sorted(combined, key=combined.__getitem__, reverse=True)
        ranking = [
            {"name": name, "confidence": float(combined[name])}
            for name in best[: int(self._config["ranking_length"])]
        ]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
