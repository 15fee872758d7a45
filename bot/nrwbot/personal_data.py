"""Keeps personal data out of the tracker store in clear text.

Experts declare in their manifest which slots and entities carry personal data. Before a tracker is
stored, `mask_events` rewrites its events:

* a personal slot's value is encrypted (Fernet) — the form still needs it on the next turn, so it
  is decrypted on retrieval; once the expert resets the slot, only the ciphertext remains;
* a user message that answers a personal slot the bot asked for is replaced by `[entfernt]`;
* personal entity spans in other user messages of the expert (or of core intents such as
  `inform`) are replaced by `[entfernt]`, in the text and in the parse data.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from nrwbot.experts import Expert

REDACTED = "[entfernt]"
CIPHER_PREFIX = "enc:v1:"


@dataclass(frozen=True)
class PersonalDataRules:
    """Which slots and entities are personal, per expert intent prefix."""

    slots: frozenset[str]
    entities_by_prefix: dict[str, frozenset[str]]

    @classmethod
    def from_experts(cls, experts: Iterable[Expert]) -> PersonalDataRules:
        experts = list(experts)
        return cls(
            slots=frozenset(s for e in experts for s in e.personal_slots),
            entities_by_prefix={
                f"{e.intent_prefix}_": frozenset(e.personal_entities) for e in experts
            },
        )

    def entities_for(self, intent: str | None, requested_slot: str | None) -> frozenset[str]:
        """Personal entities of the expert that owns this turn; every expert's for core turns."""
        for owner_hint in (intent or "", requested_slot or ""):
            for prefix, entities in self.entities_by_prefix.items():
                if owner_hint.startswith(prefix):
                    return entities
        return frozenset().union(*self.entities_by_prefix.values())


def load_cipher(var_dir: Path) -> Fernet:
    """The data key from NRWBOT_DATA_KEY, else a generated local key file (never committed)."""
    key = os.environ.get("NRWBOT_DATA_KEY")
    if not key:
        key_file = var_dir / "data-key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_bytes(Fernet.generate_key())
            key_file.chmod(0o600)
        key = key_file.read_text().strip()
    return Fernet(key.encode() if isinstance(key, str) else key)


def _redact_entities(event: dict[str, Any], entities: frozenset[str]) -> None:
    parse_data = event.get("parse_data") or {}
    found = [e for e in parse_data.get("entities") or [] if e.get("entity") in entities]
    text = event.get("text") or ""
    spans = sorted(
        {(e["start"], e["end"]) for e in found if "start" in e and "end" in e}, reverse=True
    )
    for start, end in spans:
        text = text[:start] + REDACTED + text[end:]
    for entity in found:
        entity["value"] = REDACTED
        entity.pop("start", None), entity.pop("end", None)
    event["text"] = text
    if parse_data:
        parse_data["text"] = text


def mask_events(
    events: list[dict[str, Any]], rules: PersonalDataRules, cipher: Fernet
) -> list[dict[str, Any]]:
    """A copy of `events` (as dicts) without personal data in clear text."""
    masked = copy.deepcopy(events)
    requested_slot: str | None = None
    for event in masked:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            requested_slot = event.get("value")
        elif kind == "slot" and event.get("name") in rules.slots and event.get("value") is not None:
            value = event["value"]
            if not (isinstance(value, str) and value.startswith(CIPHER_PREFIX)):
                token = cipher.encrypt(repr(value).encode()).decode()
                event["value"] = CIPHER_PREFIX + token
        elif kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if requested_slot in rules.slots:
                event["text"] = REDACTED
                _redact_entities(
                    event,
                    frozenset(
                        e.get("entity")
                        for e in (event.get("parse_data") or {}).get("entities") or []
                    ),
                )
                if event.get("parse_data"):
                    event["parse_data"]["text"] = REDACTED
            else:
                _redact_entities(event, rules.entities_for(intent, requested_slot))
    return masked


def unmask_events(events: list[dict[str, Any]], cipher: Fernet) -> list[dict[str, Any]]:
    """Decrypts personal slot values so an active form can go on; redactions stay."""
    import ast

    restored = []
    for event in events:
        value = event.get("value")
        if (
            event.get("event") == "slot"
            and isinstance(value, str)
            and value.startswith(CIPHER_PREFIX)
        ):
            event = dict(event)
            try:
                plain = cipher.decrypt(value[len(CIPHER_PREFIX) :].encode()).decode()
                event["value"] = ast.literal_eval(plain)
            except (InvalidToken, ValueError, SyntaxError):
                event["value"] = None  # a rotated key makes old values unreadable, by design
        restored.append(event)
    return restored
