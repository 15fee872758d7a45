"""Ranked free-text search over found items, with the synonym table in `fundsuche_synonyme.json`.

Words are folded (case, ß, umlauts written as ä or ae or a) and compared by whole word, by
inflection (rot/rote) and by German compound head or stem (Damenrad ends with Rad,
Schlüsselbund starts with Schlüssel). Synonyms score a little below the word itself, related
words well below. The score of an item is the mean over the query words of each word's best
hit, weighted by field, so it lies between 0 and 1.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SYNONYM_FILE = Path(__file__).resolve().parent / "fundsuche_synonyme.json"
FIELD_WEIGHTS = {"kategorie": 1.0, "beschreibung": 1.0, "farbe": 0.6, "fundort": 0.5}
# Synonyms describe things, not places or colours ("Wallet" must not hit "Wall am Osthofentor").
SYNONYM_FIELDS = frozenset({"kategorie", "beschreibung"})
SYNONYM_FACTOR = 0.8
RELATED_FACTOR = 0.4
_FOLDS = (("ß", "ss"), ("ä", "a"), ("ö", "o"), ("ü", "u"), ("ae", "a"), ("oe", "o"), ("ue", "u"))
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case and spell umlauts one way, so Schlüssel, Schluessel and Schlussel agree."""
    folded = text.lower()
    for old, new in _FOLDS:
        folded = folded.replace(old, new)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str | None) -> list[str]:
    """The folded words of a text."""
    return _WORD.findall(fold(text)) if text else []


def word_match(term: str, word: str, *, query_compounds: bool = True) -> float:
    """How well one folded query word hits one folded item word (0 = not at all).

    `query_compounds` lets a compound query word hit its head ("damenfahrrad" hits
    "fahrrad"); it is off for synonyms, where it would let "Brieftasche" hit every "Tasche".
    """
    if term == word:
        return 1.0
    if min(len(term), len(word)) < 3:
        return 0.0
    if word.startswith(term) or term.startswith(word):
        return 0.9 if abs(len(word) - len(term)) <= 2 else 0.6
    if word.endswith(term):
        return 0.7
    if query_compounds and len(word) >= 4 and term.endswith(word):
        return 0.6
    return 0.0


@dataclass(frozen=True)
class QueryTerm:
    """One folded query word with the words that count as (weaker) hits for it."""

    word: str
    synonyms: frozenset[str]
    related: frozenset[str]


@dataclass(frozen=True)
class SynonymTable:
    """Synonym and related-word groups plus stop words, all folded."""

    synonyms: tuple[frozenset[str], ...]
    related: tuple[frozenset[str], ...]
    stopwords: frozenset[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SynonymTable:
        """Build the table from the JSON structure of `fundsuche_synonyme.json`."""

        def groups(key: str) -> tuple[frozenset[str], ...]:
            return tuple(frozenset(fold(word) for word in group) for group in data.get(key, []))

        return cls(
            groups("synonyme"),
            groups("verwandt"),
            frozenset(map(fold, data.get("stoppwoerter", []))),
        )

    def query_terms(self, query: str | None) -> list[QueryTerm]:
        """The folded query words worth searching for, each with its synonyms and relatives."""
        return [
            QueryTerm(term, frozenset(self.synonyms_of(term)), frozenset(self.related_to(term)))
            for term in words(query)
            if term not in self.stopwords
        ]

    def synonyms_of(self, term: str) -> set[str]:
        """Other words of the term's synonym groups."""
        return self._expand(term, self.synonyms)

    def related_to(self, term: str) -> set[str]:
        """Other words of the term's related-word groups."""
        # A known synonym is never read as a compound: "Geldbeutel" is no kind of "Beutel".
        known = any(term in group for group in self.synonyms)
        return self._expand(term, self.related, by_head=not known)

    def _expand(
        self, term: str, groups: Iterable[frozenset[str]], *, by_head: bool = True
    ) -> set[str]:
        groups = list(groups)
        key = term
        if not any(term in group for group in groups):
            if not by_head:
                return set()
            # A compound counts by its head: "Damenfahrrad" expands like "Fahrrad".
            heads = [w for group in groups for w in group if len(w) >= 3 and term.endswith(w)]
            if not heads:
                return set()
            key = max(heads, key=len)
        return {word for group in groups if key in group for word in group} - {term}

    def same_category(self, wanted: str, kategorie: str) -> bool:
        """Whether a category filter (e.g. "Handy") names the item's category ("Mobiltelefon")."""
        wanted_folded, kategorie_folded = fold(wanted.strip()), fold(kategorie.strip())
        return kategorie_folded == wanted_folded or kategorie_folded in self.synonyms_of(
            wanted_folded
        )


@lru_cache(maxsize=1)
def default_synonyms() -> SynonymTable:
    """The table shipped with the backend."""
    return SynonymTable.from_data(json.loads(SYNONYM_FILE.read_text(encoding="utf-8")))


def score_item(item: Mapping[str, Any], terms: list[QueryTerm]) -> float:
    """Relevance of one item (0..1) for the prepared query terms."""
    if not terms:
        return 0.0
    fields = {name: words(item.get(name)) for name in FIELD_WEIGHTS}
    total = 0.0
    for term in terms:
        best = 0.0
        for name, item_words in fields.items():
            expand = name in SYNONYM_FIELDS
            for word in item_words:
                hit = word_match(term.word, word)
                if expand:
                    hit = max(
                        hit,
                        SYNONYM_FACTOR * _best(term.synonyms, word),
                        RELATED_FACTOR * _best(term.related, word),
                    )
                best = max(best, FIELD_WEIGHTS[name] * hit)
        total += best
    return round(total / len(terms), 3)


def _best(candidates: frozenset[str], word: str) -> float:
    return max((word_match(c, word, query_compounds=False) for c in candidates), default=0.0)


def colour_matches(wanted: str, item: Mapping[str, Any]) -> bool:
    """Whether the item has the wanted colour (field or description; rot matches roter)."""
    targets = words(wanted)
    item_words = words(item.get("farbe")) + words(item.get("beschreibung"))
    return bool(targets) and all(
        any(
            word == target
            or (
                (word.startswith(target) or target.startswith(word))
                and min(len(word), len(target)) >= 3
                and abs(len(word) - len(target)) <= 3
            )
            for word in item_words
        )
        for target in targets
    )


def place_matches(wanted: str, fundort: str) -> bool:
    """Whether every word of the wanted place occurs in the place of find."""
    place = " ".join(words(fundort))
    targets = words(wanted)
    return bool(targets) and all(target in place for target in targets)
