"""The inbox: filtering, ordering, grouping near-duplicates and paging citizens' messages.

Pure functions over `Message`s that the source has already restricted to the account's scope and
redacted. By default what the bot understood worst comes first: fallback and out-of-scope hits,
then the lowest intent confidence, newer before older.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from admin.catalog import FALLBACK_INTENTS
from admin.conversations import Message

PAGE_SIZE = 25
TIMEZONE = ZoneInfo("Europe/Berlin")
SORTS = ("worst", "newest")
STATUSES = ("open", "done", "all")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normal_form(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation gone, spaces collapsed.

    "Wann ist mein Perso fertig?!" and "wann ist mein perso fertig" are the same; so are "für"
    and "fuer". Placeholders of the redactor (`[NAME]`) stay recognisable as `[name]`.
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_UMLAUTS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\[\]]+", " ", text).split())


def group_key(text: str) -> str:
    """A short, stable name for the near-duplicate group of a (redacted) text."""
    return hashlib.sha256(normal_form(text).encode()).hexdigest()[:16]


def is_fallback(message: Message) -> bool:
    return message.intent in FALLBACK_INTENTS or message.intent is None


def _day(raw: str) -> date:
    """A date as a date input sends it (2026-11-24) or as people write it (24.11.2026)."""
    german = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", raw)
    if german:
        day, month, year = (int(part) for part in german.groups())
        return date(year, month, day)
    return date.fromisoformat(raw)


@dataclass(frozen=True)
class Filters:
    """What the inbox shows; parsed from the query string, invalid values are reported."""

    tenant: str = ""
    expert: str = ""
    intent: str = ""
    date_from: date | None = None
    date_to: date | None = None
    below: int | None = None  # confidence below this many percent
    fallback_only: bool = False
    status: str = "open"
    sort: str = "worst"
    grouped: bool = True
    group: str = ""
    page: int = 1
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> Filters:
        errors: list[str] = []

        def value(name: str, convert: Callable[[str], Any], message: str) -> Any:
            raw = (args.get(name) or "").strip()
            if not raw:
                return None
            try:
                return convert(raw)
            except ValueError:
                errors.append(message)
                return None

        below = value("below", int, "Die Konfidenzgrenze muss eine ganze Zahl von 0 bis 100 sein.")
        if below is not None and not 0 <= below <= 100:
            errors.append("Die Konfidenzgrenze muss eine ganze Zahl von 0 bis 100 sein.")
            below = None
        page = value("page", int, "Die Seitenzahl ist ungültig.") or 1
        return cls(
            tenant=(args.get("tenant") or "").strip(),
            expert=(args.get("expert") or "").strip(),
            intent=(args.get("intent") or "").strip(),
            date_from=value(
                "from", _day, "Das Datum „von“ ist ungültig; bitte als TT.MM.JJJJ angeben."
            ),
            date_to=value(
                "to", _day, "Das Datum „bis“ ist ungültig; bitte als TT.MM.JJJJ angeben."
            ),
            below=below,
            fallback_only=args.get("fallback") == "1",
            status=args.get("status") if args.get("status") in STATUSES else "open",
            sort=args.get("sort") if args.get("sort") in SORTS else "worst",
            grouped=args.get("view") != "single",
            group=re.sub(r"[^0-9a-f]", "", args.get("group") or "")[:16],
            page=max(1, page),
            errors=tuple(errors),
        )

    def query(self, **changes: Any) -> str:
        """The query string of these filters (with changes), for links and forms."""
        f = replace(self, **changes)
        pairs = {
            "tenant": f.tenant,
            "expert": f.expert,
            "intent": f.intent,
            "from": f.date_from.isoformat() if f.date_from else "",
            "to": f.date_to.isoformat() if f.date_to else "",
            "below": "" if f.below is None else str(f.below),
            "fallback": "1" if f.fallback_only else "",
            "status": "" if f.status == "open" else f.status,
            "sort": "" if f.sort == "worst" else f.sort,
            "view": "" if f.grouped else "single",
            "group": f.group,
            "page": "" if f.page == 1 else str(f.page),
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _moment(day: date, end: bool = False) -> float:
    start = datetime.combine(day + timedelta(days=1) if end else day, time(), TIMEZONE)
    return start.timestamp()


def matches(
    message: Message, filters: Filters, expert_of: Callable[[str | None], str], done: bool
) -> bool:
    """Whether a message passes every filter; `done` says whether it has an annotation."""
    checks = [
        not filters.tenant or message.tenant == filters.tenant,
        not filters.expert or expert_of(message.intent) == filters.expert,
        not filters.intent or message.intent == filters.intent,
        not filters.date_from or message.timestamp >= _moment(filters.date_from),
        not filters.date_to or message.timestamp < _moment(filters.date_to, end=True),
        filters.below is None or (message.confidence or 0.0) * 100 < filters.below,
        not filters.fallback_only or is_fallback(message),
        filters.status == "all" or done == (filters.status == "done"),
        not filters.group or group_key(message.text) == filters.group,
    ]
    return all(checks)


def order(messages: list[Message], sort: str) -> list[Message]:
    if sort == "newest":
        return sorted(messages, key=lambda m: -m.timestamp)
    return sorted(
        messages,
        key=lambda m: (not is_fallback(m), m.confidence or 0.0, -m.timestamp),
    )


@dataclass(frozen=True)
class Row:
    """One line of the inbox: a message, or the first message of a group of near-duplicates."""

    message: Message
    count: int
    key: str
    tenants: tuple[str | None, ...]
    members: tuple[Message, ...] = ()


def group(messages: list[Message]) -> list[Row]:
    """Near-duplicates (equal normal form) as one row each, in the order of their first member."""
    groups: dict[str, list[Message]] = {}
    for message in messages:
        groups.setdefault(group_key(message.text), []).append(message)
    return [
        Row(
            members[0],
            len(members),
            key,
            tuple(dict.fromkeys(m.tenant for m in members)),
            tuple(members),
        )
        for key, members in groups.items()
    ]


@dataclass(frozen=True)
class InboxPage:
    """The rows of one page and where it stands."""

    rows: list[Row]
    total: int  # rows over all pages
    messages: int  # messages over all pages
    page: int
    pages: int


def inbox(
    messages: list[Message],
    filters: Filters,
    expert_of: Callable[[str | None], str],
    annotated: Mapping[tuple[str, int], Any],
    page_size: int = PAGE_SIZE,
) -> InboxPage:
    """Filters, orders, groups and pages the messages."""
    kept = [m for m in messages if matches(m, filters, expert_of, m.ref in annotated)]
    ordered = order(kept, filters.sort)
    rows = (
        group(ordered)
        if filters.grouped and not filters.group
        else [Row(m, 1, group_key(m.text), (m.tenant,), (m,)) for m in ordered]
    )
    pages = max(1, math.ceil(len(rows) / page_size))
    page = min(filters.page, pages)
    start = (page - 1) * page_size
    return InboxPage(rows[start : start + page_size], len(rows), len(kept), page, pages)


def selected(
    messages: list[Message],
    filters: Filters,
    expert_of: Callable[[str | None], str],
    annotated: Mapping[tuple[str, int], Any],
) -> list[Message]:
    """Every message the filters select (all pages), e.g. for a bulk action on a group."""
    return order(
        [m for m in messages if matches(m, filters, expert_of, m.ref in annotated)], filters.sort
    )
