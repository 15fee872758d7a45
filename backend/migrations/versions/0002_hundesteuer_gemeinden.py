"""Hundesteuer per municipality: tariffs by Gemeinde, registrations know their Gemeinde.

The backend, as the municipality's system of record, now computes the annual tax of a
registration itself, so it must know whose tariff applies.

- `hundesteuer_gemeinden`: one row per municipality (`soest`, `lippstadt`, ...) with the note on
  source and date of its rates.
- `hundesteuer_tarife` is rebuilt as one row per municipality, kind (`normal`, `gefaehrlich`)
  and position. The table of revision 0001 held five named rates of one unnamed municipality and
  nothing read it; its rows cannot be assigned to a municipality and are dropped. Load the
  tariffs again (`nrwbot backend seed FILE`, or `--seed-demo`, which fills the now empty table).
- `hundesteuer_anmeldungen` gains `gemeinde` and `anzahl_gefaehrlich_bisher`, both NULL for the
  registrations stored before (their amounts stay as they were stored).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FK_ANMELDUNG_GEMEINDE = "fk_hundesteuer_anmeldungen_gemeinde_hundesteuer_gemeinden"


def upgrade() -> None:
    op.create_table(
        "hundesteuer_gemeinden",
        sa.Column("gemeinde", sa.String(40), nullable=False),
        sa.Column("tarif_hinweis", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("gemeinde", name="pk_hundesteuer_gemeinden"),
    )

    op.drop_table("hundesteuer_tarife")
    op.create_table(
        "hundesteuer_tarife",
        sa.Column("gemeinde", sa.String(40), nullable=False),
        sa.Column("art", sa.String(20), nullable=False),
        sa.Column("stufe", sa.Integer, nullable=False),
        sa.Column("betrag_cent", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("gemeinde", "art", "stufe", name="pk_hundesteuer_tarife"),
        sa.ForeignKeyConstraint(
            ["gemeinde"],
            ["hundesteuer_gemeinden.gemeinde"],
            name="fk_hundesteuer_tarife_gemeinde_hundesteuer_gemeinden",
        ),
    )

    # SQLite cannot add a constraint to an existing table, but it can add a column with an
    # inline REFERENCES clause. That avoids rebuilding the table, which de-registrations
    # reference (a rebuild would trip over their foreign keys). PostgreSQL gets a named one.
    sqlite = op.get_context().dialect.name == "sqlite"
    op.add_column(
        "hundesteuer_anmeldungen",
        sa.Column(
            "gemeinde",
            sa.String(40),
            sa.ForeignKey("hundesteuer_gemeinden.gemeinde", name=FK_ANMELDUNG_GEMEINDE),
            nullable=True,
        ),
        inline_references=sqlite,
    )
    op.add_column(
        "hundesteuer_anmeldungen",
        sa.Column("anzahl_gefaehrlich_bisher", sa.Integer, nullable=True),
    )


def downgrade() -> None:
    # SQLite cannot drop a column with a foreign key, so batch mode rebuilds the table there.
    # With stored de-registrations that needs foreign keys unenforced while the old copy is
    # dropped, as on the alembic command line (the server's own engine enforces them).
    sqlite = op.get_context().dialect.name == "sqlite"
    with op.batch_alter_table("hundesteuer_anmeldungen") as batch:
        if not sqlite:
            batch.drop_constraint(FK_ANMELDUNG_GEMEINDE, type_="foreignkey")
        batch.drop_column("anzahl_gefaehrlich_bisher")
        batch.drop_column("gemeinde")

    op.drop_table("hundesteuer_tarife")
    op.create_table(
        "hundesteuer_tarife",
        sa.Column("tarif", sa.String(40), nullable=False),
        sa.Column("betrag_cent", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("tarif", name="pk_hundesteuer_tarife"),
    )
    op.drop_table("hundesteuer_gemeinden")
