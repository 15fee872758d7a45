"""The admin database (SQLAlchemy 1.4): annotations, audit log, sessions and failed logins.

SQLite by default (`var/admin.db`), PostgreSQL via `NRWBOT_ADMIN_DATABASE_URL`. No table holds a
citizen's text as the tracker store has it: annotations keep the redacted text only.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url

metadata = sa.MetaData()

annotations = sa.Table(
    "annotations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("conversation_id", sa.String(255), nullable=False),
    sa.Column("message_index", sa.Integer, nullable=False),
    sa.Column("tenant", sa.String(64)),
    sa.Column("text", sa.Text, nullable=False),  # redacted
    sa.Column("group_key", sa.String(32), nullable=False),
    sa.Column("predicted_intent", sa.String(255)),
    sa.Column("predicted_confidence", sa.Float),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("intent", sa.String(255)),  # the intent to train; None for noise
    sa.Column("entities", sa.JSON, nullable=False),  # [{entity, value, start, end}] on `text`
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Index("ix_annotations_message", "conversation_id", "message_index"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),  # SHA-256 of the cookie's token
    sa.Column("account", sa.String(64), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account", sa.String(64), nullable=False, index=True),
    sa.Column("address", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
)


def create_engine(url: str) -> Engine:
    """An engine with every table created; a SQLite file's folder is created as well."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, future=True)
    metadata.create_all(engine)
    return engine
