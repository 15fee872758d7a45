"""Keeps personal data out of the tracker store in clear text.

Experts declare in their manifest which slots and entities carry personal data. Before a tracker is
stored, `mask_events` rewrites its events:

* a personal slot's value is encrypted (Fernet) — the form still needs it on the next turn, so it
  is decrypted on retrieval; once the expert resets the slot, only the ciphertext remains;
* a user message that answers a personal slot the bot asked for is replaced by `[entfernt]`;
* personal entities of any expert are replaced by `[entfernt]` in every user message, whatever its
  intent (a document number typed in a dog-tax conversation is as personal as in a status check);
* every value the conversation holds in a personal slot, and every answer to a personal question,
  is scrubbed from all texts: the bot's messages (a summary such as "Halter: Erika Mustermann")
  and other user messages;
* bot messages keep no template variables (their `metadata` holds the values a response was
  filled with), and user messages keep no client address from the channel.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from nrwbot.experts import Expert

REDACTED = "[entfernt]"
CIPHER_PREFIX = "enc:v1:"
# Bot event metadata Rasa needs later (which response was sent); everything else is template data.
KEPT_BOT_METADATA = frozenset({"utter_action"})
CITIZEN_METADATA = "nrwbot_citizen"
# Shorter slot values are not scrubbed from other texts: replacing "ja" everywhere would garble them.
MIN_SCRUBBED_VALUE = 3


@dataclass(frozen=True)
class PersonalDataRules:
    """Which slots and entities are personal, over all experts."""

    slots: frozenset[str]
    entities: frozenset[str]

    @classmethod
    def from_experts(cls, experts: Iterable[Expert]) -> PersonalDataRules:
        experts = list(experts)
        return cls(
            slots=frozenset(s for e in experts for s in e.personal_slots),
            entities=frozenset(n for e in experts for n in e.personal_entities),
        )


def _leaves(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _leaves(item)


def _is_identifying_part(text: str) -> bool:
    """Text that identifies on its own ("Musterweg 1", "Erika Mustermann"), unlike "Soest"."""
    return any(ch.isdigit() for ch in text) or " " in text.strip() or "@" in text


class Scrubber:
    """Replaces known personal values in free text, ignoring case and spacing."""

    def __init__(self, values: Iterable[str]) -> None:
        patterns = []
        for value in sorted({v.strip() for v in values if v and v.strip()}, key=len, reverse=True):
            words = [re.escape(word) for word in value.split()]
            pattern = r"\s*".join(words) if len(words) == 1 else r"[\s,]+".join(words)
            start = r"(?<!\w)" if value[0].isalnum() else ""
            end = r"(?!\w)" if value[-1].isalnum() else ""
            patterns.append(f"{start}{pattern}{end}")
        self._regex = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    def __call__(self, text: str) -> str:
        return self._regex.sub(REDACTED, text) if self._regex else text

    def deep(self, value: Any) -> Any:
        """The same value with every string inside it scrubbed."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {key: self.deep(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.deep(item) for item in value]
        return value


def _personal_values(events: list[dict[str, Any]], rules: PersonalDataRules) -> list[str]:
    """Clear-text personal values the conversation holds: slot values and typed answers."""
    values: list[str] = []
    requested: str | None = None
    for event in events:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind == "slot" and event.get("name") in rules.slots:
            value = event.get("value")
            if isinstance(value, str) and not value.startswith(CIPHER_PREFIX):
                if len(value.strip()) >= MIN_SCRUBBED_VALUE:
                    values.append(value)
            elif isinstance(value, (dict, list, tuple)):
                values += [leaf for leaf in _leaves(value) if _is_identifying_part(leaf)]
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                values.append(str(value))
        elif kind == "user" and requested in rules.slots:
            # The typed answer may differ from the stored value ("erika mustermann"); where it
            # has the shape of an identifier, it is scrubbed from other texts as well.
            text = (event.get("text") or "").strip()
            if text != REDACTED and _is_identifying_part(text):
                values.append(text)
    return values


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


def _encrypt_slot(event: dict[str, Any], cipher: Fernet | MultiFernet) -> None:
    value = event["value"]
    if not (isinstance(value, str) and value.startswith(CIPHER_PREFIX)):
        event["value"] = CIPHER_PREFIX + cipher.encrypt(repr(value).encode()).decode()


def _mask_user(
    event: dict[str, Any], rules: PersonalDataRules, answers_personal_slot: bool, scrub: Scrubber
) -> None:
    parse_data = event.get("parse_data") or {}
    if answers_personal_slot:
        _redact_entities(
            event, frozenset(e.get("entity") for e in parse_data.get("entities") or [])
        )
        event["text"] = REDACTED
        if parse_data:
            parse_data["text"] = REDACTED
    else:
        _redact_entities(event, rules.entities)
        event["text"] = scrub(event.get("text") or "")
        if parse_data:
            parse_data["text"] = event["text"]
            for entity in parse_data.get("entities") or []:
                entity["value"] = scrub.deep(entity.get("value"))
    # The pseudonymous key may stay (it is what limits are counted by); the address may not.
    # Rasa keeps a second copy of the channel metadata in parse_data.
    for metadata in (event.get("metadata"), parse_data.get("metadata")):
        if isinstance(metadata, dict) and isinstance(metadata.get(CITIZEN_METADATA), dict):
            metadata[CITIZEN_METADATA] = {
                k: v for k, v in metadata[CITIZEN_METADATA].items() if k != "address"
            }


def _mask_bot(event: dict[str, Any], scrub: Scrubber) -> None:
    if isinstance(event.get("text"), str):
        event["text"] = scrub(event["text"])
    if event.get("data"):
        event["data"] = scrub.deep(event["data"])
    metadata = event.get("metadata")
    if isinstance(metadata, dict):
        event["metadata"] = {k: v for k, v in metadata.items() if k in KEPT_BOT_METADATA}


def _taken_from(value: Any, answer: str) -> bool:
    return isinstance(value, str) and len(value.strip()) >= 3 and value.strip().lower() in answer


def mask_events(
    events: list[dict[str, Any]], rules: PersonalDataRules, cipher: Fernet | MultiFernet
) -> list[dict[str, Any]]:
    """A copy of `events` (as dicts) without personal data in clear text."""
    masked = copy.deepcopy(events)
    scrub = Scrubber(_personal_values(masked, rules))
    requested_slot: str | None = None
    personal_answer = ""  # the clear text of this turn's answer to a personal question
    for event in masked:
        kind = event.get("event")
        if kind == "slot" and event.get("name") == "requested_slot":
            requested_slot = event.get("value")
        elif kind == "slot" and event.get("name") in rules.slots and event.get("value") is not None:
            _encrypt_slot(event, cipher)
        elif kind == "slot" and _taken_from(event.get("value"), personal_answer):
            # Another slot filled from that answer (an e-mail address read as a date by the
            # NLU) holds the same personal data.
            _encrypt_slot(event, cipher)
        elif kind == "user":
            answers_personal = requested_slot in rules.slots
            personal_answer = (event.get("text") or "").lower() if answers_personal else ""
            _mask_user(event, rules, answers_personal, scrub)
        elif kind == "bot":
            _mask_bot(event, scrub)
    return masked


def unmask_events(
    events: list[dict[str, Any]], cipher: Fernet | MultiFernet
) -> list[dict[str, Any]]:
    """Decrypts personal slot values so an active form can go on; redactions stay."""
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
