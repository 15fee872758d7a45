"""Ausweis status under load: simultaneous wrong guesses are counted before they are answered.

A limit that first reads the failure count and later records a failure lets every request that
arrives before the first record is written through; these tests send their guesses at once.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

URL = "/api/v1/ausweisantraege/status"
SERIAL, VORGANG, BIRTH_DATE = "L58W7L8N1", "PA-2026-001000", "1953-01-03"
WRONG_DATE = "1980-01-01"
PARALLEL = 30


async def guess(
    client: httpx.AsyncClient, number: str, birth_date: str, conversation: str, address: str
) -> httpx.Response:
    return await client.post(
        URL,
        json={"nummer": number, "geburtsdatum": birth_date},
        headers={"X-Conversation-Id": conversation, "X-Forwarded-For": address},
    )


def status_counts(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(response.status_code for response in responses)


async def test_parallel_wrong_guesses_for_one_number_are_limited(
    client: httpx.AsyncClient,
) -> None:
    # Every guess from another conversation and address: only the number's limit applies.
    responses = await asyncio.gather(
        *(
            guess(client, SERIAL, WRONG_DATE, f"conv-{index}", f"198.51.100.{index}")
            for index in range(PARALLEL)
        )
    )
    assert status_counts(responses) == {404: 5, 429: PARALLEL - 5}
    # The right birth date is no key to an exhausted number.
    correct = await guess(client, VORGANG, BIRTH_DATE, "conv-late", "198.51.100.200")
    assert correct.status_code == 429


async def test_parallel_wrong_guesses_of_one_conversation_are_limited(
    client: httpx.AsyncClient,
) -> None:
    responses = await asyncio.gather(
        *(
            guess(client, f"ZZZZ{index:05d}", WRONG_DATE, "conv-1", f"203.0.113.{index}")
            for index in range(PARALLEL)
        )
    )
    assert status_counts(responses) == {404: 5, 429: PARALLEL - 5}
    assert (await guess(client, SERIAL, BIRTH_DATE, "conv-1", "203.0.113.250")).status_code == 429


async def test_the_limit_holds_across_workers(
    client: httpx.AsyncClient, second_worker: httpx.AsyncClient
) -> None:
    workers = (client, second_worker)
    responses = await asyncio.gather(
        *(
            guess(workers[index % 2], SERIAL, WRONG_DATE, f"conv-{index}", f"198.51.100.{index}")
            for index in range(PARALLEL)
        )
    )
    assert status_counts(responses) == {404: 5, 429: PARALLEL - 5}
    for worker in workers:
        late = await guess(worker, SERIAL, BIRTH_DATE, "conv-late", "198.51.100.201")
        assert late.status_code == 429
