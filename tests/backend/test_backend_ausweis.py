"""Ausweis status: matching, normalisation, no oracle, and the failure rate limit."""

from __future__ import annotations

import httpx
import pytest

from backend.resources.ausweis import normalize_number
from backend.settings import BackendSettings

URL = "/api/v1/ausweisantraege/status"
# From the fixtures: (antragsnummer, vorgangsnummer, geburtsdatum)
APPLICATION_A = ("L58W7L8N1", "PA-2026-001000", "1953-01-03")
APPLICATION_B = ("N9J749RH9", "PA-2026-001001", "2025-05-11")
APPLICATION_C = ("RL7098T23", "PA-2026-001002", "1949-10-22")
WRONG_DATE = "1980-01-01"


async def ask(
    client: httpx.AsyncClient,
    number: str,
    birth_date: str,
    conversation: str | None = None,
    address: str | None = None,
) -> httpx.Response:
    headers = {}
    if conversation is not None:
        headers["X-Conversation-Id"] = conversation
    if address is not None:
        # As the action server sends it: the one address the bot saw.
        headers["X-Forwarded-For"] = address
    return await client.post(
        URL, json={"nummer": number, "geburtsdatum": birth_date}, headers=headers
    )


async def test_status_by_serial_number(client: httpx.AsyncClient) -> None:
    response = await ask(client, APPLICATION_A[0], APPLICATION_A[2])
    assert response.status_code == 200
    assert response.json() == {
        "status": "beantragt",
        "dokumentart": "Personalausweis",
        "abholort": "Bürgerbüro Soest, Am Vreithof 8",
        "beantragt_am": "2026-10-05",
    }


async def test_number_is_normalised(client: httpx.AsyncClient) -> None:
    for spelling in [
        "l58w7l8n1",
        " L58W 7L8 N1 ",
        "L58W-7L8N1",
        "pa-2026-001000",
        "PA 2026 001000",
    ]:
        response = await ask(client, spelling, APPLICATION_A[2])
        assert response.status_code == 200, spelling
        assert response.json()["beantragt_am"] == "2026-10-05", spelling


async def test_answer_reveals_no_personal_data(client: httpx.AsyncClient) -> None:
    response = await ask(client, APPLICATION_C[1], APPLICATION_C[2])
    assert response.status_code == 200
    assert set(response.json()) == {"status", "dokumentart", "abholort", "beantragt_am"}
    assert APPLICATION_C[2] not in response.text
    assert APPLICATION_C[0] not in response.text


async def test_unknown_number_and_wrong_birth_date_look_identical(
    client: httpx.AsyncClient, row_counts
) -> None:
    before = (await row_counts())["ausweis_fehlversuche"]
    wrong_date = await ask(client, APPLICATION_A[0], WRONG_DATE, conversation="c1")
    middle = (await row_counts())["ausweis_fehlversuche"]
    unknown = await ask(client, "ZZZZ99999", APPLICATION_A[2], conversation="c2")
    after = (await row_counts())["ausweis_fehlversuche"]
    assert wrong_date.status_code == unknown.status_code == 404
    assert wrong_date.content == unknown.content
    assert wrong_date.json()["error"] == "not_found"
    assert wrong_date.headers["content-type"] == unknown.headers["content-type"]
    # Both paths do the same database work: one failure row per key.
    assert middle - before == after - middle == 3


BAD_QUERIES = [
    ({"nummer": "L58W7L8N1"}, "geburtsdatum"),
    ({"nummer": "L58W7L8N1", "geburtsdatum": "03.01.1953"}, "geburtsdatum"),
    ({"nummer": "L58W7L8N1", "geburtsdatum": "1953-02-29"}, "geburtsdatum"),
    ({"nummer": "L58W7L8N1", "geburtsdatum": "2026-11-25"}, "geburtsdatum"),
    ({"nummer": "L58", "geburtsdatum": "1953-01-03"}, "nummer"),
    ({"nummer": "L58W7L8N1!", "geburtsdatum": "1953-01-03"}, "nummer"),
    ({"nummer": 123456789, "geburtsdatum": "1953-01-03"}, "nummer"),
    ({"nummer": "L58W7L8N1", "geburtsdatum": "1953-01-03", "name": "Erika"}, "name"),
]


async def test_bad_input_is_400_and_does_not_count(client: httpx.AsyncClient, row_counts) -> None:
    for body, field in BAD_QUERIES:
        for _ in range(2):
            response = await client.post(URL, json=body, headers={"X-Conversation-Id": "c"})
            assert response.status_code == 400, body
            assert field in {detail["field"] for detail in response.json()["details"]}, body
    # 16 rejected requests, yet nothing was counted and the conversation is not blocked.
    assert (await row_counts())["ausweis_fehlversuche"] == 0
    assert (await ask(client, APPLICATION_A[0], APPLICATION_A[2], "c")).status_code == 200


async def test_overlong_conversation_id_is_400(client: httpx.AsyncClient) -> None:
    response = await ask(client, APPLICATION_A[0], APPLICATION_A[2], conversation="x" * 129)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "X-Conversation-Id"
    assert (await ask(client, APPLICATION_A[0], APPLICATION_A[2], "x" * 128)).status_code == 200


async def test_sixth_failure_blocks_even_correct_answers(client: httpx.AsyncClient) -> None:
    for _ in range(5):
        response = await ask(client, APPLICATION_A[0], WRONG_DATE, "conv-1", "198.51.100.1")
        assert response.status_code == 404
    sixth = await ask(client, APPLICATION_A[0], WRONG_DATE, "conv-1", "198.51.100.1")
    assert sixth.status_code == 429
    body = sixth.json()
    assert body["error"] == "rate_limited"
    assert 0 < body["retry_after"] <= 900
    assert sixth.headers["retry-after"] == str(body["retry_after"])
    correct = await ask(client, APPLICATION_A[0], APPLICATION_A[2], "conv-1", "198.51.100.1")
    assert correct.status_code == 429
    # Another conversation from the same address may check another number: the address limit
    # is gentler (30), since many citizens may share one address.
    same_address = await ask(client, APPLICATION_B[0], APPLICATION_B[2], "conv-2", "198.51.100.1")
    assert same_address.status_code == 200
    # The exhausted number stays blocked from a new conversation and a new address.
    same_number = await ask(client, APPLICATION_A[1], APPLICATION_A[2], "conv-3", "198.51.100.3")
    assert same_number.status_code == 429
    # Another number from a new conversation and a new address works.
    fresh = await ask(client, APPLICATION_B[0], APPLICATION_B[2], "conv-4", "198.51.100.4")
    assert fresh.status_code == 200


async def test_conversation_is_limited_across_addresses_and_numbers(
    client: httpx.AsyncClient,
) -> None:
    for index in range(5):
        response = await ask(client, f"ZZZZ0000{index}", WRONG_DATE, "conv-x", f"203.0.113.{index}")
        assert response.status_code == 404
    blocked = await ask(client, APPLICATION_C[0], APPLICATION_C[2], "conv-x", "203.0.113.99")
    assert blocked.status_code == 429
    assert (
        await ask(client, APPLICATION_C[0], APPLICATION_C[2], "conv-y", "203.0.113.98")
    ).status_code == 200


async def test_block_ends_when_the_window_has_passed(client: httpx.AsyncClient, clock) -> None:
    for _ in range(5):
        await ask(client, APPLICATION_A[0], WRONG_DATE, "conv-1")
        clock.advance(60)  # failures at 0, 1, 2, 3 and 4 minutes
    blocked = await ask(client, APPLICATION_A[0], APPLICATION_A[2], "conv-1")
    assert blocked.status_code == 429
    assert blocked.json()["retry_after"] == 15 * 60 - 5 * 60  # the first failure ages out
    clock.advance(10 * 60 - 1)
    assert (await ask(client, APPLICATION_A[0], APPLICATION_A[2], "conv-1")).status_code == 429
    clock.advance(2)
    assert (await ask(client, APPLICATION_A[0], APPLICATION_A[2], "conv-1")).status_code == 200


async def test_successful_checks_do_not_count(client: httpx.AsyncClient) -> None:
    for _ in range(8):
        assert (await ask(client, APPLICATION_A[0], APPLICATION_A[2], "conv-1")).status_code == 200


@pytest.mark.parametrize(
    "settings", [BackendSettings(ratelimit_max_failures=2, ratelimit_window_seconds=60)]
)
async def test_limit_and_window_are_configurable(client: httpx.AsyncClient, clock) -> None:
    for _ in range(2):
        assert (await ask(client, APPLICATION_A[0], WRONG_DATE, "c")).status_code == 404
    blocked = await ask(client, APPLICATION_A[0], APPLICATION_A[2], "c")
    assert blocked.status_code == 429
    assert blocked.json()["retry_after"] == 60
    clock.advance(61)
    assert (await ask(client, APPLICATION_A[0], APPLICATION_A[2], "c")).status_code == 200


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("l01x00t47", "L01X00T47"),
        ("L01X 00T47", "L01X00T47"),
        ("L01X-00T-47", "L01X00T47"),
        ("pa-2026-001000", "PA-2026-001000"),
        ("PA2026001000", "PA-2026-001000"),
        ("L01", None),
        ("L01X00T47?", None),
    ],
)
def test_normalize_number(raw: str, expected: str | None) -> None:
    assert normalize_number(raw) == expected
