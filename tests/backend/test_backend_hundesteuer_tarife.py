"""Hundesteuer tariffs per municipality, the quote endpoint and the position rule behind both."""

from __future__ import annotations

import httpx
import pytest

from backend.hundesteuer_tarif import Tarif, jahressteuer_cent

TARIFFS = {
    "soest": {
        "gemeinde": "soest",
        "waehrung": "EUR",
        "normal": ["85.80", "102.00", "118.80"],
        "gefaehrlich": ["444.00", "600.00"],
        "tarif_hinweis": "Stand: Presseangaben von 2023. "
        "Verbindlich ist die aktuelle Hundesteuersatzung der Stadt Soest.",
    },
    "lippstadt": {
        "gemeinde": "lippstadt",
        "waehrung": "EUR",
        "normal": ["84.00", "102.00", "120.00"],
        "gefaehrlich": ["546.00", "900.00"],
        "tarif_hinweis": "Quelle: Internetseite der Stadt Lippstadt zur Hundesteuer. "
        "Verbindlich ist die Hundesteuersatzung.",
    },
}


@pytest.mark.parametrize("gemeinde", sorted(TARIFFS))
async def test_each_municipality_has_its_own_tariff(
    client: httpx.AsyncClient, gemeinde: str
) -> None:
    response = await client.get("/api/v1/hundesteuer/tarife", params={"gemeinde": gemeinde})
    assert response.status_code == 200
    assert response.json() == TARIFFS[gemeinde]


@pytest.mark.parametrize(
    ("params", "status", "error"),
    [
        ({"gemeinde": "werl"}, 404, "not_found"),
        ({}, 400, "validation_error"),
        ({"gemeinde": "Soest"}, 400, "validation_error"),
        ({"gemeinde": "so\u202eest"}, 400, "validation_error"),
        ({"gemeinde": "soest", "jahr": "2026"}, 400, "validation_error"),
    ],
)
async def test_tariffs_of_an_unknown_or_malformed_municipality(
    client: httpx.AsyncClient, params: dict[str, str], status: int, error: str
) -> None:
    response = await client.get("/api/v1/hundesteuer/tarife", params=params)
    assert (response.status_code, response.json()["error"]) == (status, error)


async def test_a_repeated_municipality_parameter_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/hundesteuer/tarife?gemeinde=soest&gemeinde=lippstadt")
    assert response.status_code == 400
    assert response.json()["details"] == [
        {"field": "gemeinde", "message": "must be given only once"}
    ]


async def quote(client: httpx.AsyncClient, **case: object) -> httpx.Response:
    return await client.post("/api/v1/hundesteuer/berechnung", json=case)


@pytest.mark.parametrize(
    ("gemeinde", "bisher", "expected"),
    [
        ("soest", 0, "85.80"),
        ("soest", 1, "102.00"),  # a second normal dog: the rate of position 2
        ("soest", 2, "118.80"),
        ("soest", 6, "118.80"),  # the last rate repeats for every further dog
        ("lippstadt", 0, "84.00"),
        ("lippstadt", 1, "102.00"),
        ("lippstadt", 2, "120.00"),
        ("lippstadt", 4, "120.00"),
    ],
)
async def test_a_normal_dog_pays_the_rate_of_its_position(
    client: httpx.AsyncClient, gemeinde: str, bisher: int, expected: str
) -> None:
    response = await quote(client, gemeinde=gemeinde, gefaehrlich=False, anzahl_hunde_bisher=bisher)
    assert response.status_code == 200
    assert response.json() == {
        "gemeinde": gemeinde,
        "waehrung": "EUR",
        "jahressteuer": expected,
        "tarif_hinweis": TARIFFS[gemeinde]["tarif_hinweis"],
    }


@pytest.mark.parametrize(
    ("gemeinde", "bisher", "gefaehrlich_bisher", "expected"),
    [
        ("soest", 0, None, "444.00"),
        ("soest", 0, 0, "444.00"),
        ("soest", 2, 0, "444.00"),  # normal dogs do not move a dangerous dog up a tier
        ("soest", 1, 1, "600.00"),
        ("soest", 3, 2, "600.00"),
        ("lippstadt", 0, None, "546.00"),
        ("lippstadt", 1, 1, "900.00"),
        ("lippstadt", 2, 0, "546.00"),
    ],
)
async def test_a_dangerous_dog_counts_only_dangerous_dogs(
    client: httpx.AsyncClient,
    gemeinde: str,
    bisher: int,
    gefaehrlich_bisher: int | None,
    expected: str,
) -> None:
    case = {"gemeinde": gemeinde, "gefaehrlich": True, "anzahl_hunde_bisher": bisher}
    if gefaehrlich_bisher is not None:
        case["anzahl_gefaehrlich_bisher"] = gefaehrlich_bisher
    response = await quote(client, **case)
    assert response.status_code == 200, response.text
    assert response.json()["jahressteuer"] == expected


@pytest.mark.parametrize(
    ("case", "status", "field"),
    [
        ({"gemeinde": "werl", "gefaehrlich": False, "anzahl_hunde_bisher": 0}, 404, None),
        ({"gefaehrlich": False, "anzahl_hunde_bisher": 0}, 400, "gemeinde"),
        ({"gemeinde": "soest", "anzahl_hunde_bisher": 0}, 400, "gefaehrlich"),
        (
            {"gemeinde": "soest", "gefaehrlich": "nein", "anzahl_hunde_bisher": 0},
            400,
            "gefaehrlich",
        ),
        (
            {"gemeinde": "soest", "gefaehrlich": False, "anzahl_hunde_bisher": -1},
            400,
            "anzahl_hunde_bisher",
        ),
        (
            {
                "gemeinde": "soest",
                "gefaehrlich": True,
                "anzahl_hunde_bisher": 1,
                "anzahl_gefaehrlich_bisher": 2,
            },
            400,
            "anzahl_gefaehrlich_bisher",
        ),
        # Dangerous, with other dogs: how many of them are dangerous decides the tier.
        (
            {"gemeinde": "soest", "gefaehrlich": True, "anzahl_hunde_bisher": 1},
            400,
            "anzahl_gefaehrlich_bisher",
        ),
        (
            {"gemeinde": "soest", "gefaehrlich": False, "anzahl_hunde_bisher": 0, "betrag": "1"},
            400,
            "betrag",
        ),
    ],
)
async def test_impossible_or_unknown_cases_are_refused(
    client: httpx.AsyncClient, case: dict[str, object], status: int, field: str | None
) -> None:
    response = await quote(client, **case)
    assert response.status_code == status, response.text
    if field is not None:
        assert field in {detail["field"] for detail in response.json()["details"]}


def test_the_rule_needs_a_rate_for_the_first_dog_and_sane_counts() -> None:
    with pytest.raises(ValueError):
        Tarif(normal=(), gefaehrlich=(44400,))
    with pytest.raises(ValueError):
        Tarif(normal=(8580,), gefaehrlich=(-1,))
    tarif = Tarif(normal=(15600,), gefaehrlich=(85200,))  # one rate for every dog
    assert jahressteuer_cent(tarif, gefaehrlich=False, anzahl_hunde_bisher=3) == 15600
    with pytest.raises(ValueError):
        jahressteuer_cent(
            tarif, gefaehrlich=True, anzahl_hunde_bisher=1, anzahl_gefaehrlich_bisher=2
        )
    with pytest.raises(ValueError):
        jahressteuer_cent(tarif, gefaehrlich=False, anzahl_hunde_bisher=-1)
    with pytest.raises(ValueError):
        tarif.satz(0, gefaehrlich=False)
