"""The conversations simulated citizens hold: loaded from `bench.yml` files, drawn by weight.

Core's small talk lives in `bot/tests/bench.yml`, each expert's conversations in
`domains/<expert>/tests/bench.yml` (found, not registered, like the rest of an expert). A
conversation may draw one record of a JSON file per play (the reference backend's demo data) and
put its fields into the messages with `str.format` placeholders.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from nrwbot.errors import NRWbotError
from nrwbot.yamlio import read_yaml

BENCH_FILE = "bench.yml"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Turn:
    """One citizen message and, optionally, a regular expression the bot's answer must match."""

    text: str
    expect: str | None = None

    def answered_as_expected(self, answer: str) -> bool:
        return self.expect is None or re.search(self.expect, answer, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Conversation:
    """A conversation a simulated citizen holds from its first message to its last."""

    name: str
    weight: float
    turns: tuple[Turn, ...]
    tenant: str | None = None
    records: tuple[Mapping[str, Any], ...] = ()

    def play(self, rng: random.Random) -> tuple[Turn, ...]:
        """The turns of one play, with the placeholders filled from a record drawn at random."""
        if not self.records:
            return self.turns
        record = rng.choice(self.records)
        return tuple(Turn(t.text.format_map(record), t.expect) for t in self.turns)

    @property
    def metadata(self) -> dict[str, str] | None:
        return {"tenant": self.tenant} if self.tenant else None


@dataclass(frozen=True)
class Mix:
    """Conversations drawn in proportion to their weights."""

    conversations: tuple[Conversation, ...]
    _weights: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.conversations:
            raise NRWbotError("The bench needs at least one conversation")
        object.__setattr__(self, "_weights", tuple(c.weight for c in self.conversations))

    def choose(self, rng: random.Random) -> Conversation:
        return rng.choices(self.conversations, weights=self._weights)[0]

    def shares(self) -> dict[str, float]:
        """Each conversation's share of the plays, for the report."""
        total = sum(self._weights)
        return {c.name: round(c.weight / total, 4) for c in self.conversations}

    def messages_per_play(self) -> float:
        """Mean messages of one drawn conversation."""
        total = sum(self._weights)
        return sum(c.weight * len(c.turns) for c in self.conversations) / total


def _parse_turn(raw: Any, where: str) -> Turn:
    if isinstance(raw, str):
        return Turn(raw)
    if isinstance(raw, dict) and isinstance(raw.get("say"), str):
        expect = raw.get("expect")
        if expect is not None:
            try:
                re.compile(str(expect))
            except re.error as exc:
                raise NRWbotError(f"{where}: 'expect' is not a regular expression: {exc}") from exc
        return Turn(raw["say"], None if expect is None else str(expect))
    raise NRWbotError(f"{where}: a turn is a message or {{say: …, expect: …}}, got {raw!r}")


def _as_value(value: Any) -> Any:
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value)  # so that "{geburtsdatum:%d.%m.%Y}" formats it
    return value


def _load_records(spec: Any, root: Path, where: str) -> tuple[dict[str, Any], ...]:
    if not (isinstance(spec, dict) and isinstance(spec.get("file"), str)):
        raise NRWbotError(f"{where}: 'records' needs {{file: path/from/the/root.json, key: …}}")
    path = root / spec["file"]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NRWbotError(f"{where}: records file {spec['file']} cannot be read: {exc}") from exc
    rows = data.get(spec["key"]) if spec.get("key") else data
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise NRWbotError(
            f"{where}: {spec['file']} holds no list of records under {spec.get('key')!r}"
        )
    return tuple({k: _as_value(v) for k, v in row.items()} for row in rows)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _parse_conversation(raw: Any, root: Path, where: str) -> Conversation:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise NRWbotError(f"{where}: each conversation needs a name")
    where = f"{where}: conversation {raw['name']!r}"
    weight = raw.get("weight", 1)
    if not isinstance(weight, (int, float)) or weight <= 0:
        raise NRWbotError(f"{where}: weight must be a positive number, got {weight!r}")
    turns = raw.get("turns")
    if not isinstance(turns, list) or not turns:
        raise NRWbotError(f"{where}: needs at least one turn")
    parsed = tuple(_parse_turn(turn, where) for turn in turns)
    records = _load_records(raw["records"], root, where) if "records" in raw else ()
    for name in set().union(*(_placeholders(t.text) for t in parsed)) if records else ():
        if any(name not in record for record in records):
            raise NRWbotError(f"{where}: placeholder {{{name}}} is not a field of every record")
    return Conversation(raw["name"], float(weight), parsed, raw.get("tenant"), records)


def load_conversations(path: Path, root: Path) -> list[Conversation]:
    """The conversations of one `bench.yml`; an invalid one fails naming the file."""
    content = read_yaml(path) or {}
    where = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    entries = content.get("conversations") if isinstance(content, dict) else None
    if not isinstance(entries, list):
        raise NRWbotError(f"{where}: needs a list 'conversations'")
    return [_parse_conversation(entry, root, where) for entry in entries]


def bench_files(root: Path, expert_folders: Iterable[Path]) -> list[Path]:
    """Core's bench file, then each given expert's, where one exists."""
    candidates = [root / "bot" / "tests" / BENCH_FILE]
    candidates += [folder / "tests" / BENCH_FILE for folder in expert_folders]
    return [path for path in candidates if path.is_file()]


def build_mix(
    files: Sequence[Path],
    root: Path,
    tenants: Mapping[str, Iterable[str]] | None = None,
    default_tenant: str | None = None,
) -> Mix:
    """One mix of every conversation in `files`.

    Args:
        tenants: tenant id → the experts it enables; when given, the tenant that answers a
            conversation (its own or `default_tenant`) must enable the expert whose folder holds
            the file, or the citizen would only hear that the service is not offered.
    """
    conversations: list[Conversation] = []
    for path in files:
        loaded = load_conversations(path, root)
        if tenants is not None:
            expert = (
                path.parent.parent.name if path.parent.parent.parent.name == "domains" else None
            )
            for conversation in loaded:
                _check_tenant(conversation, expert, tenants, default_tenant, path)
        conversations += loaded
    names = [c.name for c in conversations]
    doubled = sorted({n for n in names if names.count(n) > 1})
    if doubled:
        raise NRWbotError(f"Bench conversations named twice: {', '.join(doubled)}")
    return Mix(tuple(conversations))


def _check_tenant(
    conversation: Conversation,
    expert: str | None,
    tenants: Mapping[str, Iterable[str]],
    default_tenant: str | None,
    path: Path,
) -> None:
    tenant = conversation.tenant or default_tenant
    where = f"{path}: conversation {conversation.name!r}"
    if tenant is None:
        return
    if tenant not in tenants:
        raise NRWbotError(f"{where}: unknown tenant {tenant!r}")
    if expert is not None and expert not in set(tenants[tenant]):
        raise NRWbotError(f"{where}: tenant {tenant!r} does not enable expert {expert!r}")


def nrwbot_mix() -> Mix:
    """Core's and every enabled expert's conversations, checked against the tenant files."""
    from nrwbot.project import load_project

    project = load_project()
    tenants = {tenant.id: list(tenant.experts) for tenant in project.tenants}
    files = bench_files(project.settings.root, [e.path for e in project.enabled_experts])
    return build_mix(files, project.settings.root, tenants, project.tenants.default)
