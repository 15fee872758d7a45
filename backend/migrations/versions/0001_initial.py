"""Initial schema: Fundsachen, Hundesteuer, Ausweisanträge and the status-check limiter.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fundsachen",
        sa.Column("fundnummer", sa.String(16), nullable=False),
        sa.Column("kategorie", sa.String(50), nullable=False),
        sa.Column("beschreibung", sa.String(500), nullable=False),
        sa.Column("farbe", sa.String(30), nullable=True),
        sa.Column("fundort", sa.String(200), nullable=False),
        sa.Column("funddatum", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("finder_name", sa.String(100), nullable=True),
        sa.Column("finder_kontakt", sa.String(200), nullable=True),
        sa.Column("erfasst_am", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("fundnummer", name="pk_fundsachen"),
    )
    op.create_index("ix_fundsachen_status", "fundsachen", ["status"])

    op.create_table(
        "fund_ansprueche",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("fundnummer", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kontakt", sa.String(200), nullable=False),
        sa.Column("beschreibung", sa.String(500), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("eingegangen_am", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_fund_ansprueche"),
        sa.ForeignKeyConstraint(
            ["fundnummer"],
            ["fundsachen.fundnummer"],
            name="fk_fund_ansprueche_fundnummer_fundsachen",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_fund_ansprueche_fundnummer", "fund_ansprueche", ["fundnummer"])

    op.create_table(
        "suchauftraege",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("beschreibung", sa.String(500), nullable=False),
        sa.Column("kategorie", sa.String(50), nullable=True),
        sa.Column("farbe", sa.String(30), nullable=True),
        sa.Column("verlustort", sa.String(200), nullable=True),
        sa.Column("verlustdatum", sa.Date, nullable=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kontakt", sa.String(200), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("eingegangen_am", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_suchauftraege"),
    )

    op.create_table(
        "hundesteuer_tarife",
        sa.Column("tarif", sa.String(40), nullable=False),
        sa.Column("betrag_cent", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("tarif", name="pk_hundesteuer_tarife"),
    )

    op.create_table(
        "hundesteuer_anmeldungen",
        sa.Column("aktenzeichen", sa.String(20), nullable=False),
        sa.Column("halter_name", sa.String(100), nullable=False),
        sa.Column("strasse", sa.String(100), nullable=False),
        sa.Column("plz", sa.String(5), nullable=False),
        sa.Column("ort", sa.String(100), nullable=False),
        sa.Column("hund_name", sa.String(100), nullable=False),
        sa.Column("rasse", sa.String(100), nullable=False),
        sa.Column("aufnahmedatum", sa.Date, nullable=False),
        sa.Column("chipnummer", sa.String(15), nullable=True),
        sa.Column("gefaehrlich", sa.Boolean, nullable=False),
        sa.Column("anzahl_hunde_bisher", sa.Integer, nullable=False),
        sa.Column("ermaessigung", sa.String(20), nullable=True),
        sa.Column("jahressteuer_cent", sa.Integer, nullable=False),
        sa.Column("eingegangen_am", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("aktenzeichen", name="pk_hundesteuer_anmeldungen"),
    )

    op.create_table(
        "hundesteuer_abmeldungen",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("vorgangsnummer", sa.String(20), nullable=False),
        sa.Column("aktenzeichen", sa.String(20), nullable=True),
        sa.Column("halter_name", sa.String(100), nullable=True),
        sa.Column("strasse", sa.String(100), nullable=True),
        sa.Column("plz", sa.String(5), nullable=True),
        sa.Column("ort", sa.String(100), nullable=True),
        sa.Column("hund_name", sa.String(100), nullable=True),
        sa.Column("grund", sa.String(20), nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("eingegangen_am", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_hundesteuer_abmeldungen"),
        sa.UniqueConstraint("vorgangsnummer", name="uq_hundesteuer_abmeldungen_vorgangsnummer"),
        sa.ForeignKeyConstraint(
            ["aktenzeichen"],
            ["hundesteuer_anmeldungen.aktenzeichen"],
            name="fk_hundesteuer_abmeldungen_aktenzeichen_hundesteuer_anmeldungen",
        ),
    )

    op.create_table(
        "ausweisantraege",
        sa.Column("antragsnummer", sa.String(10), nullable=False),
        sa.Column("vorgangsnummer", sa.String(20), nullable=False),
        sa.Column("dokumentart", sa.String(40), nullable=False),
        sa.Column("geburtsdatum", sa.Date, nullable=False),
        sa.Column("beantragt_am", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("abholort", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("antragsnummer", name="pk_ausweisantraege"),
        sa.UniqueConstraint("vorgangsnummer", name="uq_ausweisantraege_vorgangsnummer"),
    )

    op.create_table(
        "ausweis_fehlversuche",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("schluessel", sa.String(64), nullable=False),
        sa.Column("zeitpunkt", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ausweis_fehlversuche"),
    )
    op.create_index(
        "ix_ausweis_fehlversuche_schluessel_zeitpunkt",
        "ausweis_fehlversuche",
        ["schluessel", "zeitpunkt"],
    )


def downgrade() -> None:
    op.drop_table("ausweis_fehlversuche")
    op.drop_table("ausweisantraege")
    op.drop_table("hundesteuer_abmeldungen")
    op.drop_table("hundesteuer_anmeldungen")
    op.drop_table("hundesteuer_tarife")
    op.drop_table("suchauftraege")
    op.drop_table("fund_ansprueche")
    op.drop_table("fundsachen")
