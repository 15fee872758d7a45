"""Annotations: confirm, correct (with entity spans), out of scope, noise, and a whole group.

The admin database holds who annotated what and when, and only the redacted text.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from sanic import Sanic

from admin.annotations import AnnotationStore, EntitySpan
from admin.inbox import group_key
from tests.admin.conftest import NOW, csrf_of, login


async def _annotate(client: httpx.AsyncClient, c: str, n: int, **fields: str) -> httpx.Response:
    page = await client.get(f"/nachricht?c={c}&n={n}")
    assert page.status_code == 200
    data = {
        "csrf": csrf_of(page.text),
        "c": c,
        "n": str(n),
        "back": "/eingang?status=all",
        **fields,
    }
    return await client.post("/annotieren", data=data)


def _store(app: Sanic) -> AnnotationStore:
    return app.ctx.admin.annotations


async def test_confirming_stores_the_predicted_intent_with_account_and_time(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    await login(client, "soest")
    response = await _annotate(client, "soest-4", 1, verdict="confirmed")
    assert response.status_code == 303
    assert response.headers["location"] == "/eingang?status=all&saved=1"
    (annotation,) = _store(app).latest().values()
    assert (annotation.verdict, annotation.intent, annotation.account) == (
        "confirmed",
        "fundbuero_verlust",
        "soest",
    )
    assert annotation.created_at == NOW and annotation.tenant == "soest"
    page = (await client.get(response.headers["location"])).text
    assert "Die Bewertung wurde gespeichert." in page and "bestätigt" in page
    entries = app.ctx.admin.audit.entries()
    assert entries[0].action == "annotated" and entries[0].account == "soest"
    assert "Handy" not in entries[0].detail


async def test_correcting_with_entity_spans_on_the_redacted_text(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    await login(client, "soest")
    response = await _annotate(
        client,
        "soest-4",
        1,
        verdict="corrected",
        intent="fundbuero_fund_melden",
        entity_1="item",
        value_1="Handy",
        entity_2="location",
        value_2="Bus",
    )
    assert response.status_code == 303
    (annotation,) = _store(app).latest().values()
    assert annotation.intent == "fundbuero_fund_melden"
    assert annotation.entities == (
        EntitySpan("item", "Handy", 14, 19),
        EntitySpan("location", "Bus", 23, 26),
    )
    assert annotation.label == "korrigiert zu fundbuero_fund_melden"


async def test_the_latest_annotation_counts(client: httpx.AsyncClient, app: Sanic) -> None:
    await login(client, "plattform")
    await _annotate(client, "soest-4", 0, verdict="noise")
    await _annotate(client, "soest-4", 0, verdict="out_of_scope")
    (annotation,) = _store(app).latest().values()
    assert (annotation.verdict, annotation.intent) == ("out_of_scope", "out_of_scope")
    assert [a.ref for a in _store(app).approved_examples()] == [("soest-4", 0)]
    await _annotate(client, "soest-4", 0, verdict="noise")
    assert _store(app).approved_examples() == []


async def test_invalid_annotations_are_explained_and_not_stored(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    await login(client, "soest")
    cases = [
        ({"verdict": "corrected"}, "Bitte wählen Sie die richtige Absicht."),
        ({"verdict": "corrected", "intent": "erfunden"}, "gibt es in der Domäne nicht"),
        ({}, "Bitte wählen Sie eine Entscheidung."),
        (
            {"verdict": "confirmed", "entity_1": "item", "value_1": "Fahrrad"},
            "kommt im Text nicht vor",
        ),
        ({"verdict": "confirmed", "value_1": "Handy"}, "Bitte wählen Sie die Entität"),
        (
            {"verdict": "confirmed", "entity_1": "erfunden", "value_1": "Handy"},
            "gibt es in der Domäne nicht",
        ),
    ]
    for fields, message in cases:
        response = await _annotate(client, "soest-4", 1, **fields)
        assert response.status_code == 400, fields
        assert message in response.text, fields
        assert 'role="alert"' in response.text
    fallback = await _annotate(client, "soest-4", 0, verdict="confirmed")  # nlu_fallback
    assert fallback.status_code == 400
    assert _store(app).latest() == {}


async def test_a_group_is_annotated_at_once(client: httpx.AsyncClient, app: Sanic) -> None:
    await login(client, "soest")
    key = group_key("wann ist mein perso fertig")
    page = (await client.get(f"/eingang?view=single&group={key}")).text
    response = await client.post(
        "/gruppe",
        data={
            "csrf": csrf_of(page),
            "query": f"view=single&group={key}",
            "verdict": "corrected",
            "intent": "ausweis_dauer",
        },
    )
    assert response.status_code == 303 and response.headers["location"].endswith("saved=3")
    stored = _store(app).latest()
    assert {ref for ref in stored} == {("soest-1", 0), ("soest-2", 0), ("soest-3", 0)}
    assert {a.intent for a in stored.values()} == {"ausweis_dauer"}
    inbox = (await client.get(response.headers["location"])).text
    assert "3 Bewertungen wurden gespeichert." in inbox
    assert "perso" not in inbox.lower().split("<tbody>")[1]  # no longer open
    assert sum(e.action == "annotated" for e in app.ctx.admin.audit.entries()) == 3


async def test_a_group_needs_a_decision(client: httpx.AsyncClient, app: Sanic) -> None:
    await login(client, "soest")
    key = group_key("wann ist mein perso fertig")
    page = (await client.get(f"/eingang?view=single&group={key}")).text
    data = {"csrf": csrf_of(page), "query": f"group={key}", "verdict": "corrected"}
    response = await client.post("/gruppe", data=data)
    assert response.status_code == 400
    assert "Bitte wählen Sie die richtige Absicht." in response.text
    assert _store(app).latest() == {}


async def test_the_admin_database_holds_no_unredacted_text(
    client: httpx.AsyncClient, app: Sanic, tmp_path: Path
) -> None:
    await login(client, "plattform")
    await _annotate(client, "soest-1", 1, verdict="confirmed")
    await _annotate(client, "lippstadt-1", 0, verdict="corrected", intent="fundbuero_abholung")
    stored = {a.text for a in _store(app).latest().values()}
    assert stored == {
        "Ich heiße [NAME] und meine Mail ist [EMAIL]",
        "Mein Name ist [NAME], wo ist das Fundbüro?",
    }
    app.ctx.admin.annotations.engine.dispose()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("admin.db*"))
    assert b"[EMAIL]" in raw  # the file is readable as it is: the texts are not compressed
    for secret in ("Erika", "Mustermann", "erika@example.org", "Max Muster"):
        assert secret.encode() not in raw, secret


async def test_forgetting_a_conversation_deletes_its_annotations(
    client: httpx.AsyncClient, app: Sanic
) -> None:
    await login(client, "plattform")
    await _annotate(client, "soest-4", 1, verdict="confirmed")
    await _annotate(client, "lippstadt-1", 0, verdict="noise")
    assert _store(app).forget("soest-4") == 1
    assert list(_store(app).latest()) == [("lippstadt-1", 0)]
