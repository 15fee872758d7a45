"""The fundbuero expert passes the conformance suite every expert runs (nrwbot.testing.conformance)."""

from pathlib import Path

from nrwbot.testing.conformance import ExpertConformance


class TestConformance(ExpertConformance):
    expert_dir = Path(__file__).resolve().parents[1]
    min_examples_per_intent = 60
