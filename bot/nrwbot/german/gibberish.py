"""Tells keyboard mashing ("asdfgh", "jjjj", "xcvbnm") from German, however badly typed.

Such a message is not a question about another service: it deserves "please say it in other
words", not the out-of-scope answer. A word counts as German when it is a known word form
(spaCy's German lemma table, or a word of the bot's own training data such as "perso" or "nö"),
or when its letter sequences are common in German words: "sperrmuell", "parkausweis" or
"hundesteur" pass, "asdf", "qwertz" and "dfgdfg" do not. A message with no German word at all is
gibberish. The letter statistics come from the installed `spacy-lookups-data` package, so nothing
is downloaded.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import spacy_lookups_data

_WORD = re.compile(r"[a-zäöüß]+")
# Measured on the lemma table and the bot's NLU data: German words, also misspelt or without
# umlauts, score above about -4.4; keyboard rows and repeated letters below -4.7.
_GERMAN_LETTERS = -4.5
_AFTER_TWO = 0.9
_SMOOTHING = 0.1
_ALPHABET_SIZE = 32


def words_of(text: str) -> list[str]:
    """The lower-case words of a text; digits and punctuation are no words."""
    return _WORD.findall(text.lower())


@dataclass(frozen=True)
class LetterModel:
    """How often letters follow each other in German word forms ("^" and "$" mark a word's start
    and end): the letter after two letters, mixed with the letter after one, so that a rare pair
    such as "jj" does not make any next letter look likely."""

    trigrams: Counter[str]
    bigrams: Counter[str]
    letters: Counter[str]
    words: frozenset[str]

    @classmethod
    def from_words(cls, words: Iterable[str]) -> LetterModel:
        vocabulary = frozenset(words)
        trigrams: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        letters: Counter[str] = Counter()
        for word in vocabulary:
            marked = f"^{word}$"
            letters.update(marked[:-1])
            bigrams.update(marked[i : i + 2] for i in range(len(marked) - 1))
            trigrams.update(marked[i : i + 3] for i in range(len(marked) - 2))
        return cls(trigrams, bigrams, letters, vocabulary)

    def _next_letter(self, before: str, letter: str) -> float:
        pair = self.bigrams[before]
        after_two = self.trigrams[before + letter] / pair if pair else 0.0
        after_one = (self.bigrams[before[1] + letter] + _SMOOTHING) / (
            self.letters[before[1]] + _SMOOTHING * _ALPHABET_SIZE
        )
        return _AFTER_TWO * after_two + (1 - _AFTER_TWO) * after_one

    def letter_score(self, word: str) -> float:
        """Mean log-probability per letter: above about -4 for German, below -4.5 for mashing."""
        marked = f"^{word}$"
        logs = [
            math.log(self._next_letter(marked[i : i + 2], marked[i + 2]))
            for i in range(len(marked) - 2)
        ]
        return sum(logs) / len(logs)

    def is_german(self, word: str, known: frozenset[str] = frozenset()) -> bool:
        return word in known or word in self.words or self.letter_score(word) >= _GERMAN_LETTERS


def _lemma_table_words() -> Iterable[str]:
    with gzip.open(spacy_lookups_data.get_file("de_lemma_lookup.json.gz")) as table:
        lemmas: dict[str, str] = json.load(table)
    for form, lemma in lemmas.items():
        yield from words_of(form)
        yield from words_of(lemma)


@lru_cache(maxsize=1)
def german_letters() -> LetterModel:
    """The model of German word forms, built once per process (about 3 s)."""
    return LetterModel.from_words(_lemma_table_words())


def looks_like_gibberish(text: str, known: frozenset[str] = frozenset()) -> bool:
    """True when no word of `text` is German: mashing, only digits, only emoji or punctuation.

    `known` holds further words that count as German, such as those of the training data.
    """
    model = german_letters()
    return not any(model.is_german(word, known) for word in words_of(text))


_MARKUP = re.compile(r"\]\((?:[^)]*)\)|\]\{[^}]*\}|\[")


def example_words(nlu_examples: Iterable[str]) -> frozenset[str]:
    """The words of Rasa NLU `examples` blocks ("- [Beagle](hunderasse) anmelden"), markup removed."""
    return frozenset(
        word
        for block in nlu_examples
        for line in block.splitlines()
        for word in words_of(_MARKUP.sub(" ", line.strip().removeprefix("-")))
    )
