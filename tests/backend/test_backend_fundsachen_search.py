"""Fundsachen search against the demo fixtures: synonyms, spellings, ranking, filters."""

from __future__ import annotations

import httpx

from backend.search import SynonymTable, default_synonyms, fold, word_match

PHONES = {"F-2026-00011", "F-2026-00016"}
WALLETS = {"F-2026-00002", "F-2026-00022", "F-2026-00030"}
KEYS = {"F-2026-00003", "F-2026-00048", "F-2026-00059"}
BIKES_IN_STORAGE = {"F-2026-00014", "F-2026-00019", "F-2026-00025", "F-2026-00038", "F-2026-00058"}


async def search(client: httpx.AsyncClient, **params: str | int) -> dict:
    response = await client.get("/api/v1/fundsachen", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def numbers(result: dict) -> set[str]:
    return {item["fundnummer"] for item in result["items"]}


async def test_phone_synonyms_find_both_phones(client: httpx.AsyncClient) -> None:
    for query in ["Handy", "Smartphone", "Mobiltelefon", "iPhone", "HANDY"]:
        result = await search(client, q=query)
        assert numbers(result) == PHONES, query
        assert result["total"] == 2, query


async def test_wallet_synonyms_and_spellings(client: httpx.AsyncClient) -> None:
    for query in [
        "Portemonnaie",
        "Portmonee",
        "Geldbeutel",
        "Geldbörse",
        "Geldboerse",
        "geldbörse",
    ]:
        assert numbers(await search(client, q=query)) == WALLETS, query


async def test_brieftasche_ranks_wallets_above_bags(client: httpx.AsyncClient) -> None:
    items = (await search(client, q="Brieftasche"))["items"]
    assert {item["fundnummer"] for item in items[:3]} == WALLETS
    assert all(item["score"] < items[0]["score"] for item in items[3:])


async def test_key_synonyms_and_umlaut_free_spelling(client: httpx.AsyncClient) -> None:
    for query in ["Schlüssel", "Schluessel", "schlüsselbund", "Haustürschlüssel"]:
        assert numbers(await search(client, q=query)) == KEYS, query


async def test_bike_synonyms_find_only_bikes_in_storage(client: httpx.AsyncClient) -> None:
    for query in ["Fahrrad", "Rad", "Bike", "Damenfahrrad"]:
        # F-2026-00006 is a bike too, but already collected.
        assert numbers(await search(client, q=query)) == BIKES_IN_STORAGE, query


async def test_exact_word_outranks_synonym(client: httpx.AsyncClient) -> None:
    items = (await search(client, q="Portemonnaie"))["items"]
    assert items[0]["fundnummer"] == "F-2026-00030"  # "braunes Portemonnaie"
    assert items[0]["score"] > items[1]["score"]


async def test_more_matching_words_rank_higher(client: httpx.AsyncClient) -> None:
    items = (await search(client, q="rote Geldbörse"))["items"]
    assert items[0]["fundnummer"] == "F-2026-00002"
    assert items[0]["score"] == 1.0
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)


async def test_rucksack_finds_bags_only_as_weaker_hits(client: httpx.AsyncClient) -> None:
    items = (await search(client, q="Tasche", limit=50))["items"]
    bag_scores = [i["score"] for i in items if i["kategorie"] == "Tasche"]
    backpack_scores = [i["score"] for i in items if i["kategorie"] == "Rucksack"]
    assert bag_scores and backpack_scores
    assert min(bag_scores) > max(backpack_scores)


async def test_only_items_in_storage_are_listed(client: httpx.AsyncClient) -> None:
    result = await search(client, limit=50)
    assert result["total"] == 53
    assert {item["status"] for item in result["items"]} == {"eingelagert"}
    assert len(result["items"]) == 50


async def test_items_have_the_contract_fields(client: httpx.AsyncClient) -> None:
    item = (await search(client, q="iPhone"))["items"][0]
    assert set(item) == {
        "fundnummer",
        "kategorie",
        "beschreibung",
        "farbe",
        "fundort",
        "funddatum",
        "status",
        "score",
    }
    assert item["fundnummer"] == "F-2026-00016"
    assert 0 < item["score"] <= 1


async def test_limit_caps_items_but_not_total(client: httpx.AsyncClient) -> None:
    result = await search(client, q="Regenschirm", limit=2)
    assert len(result["items"]) == 2
    assert result["total"] == 6  # 7 umbrellas, one collected


async def test_no_match_gives_empty_list(client: httpx.AsyncClient) -> None:
    assert await search(client, q="Saxophon") == {"items": [], "total": 0}


async def test_category_filter_accepts_synonyms(client: httpx.AsyncClient) -> None:
    assert numbers(await search(client, kategorie="Handy")) == PHONES
    assert numbers(await search(client, kategorie="mobiltelefon")) == PHONES


async def test_colour_filter_matches_field_and_inflected_words(client: httpx.AsyncClient) -> None:
    result = await search(client, q="Fahrrad", farbe="rot")
    assert numbers(result) == {"F-2026-00014", "F-2026-00025"}
    items = (await search(client, q="Rucksack", farbe="schwarzer"))["items"]
    assert {item["fundnummer"] for item in items[:2]} == {"F-2026-00007", "F-2026-00044"}
    assert {item["farbe"] for item in items} == {"schwarz"}


async def test_place_and_date_filters_narrow(client: httpx.AsyncClient) -> None:
    result = await search(client, q="Schlüssel", ort="Bus 550")
    assert numbers(result) == {"F-2026-00048"}
    result = await search(client, q="Schlüssel", von="2026-08-01", bis="2026-08-31")
    assert numbers(result) == {"F-2026-00059"}
    assert numbers(await search(client, q="Schlüssel", von="2026-09-06")) == set()


BAD_QUERIES = [
    ({"von": "2026-13-01"}, "von"),
    ({"bis": "24.11.2026"}, "bis"),
    ({"von": "2026-09-01", "bis": "2026-08-01"}, "bis"),
    ({"limit": "0"}, "limit"),
    ({"limit": "51"}, "limit"),
    ({"limit": "zehn"}, "limit"),
    ({"q": "x" * 201}, "q"),
    ({"sortierung": "neu"}, "sortierung"),
]


async def test_bad_query_parameters_are_rejected(client: httpx.AsyncClient) -> None:
    for params, field in BAD_QUERIES:
        response = await client.get("/api/v1/fundsachen", params=params)
        assert response.status_code == 400, params
        body = response.json()
        assert body["error"] == "validation_error", params
        assert field in {detail["field"] for detail in body["details"]}, params


async def test_repeated_query_parameter_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/fundsachen?q=Handy&q=Rad")
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "q"


def test_folding_unifies_umlaut_spellings() -> None:
    assert fold("Schlüssel") == fold("Schluessel") == fold("SCHLUSSEL")
    assert fold("Geldbörse") == fold("Geldboerse")
    assert fold("Straße") == "strasse"


def test_word_match_handles_inflection_and_compounds() -> None:
    assert word_match("rot", "rot") == 1.0
    assert word_match("rot", "roten") > word_match("schlussel", "schlusselbund") > 0
    assert word_match("rad", "damenrad") > 0
    assert word_match("rad", "brille") == 0


def test_synonym_table_is_data_with_groups_that_cover_the_brief() -> None:
    table = default_synonyms()
    assert {fold(w) for w in ("Smartphone", "Mobiltelefon", "iPhone")} <= table.synonyms_of("handy")
    assert fold("Brieftasche") in table.synonyms_of(fold("Portmonee"))
    assert "tasche" in table.related_to("rucksack")
    custom = SynonymTable.from_data({"synonyme": [["Velo", "Drahtesel"]], "stoppwoerter": []})
    assert custom.synonyms_of("drahtesel") == {"velo"}
