"""The redactor replaces personal data in what citizens write, and nothing else."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from admin.redaction import Kind, Redaction, find_personal_data, redact, redact_with_spans

# (what a citizen wrote, what the admin app may show). Written as people write in the chat:
# lower case, typos, no umlauts, with and without cue words.
REDACTED = [
    # Names after introductions
    ("Ich heiße Erika Mustermann und wohne in Soest", "Ich heiße [NAME] und wohne in Soest"),
    ("hallo ich heisse erika mustermann", "hallo ich heisse [NAME]"),
    ("hallo, ich heise Max und mein hund ist weg", "hallo, ich heise [NAME] und mein hund ist weg"),
    ("Mein Name ist Max Müller-Lüdenscheidt.", "Mein Name ist [NAME]."),
    (
        "hi my name is petra schulze, is my id card ready",
        "hi my name is [NAME], is my id card ready",
    ),
    (
        "My full name's Ali Öztürk and I lost my wallet",
        "My full name's [NAME] and I lost my wallet",
    ),
    (
        "mein name ist erika mustermann ich hab eine frage",
        "mein name ist [NAME] ich hab eine frage",
    ),
    ("Mein Name lautet Ayşe Öztürk", "Mein Name lautet [NAME]"),
    ("Name: Erika Mustermann", "Name: [NAME]"),
    ("Vor- und Nachname: Erika Mustermann", "Vor- und Nachname: [NAME]"),
    ("hier ist Erika, ich hab ne frage zum hund", "hier ist [NAME], ich hab ne frage zum hund"),
    ("Hier ist Jürgen Schmitz aus Lippstadt", "Hier ist [NAME] aus Lippstadt"),
    ("Ich bin die Erika und mein Hund ist weg", "Ich bin die [NAME] und mein Hund ist weg"),
    ("ich bin Peter Meier und habe eine Frage", "ich bin [NAME] und habe eine Frage"),
    ("Halter: Erika Mustermann", "Halter: [NAME]"),
    ("halterin: erika mustermann", "halterin: [NAME]"),
    (
        "Herr Müller vom Bürgeramt hat gesagt ich soll hier fragen",
        "Herr [NAME] vom Bürgeramt hat gesagt ich soll hier fragen",
    ),
    ("ich hab mit Frau Schulte telefoniert", "ich hab mit Frau [NAME] telefoniert"),
    ("Frau Dr. Schmidt hat angerufen", "Frau Dr. [NAME] hat angerufen"),
    ("Ich bin Frau von der Heide", "Ich bin Frau [NAME]"),
    ("bitte an Hr. Becker weiterleiten", "bitte an Hr. [NAME] weiterleiten"),
    ("Halter ist mein Mann Peter Mustermann", "Halter ist mein Mann [NAME]"),
    ("meine tochter heisst lisa", "meine tochter heisst [NAME]"),
    ("Termin bei Frau Schulze am 12.03.2026", "Termin bei Frau [NAME] am 12.03.2026"),
    # Signatures
    ("Danke!\nGruß Erika Mustermann", "Danke!\nGruß [NAME]"),
    ("MfG Erika M.", "MfG [NAME]"),
    ("Mit freundlichen Grüßen\nErika Mustermann", "Mit freundlichen Grüßen\n[NAME]"),
    ("danke schon mal. lg erika", "danke schon mal. lg [NAME]"),
    ("viele gruesse, Ihre Erika Mustermann", "viele gruesse, Ihre [NAME]"),
    # E-mail
    ("meine email ist erika.mustermann@web.de", "meine email ist [EMAIL]"),
    ("schreiben sie an Erika.M(at)gmx.de bitte", "schreiben sie an [EMAIL] bitte"),
    # Phone numbers
    ("rufen sie mich an 0171 1234567", "rufen sie mich an [TELEFON]"),
    ("Tel. +49 (0)2921 103-0", "Tel. [TELEFON]"),
    ("meine nummer 02921/103-5314", "meine nummer [TELEFON]"),
    ("handy 0049 171 1234567", "handy [TELEFON]"),
    ("erreichbar unter 0171-12345678 ab 18 uhr", "erreichbar unter [TELEFON] ab 18 uhr"),
    ("tel: 103-5314", "tel: [TELEFON]"),
    # IBAN
    ("IBAN DE89 3704 0044 0532 0130 00", "IBAN [IBAN]"),
    ("bitte abbuchen von de89370400440532013000 danke", "bitte abbuchen von [IBAN] danke"),
    ("mein konto NL91 ABNA 0417 1643 00", "mein konto [IBAN]"),
    # Addresses
    ("ich wohne Musterweg 12", "ich wohne [ADRESSE]"),
    ("wohne am Markt 3a", "wohne [ADRESSE]"),
    ("Nöttenstraße 14, 59494 Soest", "[ADRESSE]"),
    ("adresse: brüderstr. 7", "adresse: [ADRESSE]"),
    ("Hauptstraße 12-14 im Hinterhaus", "[ADRESSE] im Hinterhaus"),
    ("hauptstrasse 5 in 59555 Lippstadt", "[ADRESSE]"),
    ("Soester Straße 22", "[ADRESSE]"),
    (
        "ich habe am Bahnhofplatz 1 einen Schlüssel gefunden",
        "ich habe am [ADRESSE] einen Schlüssel gefunden",
    ),
    ("Halter: Erika Mustermann, Musterweg 12, 59494 Soest", "Halter: [NAME], [ADRESSE]"),
    # Postcode with town
    ("Ich wohne in 59494 Soest", "Ich wohne in [PLZ_ORT]"),
    ("plz ort: 59555 lippstadt", "plz ort: [PLZ_ORT]"),
    ("59505 Bad Sassendorf", "[PLZ_ORT]"),
    # Birth dates
    ("geboren am 22.10.1949", "geboren am [GEBURTSDATUM]"),
    ("geb. 1.2.80", "geb. [GEBURTSDATUM]"),
    ("Geburtsdatum 22.10.1949", "Geburtsdatum [GEBURTSDATUM]"),
    ("mein Geburtstag ist am 22.10.", "mein Geburtstag ist am [GEBURTSDATUM]"),
    ("bin am 3. maerz 1975 geboren", "bin am [GEBURTSDATUM] geboren"),
    ("geburtsdatum: 1949-10-22", "geburtsdatum: [GEBURTSDATUM]"),
    ("Ich heiße Erika Mustermann, 22.10.1949", "Ich heiße [NAME], [GEBURTSDATUM]"),
    ("Frau Müller (* 22.10.1949)", "Frau [NAME] (* [GEBURTSDATUM])"),
    ("Ich bin Rentnerin, Jahrgang 49", "Ich bin Rentnerin, Jahrgang [GEBURTSDATUM]"),
    # Document numbers
    ("ausweisnummer L01X00T47", "ausweisnummer [DOKUMENTNUMMER]"),
    ("ist mein pass l01x00t47 fertig?", "ist mein pass [DOKUMENTNUMMER] fertig?"),
    ("Vorgangsnummer PA-2026-001000", "Vorgangsnummer [DOKUMENTNUMMER]"),
    ("meine nummer ist pa 2026 001000", "meine nummer ist [DOKUMENTNUMMER]"),
    # Chip numbers
    ("chipnummer 276098106532195", "chipnummer [CHIPNUMMER]"),
    ("Chip: 276 098 106 532 195", "Chip: [CHIPNUMMER]"),
    # File numbers
    ("Aktenzeichen HST-2026-00012", "Aktenzeichen [AKTENZEICHEN]"),
    ("mein az ist hst 2026 7k3m9qtx", "mein az ist [AKTENZEICHEN]"),
    ("Vorgangsnummer HSA-2026-4D9RZ2PW", "Vorgangsnummer [AKTENZEICHEN]"),
    ("fundnummer F-2026-00061 ist meins", "fundnummer [AKTENZEICHEN] ist meins"),
    ("HST20267K3M9QTX", "[AKTENZEICHEN]"),
    # Several at once
    (
        "Hallo, ich heiße Erika Mustermann, geb. 22.10.1949, Tel 0171 1234567, Ausweis L01X00T47",
        "Hallo, ich heiße [NAME], geb. [GEBURTSDATUM], Tel [TELEFON], Ausweis [DOKUMENTNUMMER]",
    ),
]

UNCHANGED = [
    "Wo ist das Fundbüro? Am Marktplatz?",
    "ich habe gestern am Bahnhof meine Geldbörse verloren",
    "Bahnhof Soest, Gleis 3",
    "im Bus Linie 5 liegengelassen",
    "mein Labrador ist weggelaufen",
    "Wir haben einen Staffordshire Bullterrier, ist das ein Listenhund?",
    "Kostet die Hundesteuer 85,80 € oder 120 Euro im Jahr?",
    "Ist das Rathaus um 8:30 Uhr schon offen?",
    "Öffnungszeiten Mo.-Fr. 8-12 Uhr, Do. 14-18 Uhr",
    "am 12.03.2026 verloren, im Stadtpark",
    "Welche Hausnummer hat das Bürgeramt?",
    "Hausnummer?",
    "Ich heiße Sie herzlich willkommen",
    "ich bin Rentner und habe einen Dackel",
    "Ich bin die Halterin",
    "ich bin der Meinung das ist zu teuer",
    "Hier ist Platz für 2 Hunde",
    "Soest",
    "Lippstadt oder Soest?",
    "am Bahnhof 2 Stunden gewartet",
    "viele grüße aus soest",
    "Gibt es 12000 Einwohner in der Gemeinde?",
    "Bring 3 Unterlagen mit",
    "hsa 2026 abmelden wie geht das",
    "Was kostet ein Reisepass?",
    "Mein Hund heißt Bello und ist ein Labrador",
    "meine Frau hat den Hund gefunden",
    "Ich bin Student, muss ich Hundesteuer zahlen?",
    "Parkplatz 3 am Rathaus ist frei",
    "Telefon: 08-12 Uhr",
    "Ich bin am 1.1.2000 umgezogen",
    "Das VG Arnsberg hat entschieden",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_stays(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text", [text for text, _ in REDACTED] + UNCHANGED)
def test_redacting_twice_changes_nothing(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert find_personal_data(once) == []


def test_spans_point_into_the_original_text() -> None:
    text = "Frau Müller, Tel. 0171 1234567, Musterweg 12"
    redacted, spans = redact_with_spans(text)
    assert redacted == "Frau [NAME], Tel. [TELEFON], [ADRESSE]"
    assert [(r.kind, text[r.start : r.end]) for r in spans] == [
        (Kind.NAME, "Müller"),
        (Kind.TELEFON, "0171 1234567"),
        (Kind.ADRESSE, "Musterweg 12"),
    ]


def test_spans_are_sorted_and_disjoint() -> None:
    text = "erika.mustermann@web.de DE89370400440532013000 ich heiße Erika, 59494 Soest"
    _, spans = redact_with_spans(text)
    assert [r.kind for r in spans] == [Kind.EMAIL, Kind.IBAN, Kind.NAME, Kind.PLZ_ORT]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_spans_let_an_export_shift_entities_behind_them() -> None:
    text = "Ich heiße Erika Mustermann und mein Labrador heißt Bello"
    redacted, spans = redact_with_spans(text)
    start = text.index("Labrador")
    shift = sum(len(r.placeholder) - (r.end - r.start) for r in spans if r.end <= start)
    assert redacted[start + shift : start + shift + len("Labrador")] == "Labrador"


def test_text_without_personal_data_has_no_spans() -> None:
    assert redact_with_spans("Wann hat das Bürgeramt offen?") == (
        "Wann hat das Bürgeramt offen?",
        [],
    )


def test_redaction_is_a_frozen_value() -> None:
    redaction = Redaction(Kind.NAME, 0, 5)
    assert redaction.placeholder == "[NAME]"
    with pytest.raises(dataclasses.FrozenInstanceError):
        redaction.start = 1  # type: ignore[misc]


def test_every_kind_has_its_placeholder() -> None:
    assert {kind.placeholder for kind in Kind} == {
        "[NAME]",
        "[EMAIL]",
        "[TELEFON]",
        "[IBAN]",
        "[ADRESSE]",
        "[PLZ_ORT]",
        "[GEBURTSDATUM]",
        "[DOKUMENTNUMMER]",
        "[CHIPNUMMER]",
        "[AKTENZEICHEN]",
    }


def test_old_and_new_aktenzeichen_match_the_backend_formats() -> None:
    from backend.numbering import random_number

    for _ in range(50):
        fresh = random_number("HST", 2026)
        assert redact(f"Mein Aktenzeichen: {fresh}") == "Mein Aktenzeichen: [AKTENZEICHEN]"
    assert redact("Mein Aktenzeichen: HST-2026-00001") == "Mein Aktenzeichen: [AKTENZEICHEN]"
