"""Ausweis status: fair limits per number, per citizen and (gently) per client address.

The action server calls the backend from 127.0.0.1 for every citizen. It names the citizen by
`X-Citizen-Key` and forwards the address it saw in `X-Forwarded-For`; the backend believes that
header only from a trusted proxy, and only its rightmost untrusted entry.
"""

from __future__ import annotations

import httpx
import pytest
from sanic import Sanic

from backend.settings import BackendSettings, parse_networks

URL = "/api/v1/ausweisantraege/status"
SERIAL, BIRTH_DATE = "L58W7L8N1", "1953-01-03"
OTHER_SERIAL, OTHER_BIRTH_DATE = "N9J749RH9", "2025-05-11"
WRONG_DATE = "1980-01-01"


def citizen(index: int) -> str:
    """A citizen key as the action server sends it: 64 hex characters."""
    return f"{index:064x}"


async def ask(
    client: httpx.AsyncClient,
    number: str,
    birth_date: str,
    *,
    key: str | None = None,
    forwarded_for: str | None = None,
    conversation: str | None = None,
) -> httpx.Response:
    headers = {}
    if key is not None:
        headers["X-Citizen-Key"] = key
    if forwarded_for is not None:
        headers["X-Forwarded-For"] = forwarded_for
    if conversation is not None:
        headers["X-Conversation-Id"] = conversation
    return await client.post(
        URL, json={"nummer": number, "geburtsdatum": birth_date}, headers=headers
    )


@pytest.mark.parametrize("forwarded_for", [None, "203.0.113.9"], ids=["loopback", "forwarded"])
async def test_six_citizens_behind_one_address_do_not_lock_out_a_seventh(
    client: httpx.AsyncClient, forwarded_for: str | None
) -> None:
    for index in range(6):
        wrong = await ask(
            client, f"ZZZZ{index:05d}", WRONG_DATE, key=citizen(index), forwarded_for=forwarded_for
        )
        assert wrong.status_code == 404, index
    seventh = await ask(client, SERIAL, BIRTH_DATE, key=citizen(7), forwarded_for=forwarded_for)
    assert seventh.status_code == 200, seventh.text
    assert seventh.json()["status"] == "beantragt"


async def test_one_address_has_a_gentle_limit_of_its_own(client: httpx.AsyncClient) -> None:
    for index in range(30):
        wrong = await ask(
            client, f"ZZZZ{index:05d}", WRONG_DATE, key=citizen(index), forwarded_for="203.0.113.9"
        )
        assert wrong.status_code == 404, index
    blocked = await ask(client, SERIAL, BIRTH_DATE, key=citizen(99), forwarded_for="203.0.113.9")
    assert blocked.status_code == 429
    elsewhere = await ask(client, SERIAL, BIRTH_DATE, key=citizen(99), forwarded_for="203.0.113.10")
    assert elsewhere.status_code == 200


async def test_a_citizen_key_is_limited_across_numbers_and_addresses(
    client: httpx.AsyncClient,
) -> None:
    for index in range(5):
        wrong = await ask(
            client,
            f"ZZZZ{index:05d}",
            WRONG_DATE,
            key=citizen(1),
            forwarded_for=f"198.51.100.{index}",
            conversation=f"conv-{index}",  # the citizen key wins over a conversation id
        )
        assert wrong.status_code == 404
    blocked = await ask(client, SERIAL, BIRTH_DATE, key=citizen(1), forwarded_for="198.51.100.99")
    assert blocked.status_code == 429
    other = await ask(client, SERIAL, BIRTH_DATE, key=citizen(2), forwarded_for="198.51.100.99")
    assert other.status_code == 200


@pytest.mark.parametrize(
    "settings", [BackendSettings(ratelimit_max_failures_per_address=3)], ids=["3-per-address"]
)
async def test_a_client_set_first_forwarded_entry_cannot_spoof_the_address(
    client: httpx.AsyncClient,
) -> None:
    # The citizen invents the first entry; the trusted proxy appended the address it saw.
    for index in range(3):
        wrong = await ask(
            client,
            f"ZZZZ{index:05d}",
            WRONG_DATE,
            key=citizen(index),
            forwarded_for=f"10.66.0.{index}, 203.0.113.5",
        )
        assert wrong.status_code == 404
    spoofed = await ask(
        client, SERIAL, BIRTH_DATE, key=citizen(50), forwarded_for="10.66.0.77, 203.0.113.5"
    )
    assert spoofed.status_code == 429
    assert (
        await ask(client, SERIAL, BIRTH_DATE, key=citizen(50), forwarded_for="203.0.113.6")
    ).status_code == 200


@pytest.mark.parametrize(
    "settings", [BackendSettings(ratelimit_max_failures_per_address=3)], ids=["3-per-address"]
)
async def test_forwarded_for_counts_only_from_a_trusted_proxy(app: Sanic) -> None:
    transport = httpx.ASGITransport(app=app, client=("192.0.2.50", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://backend") as remote:
        for index in range(3):
            wrong = await ask(
                remote,
                f"ZZZZ{index:05d}",
                WRONG_DATE,
                key=citizen(index),
                forwarded_for=f"10.9.9.{index}",
            )
            assert wrong.status_code == 404
        blocked = await ask(
            remote, OTHER_SERIAL, OTHER_BIRTH_DATE, key=citizen(9), forwarded_for="10.9.9.200"
        )
        assert blocked.status_code == 429


@pytest.mark.parametrize(
    "settings",
    [
        BackendSettings(
            ratelimit_max_failures_per_address=2,
            trusted_proxies=parse_networks("10.0.0.0/8"),
        )
    ],
    ids=["proxy-10/8"],
)
async def test_trusted_proxies_are_configurable(app: Sanic) -> None:
    # The proxy at 10.1.2.3 is trusted; 127.0.0.1 no longer is.
    transport = httpx.ASGITransport(app=app, client=("10.1.2.3", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://backend") as proxied:
        for index in range(2):
            wrong = await ask(
                proxied,
                f"ZZZZ{index:05d}",
                WRONG_DATE,
                key=citizen(index),
                forwarded_for=f"198.51.100.{index}",
            )
            assert wrong.status_code == 404
        fine = await ask(proxied, SERIAL, BIRTH_DATE, key=citizen(9), forwarded_for="198.51.100.7")
        assert fine.status_code == 200


@pytest.mark.parametrize(
    "value",
    ["x" * 129, "abc def", "schlüssel", "a/b", "key\x00"],
    ids=["too-long", "space", "umlaut", "slash", "nul"],
)
async def test_malformed_citizen_key_is_400(client: httpx.AsyncClient, value: str) -> None:
    response = await client.post(
        URL,
        json={"nummer": SERIAL, "geburtsdatum": BIRTH_DATE},
        headers={"X-Citizen-Key": value.encode("utf-8")},
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "X-Citizen-Key"


async def test_citizen_key_alphabet_and_length(client: httpx.AsyncClient) -> None:
    for value in (citizen(1), "a" * 128, "session:Ab_9-x.y"):
        assert (await ask(client, SERIAL, BIRTH_DATE, key=value)).status_code == 200, value
