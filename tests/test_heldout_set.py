"""The held-out NLU set covers every intent, parses with Rasa and shares nothing with training."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from nrwbot.compose import declared_names
from nrwbot.project import load_project
from nrwbot.testing.nlu_data import nlu_pairs, normalise
from tests.factories import ROOT

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
CONTRACT = ROOT / "docs" / "nlu-contract.md"
MIN_EXAMPLES = 25


def training_files(root: Path = ROOT) -> list[Path]:
    """Every NLU file training reads; the admin export's `data/nlu_reviewed.yml` files are in
    `bot/data` and `domains/*/data` (tests/admin/test_admin_export.py checks that)."""
    files = sorted((root / "bot" / "data").rglob("*.yml"))
    files += sorted((root / "domains").glob("*/data/**/*.yml"))
    return sorted(set(files))


def _composed_intents() -> set[str]:
    project = load_project()
    domain_files = [ROOT / "bot" / "domain.yml"]
    for expert in project.enabled_experts:
        domain_files += list(expert.domain_files)
    return declared_names(domain_files)["intents"]


def _contract_entities() -> set[str]:
    section = CONTRACT.read_text(encoding="utf-8").split("## Entities")[1]
    return set(re.findall(r"^\| (\w+) \|", section, re.MULTILINE)) - {"entity"}


@pytest.fixture(scope="module")
def heldout():  # type: ignore[no-untyped-def]
    from rasa.shared.nlu.training_data.loading import load_data

    return load_data(str(HELDOUT))


def test_normalise_ignores_markup_case_punctuation_and_spaces() -> None:
    assert normalise("Ist mein [Perso](document_type) fertig?") == normalise(
        "ist mein perso  fertig"
    )
    assert normalise('[Rad]{"entity": "item", "value": "Fahrrad"} weg!') == "radweg"


def test_every_intent_of_the_composed_project_has_enough_heldoutnlu_pairs(heldout) -> None:  # type: ignore[no-untyped-def]
    counts = Counter(message.get("intent") for message in heldout.intent_examples)
    missing = {
        intent: counts.get(intent, 0)
        for intent in sorted(_composed_intents())
        if counts.get(intent, 0) < MIN_EXAMPLES
    }
    assert not missing, f"intents with fewer than {MIN_EXAMPLES} held-out examples: {missing}"


def test_heldout_intents_are_known(heldout) -> None:  # type: ignore[no-untyped-def]
    unknown = {message.get("intent") for message in heldout.intent_examples} - _composed_intents()
    assert not unknown, f"held-out intents the project does not declare: {sorted(unknown)}"


def test_heldout_shares_no_utterance_with_training_data() -> None:
    training = {normalise(text): path for path in training_files() for _, text in nlu_pairs(path)}
    assert len(training) > 1000, "training data not found"
    overlap = {
        text: training[normalise(text)].relative_to(ROOT)
        for _, text in nlu_pairs(HELDOUT)
        if normalise(text) in training
    }
    assert not overlap, f"held-out utterances that are also training data: {overlap}"


def test_heldout_has_no_duplicates() -> None:
    counts = Counter(normalise(text) for _, text in nlu_pairs(HELDOUT))
    assert not [text for text, n in counts.items() if n > 1]


def test_heldout_entities_are_contract_entities(heldout) -> None:  # type: ignore[no-untyped-def]
    contract = _contract_entities()
    assert "location" in contract, "no entities parsed from the NLU contract"
    used = {
        entity["entity"]
        for message in heldout.nlu_examples
        for entity in message.get("entities") or []
    }
    assert used, "the held-out set annotates no entity"
    assert used <= contract, f"entity labels outside the contract: {sorted(used - contract)}"
