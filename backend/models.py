"""The backend's tables (SQLAlchemy Core); `migrations/` creates exactly these.

Amounts are stored as whole cents (exact on SQLite and PostgreSQL alike); timestamps are naive
UTC. A test compares this metadata with the migrated schema.
"""

from __future__ import annotations

import sqlalchemy as sa

# Named constraints keep later migrations possible on SQLite (batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

fundsachen = sa.Table(
    "fundsachen",
    metadata,
    sa.Column("fundnummer", sa.String(16), primary_key=True),
    sa.Column("kategorie", sa.String(50), nullable=False),
    sa.Column("beschreibung", sa.String(500), nullable=False),
    sa.Column("farbe", sa.String(30), nullable=True),
    sa.Column("fundort", sa.String(200), nullable=False),
    sa.Column("funddatum", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False, index=True),
    sa.Column("finder_name", sa.String(100), nullable=True),
    sa.Column("finder_kontakt", sa.String(200), nullable=True),
    sa.Column("erfasst_am", sa.DateTime, nullable=False),
)

fund_ansprueche = sa.Table(
    "fund_ansprueche",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "fundnummer",
        sa.String(16),
        sa.ForeignKey("fundsachen.fundnummer", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kontakt", sa.String(200), nullable=False),
    sa.Column("beschreibung", sa.String(500), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("eingegangen_am", sa.DateTime, nullable=False),
)

suchauftraege = sa.Table(
    "suchauftraege",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("beschreibung", sa.String(500), nullable=False),
    sa.Column("kategorie", sa.String(50), nullable=True),
    sa.Column("farbe", sa.String(30), nullable=True),
    sa.Column("verlustort", sa.String(200), nullable=True),
    sa.Column("verlustdatum", sa.Date, nullable=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("kontakt", sa.String(200), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("eingegangen_am", sa.DateTime, nullable=False),
)

# The municipalities whose dog tax this backend keeps, with the source note said with every rate.
hundesteuer_gemeinden = sa.Table(
    "hundesteuer_gemeinden",
    metadata,
    sa.Column("gemeinde", sa.String(40), primary_key=True),
    sa.Column("tarif_hinweis", sa.String(300), nullable=False),
)

# Annual rate per dog by the dog's position (stufe 1 = first dog) for normal and for dangerous
# dogs (art "normal" / "gefaehrlich"); the highest stufe applies to every further dog.
hundesteuer_tarife = sa.Table(
    "hundesteuer_tarife",
    metadata,
    sa.Column(
        "gemeinde",
        sa.String(40),
        sa.ForeignKey("hundesteuer_gemeinden.gemeinde"),
        primary_key=True,
    ),
    sa.Column("art", sa.String(20), primary_key=True),
    sa.Column("stufe", sa.Integer, primary_key=True),
    sa.Column("betrag_cent", sa.Integer, nullable=False),
)

hundesteuer_anmeldungen = sa.Table(
    "hundesteuer_anmeldungen",
    metadata,
    sa.Column("aktenzeichen", sa.String(20), primary_key=True),
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
    # Computed by the backend from the municipality's tariff when the registration is stored.
    sa.Column("jahressteuer_cent", sa.Integer, nullable=False),
    sa.Column("eingegangen_am", sa.DateTime, nullable=False),
    # NULL only for registrations stored before revision 0002, which did not record them;
    # anzahl_gefaehrlich_bisher is also NULL when the new dog is not dangerous (not asked).
    sa.Column(
        "gemeinde",
        sa.String(40),
        sa.ForeignKey("hundesteuer_gemeinden.gemeinde"),
        nullable=True,
    ),
    sa.Column("anzahl_gefaehrlich_bisher", sa.Integer, nullable=True),
)

hundesteuer_abmeldungen = sa.Table(
    "hundesteuer_abmeldungen",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("vorgangsnummer", sa.String(20), nullable=False, unique=True),
    sa.Column(
        "aktenzeichen",
        sa.String(20),
        sa.ForeignKey("hundesteuer_anmeldungen.aktenzeichen"),
        nullable=True,
    ),
    sa.Column("halter_name", sa.String(100), nullable=True),
    sa.Column("strasse", sa.String(100), nullable=True),
    sa.Column("plz", sa.String(5), nullable=True),
    sa.Column("ort", sa.String(100), nullable=True),
    sa.Column("hund_name", sa.String(100), nullable=True),
    sa.Column("grund", sa.String(20), nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("eingegangen_am", sa.DateTime, nullable=False),
)

ausweisantraege = sa.Table(
    "ausweisantraege",
    metadata,
    sa.Column("antragsnummer", sa.String(10), primary_key=True),
    sa.Column("vorgangsnummer", sa.String(20), nullable=False, unique=True),
    sa.Column("dokumentart", sa.String(40), nullable=False),
    sa.Column("geburtsdatum", sa.Date, nullable=False),
    sa.Column("beantragt_am", sa.Date, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("abholort", sa.String(200), nullable=False),
)

# One row per failed status check and key (hashed conversation id, client address or number).
ausweis_fehlversuche = sa.Table(
    "ausweis_fehlversuche",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("schluessel", sa.String(64), nullable=False),
    sa.Column("zeitpunkt", sa.DateTime, nullable=False),
    sa.Index("ix_ausweis_fehlversuche_schluessel_zeitpunkt", "schluessel", "zeitpunkt"),
)
