"""Turns a redacted text into a training text: placeholders such as `[NAME]` become made-up values.

A placeholder must not reach the training data as it is. Rasa's tokenizer would learn `NAME` as a
word that only reviewed examples contain, so the model would tie it to whatever intent those
examples have, although the running bot never sees it (citizens type names, not placeholders);
and square brackets are Rasa's entity markup. Skipping every example with a placeholder would
instead drop just the messages in which citizens give their data, which the experts' forms most
need to understand. So each placeholder is replaced by a value of the same kind: inside an
entity span by a value the training data already annotates with that entity (if the redactor
takes it for the same kind in that sentence), otherwise by one of a small fixed list of
fictitious values below. The choice rotates with the annotation id, so an export is
reproducible and its diff stable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from admin.annotations import EntitySpan
from admin.redaction import redact, redact_with_spans
from admin.redaction_patterns import Kind

# Fictitious values: sample names, example.org addresses, the example IBANs of banking
# documentation, process and document numbers in the shape the redactor knows, made-up file
# numbers.
FAKE_VALUES: dict[Kind, tuple[str, ...]] = {
    Kind.NAME: ("Erika Mustermann", "Max Mustermann", "Anna Schmidt", "Jonas Becker"),
    Kind.EMAIL: ("erika.mustermann@example.org", "max.muster@example.com"),
    Kind.TELEFON: ("0221 4710123", "030 23125456", "0171 2345678"),
    Kind.IBAN: ("DE89 3704 0044 0532 0130 00", "DE02 1203 0000 0000 2020 51"),
    Kind.ADRESSE: ("Musterstraße 12", "Hauptstraße 5", "Am Markt 3"),
    Kind.PLZ_ORT: ("59494 Soest", "59555 Lippstadt", "44135 Dortmund"),
    Kind.GEBURTSDATUM: ("12.03.1985", "1. Mai 1990", "24.12.1978"),
    Kind.DOKUMENTNUMMER: ("PA-2026-004711", "T22000129", "PA-2025-000815", "C01X00T47"),
    Kind.CHIPNUMMER: ("276098106543210", "276094500123456"),
    Kind.AKTENZEICHEN: ("HSA-2026-00815", "F-2025-04711"),
}
MAX_TRIES = 20
PLACEHOLDER = re.compile(r"\[(" + "|".join(kind.value for kind in Kind) + r")\]")

Replacement = tuple[int, int, str]  # start and end in the text, what replaces the stretch


def replace_stretches(
    text: str, replacements: Sequence[Replacement], spans: Sequence[EntitySpan]
) -> tuple[str, tuple[EntitySpan, ...]]:
    """`text` with the (sorted, non-overlapping) stretches replaced, and the spans moved along.

    A span boundary inside a replaced stretch moves to the stretch's edge, so a span that
    covered a placeholder covers its replacement.
    """
    parts: list[str] = []
    starts: list[tuple[int, int, int, int]] = []  # old start, old end, new start, new end
    position = shift = 0
    for start, end, value in replacements:
        parts += [text[position:start], value]
        starts.append((start, end, start + shift, start + shift + len(value)))
        shift += len(value) - (end - start)
        position = end
    parts.append(text[position:])
    new_text = "".join(parts)

    def moved(offset: int, is_end: bool) -> int:
        delta = 0
        for old_start, old_end, new_start, new_end in starts:
            before = offset <= old_start if is_end else offset < old_start
            if before:
                break
            inside = offset <= old_end if is_end else offset < old_end
            if inside:
                return new_end if is_end else new_start
            delta = new_end - old_end
        return offset + delta

    moved_spans = []
    for span in spans:
        start, end = moved(span.start, False), moved(span.end, True)
        moved_spans.append(EntitySpan(span.entity, new_text[start:end], start, end))
    return new_text, tuple(moved_spans)


@dataclass(frozen=True)
class TrainingText:
    """A training text and its entity spans."""

    text: str
    entities: tuple[EntitySpan, ...]


class PlaceholderFiller:
    """Replaces placeholders by fictitious values (see the module docstring)."""

    def __init__(self, entity_values: dict[str, Sequence[str]]) -> None:
        self._entity_values = {e: sorted(set(v)) for e, v in entity_values.items()}

    def _value(self, text: str, match: re.Match[str], entity: str | None, turn: int) -> str:
        kind = Kind(match.group(1))
        known = self._entity_values.get(entity or "", [])
        # A value the training data annotates with this entity, if the redactor takes it for
        # the same kind of data in this very sentence; a few tries, in rotation.
        for step in range(min(len(known), MAX_TRIES)):
            value = known[(turn + step) % len(known)]
            filled = text[: match.start()] + value + text[match.end() :]
            if redact(filled).count(kind.placeholder) == text.count(kind.placeholder):
                return value
        values = FAKE_VALUES[kind]
        return values[turn % len(values)]

    def fill(self, text: str, spans: Sequence[EntitySpan], seed: int) -> TrainingText:
        """Redacts `text` again (the redactor may have learned since) and fills every placeholder."""
        _, found = redact_with_spans(text)
        redacted, spans = replace_stretches(
            text, [(r.start, r.end, r.placeholder) for r in found], spans
        )
        replacements: list[Replacement] = []
        for turn, match in enumerate(PLACEHOLDER.finditer(redacted), start=seed):
            entity = next(
                (s.entity for s in spans if s.start <= match.start() and match.end() <= s.end),
                None,
            )
            replacements.append(
                (match.start(), match.end(), self._value(redacted, match, entity, turn))
            )
        filled, moved = replace_stretches(redacted, replacements, spans)
        return TrainingText(filled, moved)
