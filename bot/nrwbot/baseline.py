"""A TF-IDF + logistic-regression intent classifier: the floor that the Rasa model has to beat.

It is trained on exactly the NLU data of the composed project (what `rasa train` reads) and has
no fallback threshold, just like Rasa's predictions in `rasa test nlu` (which undoes the
FallbackClassifier). Its settings were fixed once by 5-fold cross-validation on the training data
(C in 1, 3, 10, 30, 100: accuracy levels off from 30), never by looking at an evaluation set.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

if TYPE_CHECKING:  # Rasa is imported only when examples are read
    from rasa.shared.nlu.training_data.training_data import TrainingData

NAME = "tfidf(word 1-2, char_wb 2-5) + logistic regression"
SEED = 42


def build_baseline() -> Pipeline:
    """An untrained pipeline: word and character n-gram TF-IDF features, one linear classifier."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(C=30.0, max_iter=5000, random_state=SEED)
    return Pipeline([("features", features), ("classifier", classifier)])


def fit_baseline(texts: Sequence[str], intents: Sequence[str]) -> Pipeline:
    """The baseline trained on these examples."""
    return build_baseline().fit(list(texts), list(intents))


def cross_validate_baseline(
    texts: Sequence[str], intents: Sequence[str], folds: int = 5
) -> list[str]:
    """Out-of-fold predictions of stratified `folds`-fold cross-validation, one per example."""
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    predicted = cross_val_predict(build_baseline(), list(texts), list(intents), cv=splitter)
    return [str(label) for label in predicted]


def training_examples(data: Path, domain: Path | None = None) -> tuple[list[str], list[str]]:
    """(texts, intents) of the NLU data under `data`, read with Rasa's own importer.

    Rules and stories in the same folder are skipped; entity markup is removed, as for training.
    """
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_dict(
        training_data_paths=[str(data)], domain_path=str(domain) if domain else None
    )
    return _texts_and_intents(importer.get_nlu_data())


def file_examples(path: Path) -> tuple[list[str], list[str]]:
    """(texts, intents) of one Rasa NLU file, entity markup removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    return _texts_and_intents(load_data(str(path)))


def _texts_and_intents(data: TrainingData) -> tuple[list[str], list[str]]:
    examples = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return [str(text) for text, _ in examples], [str(intent) for _, intent in examples]
