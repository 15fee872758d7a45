"""The conformance suite every expert runs: what core relies on, checked once for all experts.

Each expert's `tests/test_conformance.py` subclasses `ExpertConformance` and names its folder;
`nrwbot expert new` writes that file, and a core layout test refuses an expert without one:

    from pathlib import Path

    from nrwbot.testing.conformance import ExpertConformance


    class TestConformance(ExpertConformance):
        expert_dir = Path(__file__).resolve().parents[1]

The checks need no trained model and no running server. What is special to one expert (its
contract intents, its deny mappings, its fee table) stays in that expert's own tests.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import ClassVar

import pytest
from rasa.shared.core.constants import DEFAULT_ACTION_NAMES

from actions.expert_loader import action_classes, import_expert_actions
from nrwbot.compose import (
    check_expert_data,
    check_expert_names,
    check_form_slots_classified,
    declared_names,
)
from nrwbot.expert_settings import ExpertSettings
from nrwbot.experts import Expert, discover_experts, load_expert
from nrwbot.forms import ExpertFormValidation
from nrwbot.sdk import ExpertAction
from nrwbot.tenants import load_tenant
from nrwbot.testing.nlu_data import nlu_examples, normalise
from nrwbot.yamlio import read_yaml

RESPONSE_LITERAL = r'"(utter_{prefix}_\w+)"'


class ExpertConformance:
    """Checks every expert passes. Subclasses set `expert_dir`; limits may be raised, not lowered.

    Attributes:
        expert_dir: the expert's folder (domains/<name>).
        min_examples_per_intent: distinct NLU examples each of the expert's intents needs.
        max_module_lines: longest module outside tests/ (keep modules small and named).
    """

    expert_dir: ClassVar[Path]
    min_examples_per_intent: ClassVar[int] = 20
    max_module_lines: ClassVar[int] = 250

    @pytest.fixture(scope="class")
    def expert(self) -> Expert:
        return load_expert(self.expert_dir)

    @pytest.fixture(scope="class")
    def declared(self, expert: Expert) -> dict[str, set[str]]:
        return declared_names(expert.domain_files)

    @pytest.fixture(scope="class")
    def actions_module(self, expert: Expert) -> ModuleType:
        return import_expert_actions(expert, seen={})

    @pytest.fixture(scope="class")
    def core(self) -> dict[str, set[str]]:
        """The names core declares, read as `nrwbot train` reads them."""
        return declared_names([self.expert_dir.parents[1] / "bot" / "domain.yml"])

    def test_every_name_carries_the_prefix(
        self, expert: Expert, declared: dict[str, set[str]]
    ) -> None:
        check_expert_names(expert, declared)
        assert declared["intents"], f"{expert.name} declares no intent"
        assert (expert.path / "README.md").is_file(), f"{expert.name} has no README.md"

    def test_nlu_data_defines_only_own_and_core_intents(
        self, expert: Expert, core: dict[str, set[str]]
    ) -> None:
        check_expert_data(expert, core["intents"])

    def test_every_intent_has_enough_distinct_examples(
        self, expert: Expert, declared: dict[str, set[str]]
    ) -> None:
        examples = nlu_examples(expert.data_files)
        counts = {
            intent: len({normalise(e) for e in examples.get(intent, [])})
            for intent in declared["intents"]
        }
        thin = {i: n for i, n in counts.items() if n < self.min_examples_per_intent}
        assert not thin, f"fewer than {self.min_examples_per_intent} distinct examples: {thin}"

    def test_no_example_is_used_for_two_intents(self, expert: Expert) -> None:
        owners = Counter(
            text
            for lines in nlu_examples(expert.data_files).values()
            for text in {normalise(line) for line in lines}
        )
        assert [text for text, count in owners.items() if count > 1] == []

    def test_settings_are_one_typed_model_documented_in_the_readme(self, expert: Expert) -> None:
        model = expert.settings_class()
        assert model is not None and issubclass(model, ExpertSettings), (
            f"{expert.name}: expert.yml names no settings_model"
        )
        readme = (expert.path / "README.md").read_text(encoding="utf-8")
        undocumented = [name for name in model.__fields__ if f"`{name}`" not in readme]
        assert not undocumented, f"README.md does not name the settings {undocumented}"

    def test_every_tenant_that_enables_the_expert_validates(self, expert: Expert) -> None:
        tenants_dir = self.expert_dir.parents[1] / "tenants"
        experts = discover_experts(self.expert_dir.parent)
        for path in sorted(tenants_dir.glob("*.yml")):
            tenant = load_tenant(path, experts)  # raises naming the file and the key
            if tenant.enables(expert.name):
                assert isinstance(tenant.settings_for(expert.name), expert.settings_class())

    def test_every_form_slot_says_whether_it_is_personal(self, expert: Expert) -> None:
        check_form_slots_classified(expert)
        slots = set(expert.personal_slots) | set(expert.not_personal_slots)
        declared = declared_names(expert.domain_files)["slots"]
        assert slots <= declared, f"personal_data names unknown slots {slots - declared}"

    def test_every_declared_action_has_exactly_one_class(
        self, actions_module: ModuleType, declared: dict[str, set[str]]
    ) -> None:
        names = [cls().name() for cls in action_classes(actions_module)]
        assert sorted(names) == sorted(declared["actions"])

    def test_actions_are_written_on_the_sdk(self, actions_module: ModuleType) -> None:
        foreign = [
            cls.__name__
            for cls in action_classes(actions_module)
            if not issubclass(cls, (ExpertAction, ExpertFormValidation))
        ]
        assert not foreign, (
            f"not nrwbot.sdk.ExpertAction or nrwbot.forms.ExpertFormValidation: {foreign}"
        )

    def test_actions_with_a_backend_answer_its_failure(
        self, actions_module: ModuleType, declared: dict[str, set[str]]
    ) -> None:
        for cls in action_classes(actions_module):
            if not issubclass(cls, ExpertAction) or cls.client_class is None:
                continue
            if cls.unavailable_response is not None:
                assert cls.unavailable_response in declared["responses"], (
                    f"{cls.__name__}: unavailable_response {cls.unavailable_response} is not declared"
                )
            else:
                overridden = cls.answer_backend_failure is not ExpertAction.answer_backend_failure
                assert overridden, f"{cls.__name__} has a backend but no unavailable_response"

    def test_every_response_the_code_sends_is_declared(
        self, expert: Expert, declared: dict[str, set[str]]
    ) -> None:
        pattern = re.compile(RESPONSE_LITERAL.format(prefix=re.escape(expert.intent_prefix)))
        code = "\n".join(
            p.read_text(encoding="utf-8") for p in self._modules(expert) if "tests" not in p.parts
        )
        missing = set(pattern.findall(code)) - declared["responses"]
        assert not missing, f"the code sends undeclared responses {sorted(missing)}"

    def test_conversation_tests_use_declared_names(
        self, expert: Expert, declared: dict[str, set[str]], core: dict[str, set[str]]
    ) -> None:
        stories = (read_yaml(expert.path / "tests" / "test_conversations.yml") or {}).get("stories")
        assert stories, f"{expert.name} has no tests/test_conversations.yml stories"
        names = {kind: declared[kind] | core[kind] for kind in declared}
        known = names["actions"] | names["responses"] | names["forms"] | set(DEFAULT_ACTION_NAMES)
        for story in stories:
            for step in story.get("steps") or []:
                name = story.get("story")
                if "intent" in step:
                    assert step["intent"] in names["intents"], (name, step)
                if "action" in step:
                    assert step["action"] in known, (name, step)

    def test_no_module_is_too_long(self, expert: Expert) -> None:
        for path in self._modules(expert):
            if "tests" not in path.relative_to(expert.path).parts:
                lines = len(path.read_text(encoding="utf-8").splitlines())
                assert lines <= self.max_module_lines, f"{path.name}: {lines} lines"

    @staticmethod
    def _modules(expert: Expert) -> list[Path]:
        return sorted(expert.path.rglob("*.py"))
