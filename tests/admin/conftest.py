"""Fixtures for the admin app: a real SQLite tracker store with citizens' messages, accounts,
the app driven in-process over ASGI, and a settable clock."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic

from admin.accounts import Account, Scope, save_account
from admin.app import create_app
from admin.catalog import Catalog
from admin.settings import AdminSettings
from nrwbot.project import Project, load_project
from nrwbot.settings import get_settings
from nrwbot.testing import Lifespan
from nrwbot.tracker_store import tracker_store_from_url

Sanic.test_mode = True  # many apps in one process (see tests/backend/conftest.py)
PASSWORD = "richtig-langes-passwort"
SECRET = "s" * 40
# Cheap hashes keep the login tests fast; verification reads the cost from the hash.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
DOMAIN = Domain.from_dict(
    {
        "intents": ["greet", "inform", "ausweis_status", "fundbuero_verlust", "out_of_scope"],
        "entities": ["item", "date"],
        "slots": {"tenant": {"type": "text", "mappings": [{"type": "custom"}]}},
    }
)
NOW = 1_795_000_000.0  # 2026-11-18


class Clock:
    """A settable clock."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Said:
    """A user message with its NLU result, and optionally the bot's answer."""

    text: str
    intent: str
    confidence: float
    entities: tuple[dict[str, Any], ...] = ()
    answer: str = ""
    minutes_ago: float = 0


def conversation(sender: str, tenant: str | None, turns: Iterable[Said]) -> DialogueStateTracker:
    events: list[Event] = [ActionExecuted("action_session_start", timestamp=NOW - 86_400)]
    if tenant is not None:
        events.append(SlotSet("tenant", tenant, timestamp=NOW - 86_400))
    for said in turns:
        at = NOW - said.minutes_ago * 60
        events.append(ActionExecuted("action_listen", timestamp=at - 1))
        parse = {
            "intent": {"name": said.intent, "confidence": said.confidence},
            "entities": list(said.entities),
            "text": said.text,
        }
        events.append(
            UserUttered(said.text, parse["intent"], list(said.entities), parse, timestamp=at)
        )
        if said.answer:
            events.append(BotUttered(said.answer, timestamp=at + 1))
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


async def save_conversations(url: str, trackers: Iterable[DialogueStateTracker]) -> None:
    store = tracker_store_from_url(url, DOMAIN)
    for tracker in trackers:
        await store.save(tracker)


# The demo data of most tests: two tenants, duplicates, a fallback, personal data, no tenant.
STANDARD = [
    conversation(
        "soest-1",
        "soest",
        [
            Said(
                "Wann ist mein Perso fertig?",
                "ausweis_status",
                0.45,
                minutes_ago=50,
                answer="Das prüfe ich.",
            ),
            Said(
                "Ich heiße Erika Mustermann und meine Mail ist erika@example.org",
                "inform",
                0.9,
                minutes_ago=49,
                answer="Danke, wir schreiben an erika@example.org.",
            ),
        ],
    ),
    conversation(
        "soest-2",
        "soest",
        [Said("wann ist mein perso fertig", "ausweis_status", 0.40, minutes_ago=30)],
    ),
    conversation(
        "soest-3",
        "soest",
        [Said("wann ist mein Perso fertig!!", "ausweis_status", 0.62, minutes_ago=20)],
    ),
    conversation(
        "soest-4",
        "soest",
        [
            Said("blubb", "nlu_fallback", 0.3, minutes_ago=10),
            Said(
                "Ich habe mein Handy im Bus verloren",
                "fundbuero_verlust",
                0.97,
                ({"entity": "item", "value": "Handy", "start": 14, "end": 19},),
                minutes_ago=9,
            ),
        ],
    ),
    conversation(
        "lippstadt-1",
        "lippstadt",
        [
            Said(
                "Mein Name ist Max Muster, wo ist das Fundbüro?",
                "fundbuero_verlust",
                0.55,
                minutes_ago=5,
            )
        ],
    ),
    conversation("ohne-kommune", None, [Said("Hallo", "greet", 0.99, minutes_ago=1)]),
]


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project()


@pytest.fixture(scope="session")
def catalog(project: Project) -> Catalog:
    return Catalog.from_project(project)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tracker_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'conversations.db'}"


@pytest.fixture(scope="session")
async def standard_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The STANDARD conversations in a SQLite store, written once per session."""
    path = tmp_path_factory.mktemp("store") / "conversations.db"
    await save_conversations(f"sqlite:///{path}", STANDARD)
    return path


@pytest.fixture
def filled_store(standard_store: Path, tmp_path: Path) -> str:
    """A copy of the standard store for one test."""
    path = tmp_path / "conversations.db"
    shutil.copyfile(standard_store, path)
    return f"sqlite:///{path}"


def add_account(path: Path, name: str, scope: str) -> None:
    save_account(path, Account(name, FAST_HASHER.hash(PASSWORD), Scope.parse(scope)))


@pytest.fixture
def admin_settings(tmp_path: Path, filled_store: str) -> AdminSettings:
    accounts = tmp_path / "admin-accounts.yml"
    add_account(accounts, "plattform", "all")
    add_account(accounts, "soest", "soest")
    add_account(accounts, "lippstadt", "lippstadt")
    return AdminSettings(
        nrwbot=replace(get_settings(), tracker_store_url=filled_store),
        accounts_path=accounts,
        database_url=f"sqlite:///{tmp_path / 'admin.db'}",
        secret=SECRET,
    )


@pytest.fixture
async def app(
    admin_settings: AdminSettings, catalog: Catalog, clock: Clock
) -> AsyncIterator[Sanic]:
    application = create_app(admin_settings, catalog=catalog, clock=clock)
    async with Lifespan(application):
        yield application


def client_for(app: Sanic, address: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://admin")


@pytest.fixture
async def client(app: Sanic) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as http:
        yield http


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def login(client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    form = await client.get("/anmelden")
    return await client.post(
        "/anmelden", data={"csrf": csrf_of(form.text), "username": name, "password": password}
    )
