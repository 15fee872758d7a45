"""Annotations: an admin's verdict on a message (confirmed, corrected, out of scope, noise).

Each save appends a row with account and time; the latest row of a message is its annotation.
Only the redacted text is stored, together with entity spans on that text. `approved_examples` is
what an export to training data (`nrwbot admin export`, next slice) reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from admin.conversations import Message
from admin.db import annotations
from admin.inbox import group_key

CONFIRMED = "confirmed"
CORRECTED = "corrected"
OUT_OF_SCOPE = "out_of_scope"
NOISE = "noise"
VERDICTS = (CONFIRMED, CORRECTED, OUT_OF_SCOPE, NOISE)
VERDICT_LABELS = {
    CONFIRMED: "bestätigt",
    CORRECTED: "korrigiert",
    OUT_OF_SCOPE: "außerhalb des Angebots",
    NOISE: "Rauschen",
}
OUT_OF_SCOPE_INTENT = "out_of_scope"


class AnnotationError(ValueError):
    """An annotation that cannot be stored; the message is a German sentence for the form."""


@dataclass(frozen=True)
class EntitySpan:
    """An entity on the redacted text: `text[start:end] == value`."""

    entity: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Annotation:
    """The verdict on one message."""

    id: int
    conversation_id: str
    message_index: int
    tenant: str | None
    text: str
    verdict: str
    intent: str | None
    entities: tuple[EntitySpan, ...]
    account: str
    created_at: float
    predicted_intent: str | None = None

    @property
    def ref(self) -> tuple[str, int]:
        return (self.conversation_id, self.message_index)

    @property
    def label(self) -> str:
        if self.verdict == CORRECTED:
            return f"korrigiert zu {self.intent}"
        return VERDICT_LABELS[self.verdict]


def entity_span(text: str, entity: str, value: str) -> EntitySpan:
    """The span of `value` in `text` (its first occurrence)."""
    start = text.find(value)
    if not value or start < 0:
        raise AnnotationError(f"Die Textstelle „{value}“ kommt im Text nicht vor.")
    return EntitySpan(entity, value, start, start + len(value))


def resolve_intent(message: Message, verdict: str, intent: str | None) -> str | None:
    """The intent to train on for a verdict."""
    if verdict == CONFIRMED:
        if not message.intent or message.intent in ("nlu_fallback",):
            raise AnnotationError(
                "Eine Rückfallantwort kann nicht bestätigt werden; bitte wählen Sie die Absicht."
            )
        return message.intent
    if verdict == CORRECTED:
        if not intent:
            raise AnnotationError("Bitte wählen Sie die richtige Absicht.")
        return intent
    if verdict == OUT_OF_SCOPE:
        return OUT_OF_SCOPE_INTENT
    if verdict == NOISE:
        return None
    raise AnnotationError("Bitte wählen Sie eine Entscheidung.")


def _annotation(row: sa.engine.Row) -> Annotation:
    return Annotation(
        id=row.id,
        conversation_id=row.conversation_id,
        message_index=row.message_index,
        tenant=row.tenant,
        text=row.text,
        verdict=row.verdict,
        intent=row.intent,
        entities=tuple(EntitySpan(**span) for span in row.entities or []),
        account=row.account,
        created_at=row.created_at,
        predicted_intent=row.predicted_intent,
    )


class AnnotationStore:
    """Annotations in the admin database."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock

    def save(
        self,
        items: Sequence[tuple[Message, str, str | None, Sequence[EntitySpan]]],
        account: str,
    ) -> list[int]:
        """Stores `(message, verdict, intent, entities)` items in one transaction; returns ids."""
        now, ids = self.clock(), []
        with self.engine.begin() as connection:
            for message, verdict, intent, spans in items:
                if verdict not in VERDICTS:
                    raise AnnotationError("Bitte wählen Sie eine Entscheidung.")
                for span in spans:
                    if message.text[span.start : span.end] != span.value:
                        raise AnnotationError(f"Die Textstelle „{span.value}“ passt nicht.")
                result = connection.execute(
                    annotations.insert().values(
                        conversation_id=message.conversation_id,
                        message_index=message.index,
                        tenant=message.tenant,
                        text=message.text,
                        group_key=group_key(message.text),
                        predicted_intent=message.intent,
                        predicted_confidence=message.confidence,
                        verdict=verdict,
                        intent=intent,
                        entities=[span.__dict__ for span in spans],
                        account=account,
                        created_at=now,
                    )
                )
                ids.append(int(result.inserted_primary_key[0]))
        return ids

    def latest(
        self, conversation_ids: Iterable[str] | None = None
    ) -> dict[tuple[str, int], Annotation]:
        """The current annotation of every annotated message (of the given conversations)."""
        query = sa.select(annotations).order_by(annotations.c.id)
        if conversation_ids is not None:
            query = query.where(annotations.c.conversation_id.in_(list(conversation_ids)))
        with self.engine.connect() as connection:
            return {
                (a.conversation_id, a.message_index): a
                for a in map(_annotation, connection.execute(query))
            }

    def approved_examples(self) -> list[Annotation]:
        """Current annotations that are training examples (everything but noise)."""
        return [a for a in self.latest().values() if a.verdict != NOISE and a.intent]

    def forget(self, conversation_id: str) -> int:
        """Deletes the annotations of one conversation (for `nrwbot forget`); returns how many."""
        with self.engine.begin() as connection:
            result = connection.execute(
                annotations.delete().where(annotations.c.conversation_id == conversation_id)
            )
        return int(result.rowcount or 0)
