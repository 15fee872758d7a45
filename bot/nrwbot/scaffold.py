"""`nrwbot expert new NAME`: a working expert (intent, response, rule, tests) in domains/NAME."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from nrwbot.errors import ManifestError
from nrwbot.experts import NAME_PATTERN
from nrwbot.settings import Settings

TEMPLATES: dict[str, str] = {
    "__init__.py": '"""The {name} expert."""\n',
    "expert.yml": """\
name: {name}
title: {title}
description: Beantwortet Fragen zum Thema {title}.
intent_prefix: {name}
version: 0.1.0
actions_module: actions
# Settings each municipality configures: a pydantic model in this package, for example
# settings_model: settings:{class_prefix}Settings   (see docs/adding-an-expert.md)
personal_data:
  slots: []
  entities: []
  not_personal_slots: []
""",
    "domain.yml": """\
version: "3.1"
intents:
  - {name}_frage
responses:
  utter_{name}_antwort:
    - text: "Hier antwortet das Modul {title}. Ersetzen Sie diesen Text in domains/{name}/domain.yml."
""",
    "data/nlu.yml": """\
version: "3.1"
nlu:
  - intent: {name}_frage
    examples: |
      - {name}
      - Ich habe eine Frage zu {name}
      - ich hab ne frage zu {name}
      - Was muss ich zu {name} wissen?
      - Infos zu {name} bitte
      - Können Sie mir etwas über {name} sagen?
      - erzähl mir was über {name}
      - wie funktioniert {name}
      - Thema {name}
      - Ich brauche Hilfe bei {name}
""",
    "data/rules.yml": """\
version: "3.1"
rules:
  - rule: {name} question
    steps:
      - intent: {name}_frage
      - action: utter_{name}_antwort
""",
    "actions.py": '''\
"""Custom actions of the {name} expert (none yet).

Add `Action` subclasses named `action_{name}_…` here and list them in domain.yml; the action
server loads this module only when a tenant enables the expert.
"""
''',
    "README.md": """\
# Expert `{name}`

{title}: scaffolded by `nrwbot expert new {name}`. Edit `domain.yml`, `data/` and `actions.py`;
conversation tests live in `tests/test_conversations.yml`.
""",
    "tests/__init__.py": "",
    "tests/test_conversations.yml": """\
version: "3.1"
stories:
  - story: {name} question is answered
    steps:
      - user: |
          Ich habe eine Frage zu {name}
        intent: {name}_frage
      - action: utter_{name}_antwort
""",
    "tests/test_manifest.py": '''\
"""The scaffolded {name} expert loads and declares only prefixed names."""

from pathlib import Path

from nrwbot.compose import check_expert_names, declared_names
from nrwbot.experts import load_expert


def test_manifest_loads_and_names_are_prefixed() -> None:
    expert = load_expert(Path(__file__).resolve().parents[1])
    assert expert.name == "{name}"
    declared = declared_names(expert.domain_files)
    check_expert_names(expert, declared)
    assert declared["intents"] == {{"{name}_frage"}}
''',
}


def enable_for_tenant(tenant_file: Path, expert: str) -> None:
    """Adds `expert` to the tenant's experts, keeping the file's comments and order."""
    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load(tenant_file.read_text(encoding="utf-8"))
    if data.get("experts") is None:
        data["experts"] = {}
    data["experts"].setdefault(expert, {})
    with tenant_file.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def scaffold_expert(settings: Settings, name: str, enable_for: str | None) -> Path:
    """Writes the expert folder and optionally enables it for one tenant."""
    if not NAME_PATTERN.match(name):
        raise ManifestError(f"Expert name '{name}' must be lower case letters, digits and _")
    folder = settings.domains_dir / name
    if folder.exists():
        raise ManifestError(f"{folder} already exists")
    title = name.replace("_", " ").title()
    for relative, template in TEMPLATES.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = template.format(name=name, title=title, class_prefix=title.replace(" ", ""))
        target.write_text(text, encoding="utf-8")
    if enable_for:
        enable_for_tenant(settings.tenants_dir / f"{enable_for}.yml", name)
    return folder
