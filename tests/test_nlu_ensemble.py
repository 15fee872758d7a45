"""The intent ensemble averages DIET's ranking with the linear classifier's probabilities."""

from __future__ import annotations

from pathlib import Path

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nrwbot.nlu_ensemble import LinearIntentEnsemble

EXAMPLES = {
    "fundbuero_verlust": [
        "ich habe meinen schlüssel verloren",
        "portemonnaie verloren",
        "handy weg",
    ],
    "hundesteuer_kosten": ["was kostet die hundesteuer", "wie teuer ist ein hund", "steuer hund"],
}


def _trained(tmp_path: Path, diet_weight: float = 0.5) -> LinearIntentEnsemble:
    storage, resource = LocalModelStorage(tmp_path), Resource("ensemble")
    config = {**LinearIntentEnsemble.get_default_config(), "diet_weight": diet_weight}
    component = LinearIntentEnsemble(config, storage, resource)
    data = TrainingData(
        [
            Message.build(text=text, intent=intent)
            for intent, texts in EXAMPLES.items()
            for text in texts
        ]
    )
    component.train(data)
    return LinearIntentEnsemble.load(config, storage, resource, execution_context=None)


def _diet_says(text: str, intent: str, confidence: float) -> Message:
    message = Message.build(text=text)
    other = next(name for name in EXAMPLES if name != intent)
    ranking = [
        {"name": intent, "confidence": confidence},
        {"name": other, "confidence": 1 - confidence},
    ]
    message.set("intent", ranking[0])
    message.set("intent_ranking", ranking)
    return message


def test_a_stored_ensemble_overrules_a_narrow_diet_mistake(tmp_path: Path) -> None:
    ensemble = _trained(tmp_path)
    [message] = ensemble.process([_diet_says("schlüssel verloren", "hundesteuer_kosten", 0.55)])
    assert message.get("intent")["name"] == "fundbuero_verlust"
    ranking = message.get("intent_ranking")
    assert [entry["name"] for entry in ranking] == ["fundbuero_verlust", "hundesteuer_kosten"]
    assert abs(sum(entry["confidence"] for entry in ranking) - 1.0) < 1e-6


def test_diet_alone_decides_with_full_weight(tmp_path: Path) -> None:
    ensemble = _trained(tmp_path, diet_weight=1.0)
    [message] = ensemble.process([_diet_says("schlüssel verloren", "hundesteuer_kosten", 0.55)])
    assert message.get("intent") == {"name": "hundesteuer_kosten", "confidence": 0.55}
