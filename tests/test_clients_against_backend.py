"""Each expert's client against the real reference backend, started by the test with demo data."""

from __future__ import annotations

import json
from datetime import date

import pytest

from nrwbot.service_client import NotFound, ServiceUnavailable
from nrwbot.testing import RunningBackend
from tests.harness import ROOT, free_port

pytestmark = pytest.mark.integration
DEMO = ROOT / "backend" / "demo"


@pytest.fixture(scope="module")
def backend_url(backend_server: RunningBackend) -> str:
    """The seeded backend's API; every client sends its token (NRWBOT_BACKEND_TOKEN)."""
    return backend_server.url


def _fixture(name: str) -> list[dict]:
    data = json.loads((DEMO / f"{name}.json").read_text(encoding="utf-8"))
    return data[name]


async def test_fundsachen_search_finds_seeded_items_by_synonym(backend_url: str) -> None:
    from domains.fundbuero.client import FundsachenClient, Suchanfrage

    phones = [
        i
        for i in _fixture("fundsachen")
        if "handy" in i["beschreibung"].lower()
        or "smartphone" in i["beschreibung"].lower()
        or i["kategorie"].lower() == "handy"
    ]
    result = await FundsachenClient(backend_url).suchen(Suchanfrage(q="Mobiltelefon"))
    assert result.total >= 1 and result.items
    if phones:
        assert {i.fundnummer for i in result.items} & {p["fundnummer"] for p in phones}


async def test_ausweis_status_needs_number_and_birth_date(backend_url: str) -> None:
    from domains.ausweisstatus.client import AusweisClient

    application = _fixture("ausweisantraege")[0]
    client = AusweisClient(backend_url)
    status = await client.check_status(
        application["antragsnummer"], date.fromisoformat(application["geburtsdatum"]), "clients-1"
    )
    assert status.status.value == application["status"]
    with pytest.raises(NotFound):
        await client.check_status(application["antragsnummer"], date(1900, 1, 1), "clients-1")


async def test_a_backend_that_is_down_is_a_typed_error_within_seconds() -> None:
    import time

    from domains.fundbuero.client import FundsachenClient, Suchanfrage

    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        await FundsachenClient(f"http://127.0.0.1:{free_port()}/api/v1").suchen(Suchanfrage(q="x"))
    assert time.monotonic() - started < 5
