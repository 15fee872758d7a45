"""Keyboard mashing is told from German however it is typed."""

from __future__ import annotations

import pytest

from nrwbot.german.gibberish import example_words, looks_like_gibberish


@pytest.mark.parametrize(
    "text",
    ["asdfgh", "jjjjjjj", "qwertz", "xcvbnm lkjhg", "dfgdfg!!", "sdf ghj", "1234", "???", "😀😀"],
)
def test_mashing_digits_and_emoji_are_gibberish(text: str) -> None:
    assert looks_like_gibberish(text)


@pytest.mark.parametrize(
    "text",
    [
        "wann kommt der sperrmuell",
        "Parkausweis",
        "kita platz",
        "wohngeld beantragen",
        "hundesteur",
        "asdf wo ist das Bürgerbüro",
        "Bauantrag",
    ],
)
def test_german_however_typed_is_not_gibberish(text: str) -> None:
    assert not looks_like_gibberish(text)


def test_words_of_the_training_data_count_as_german() -> None:
    known = example_words(["- hmm [Beagle](hunderasse) anmelden\n- nö danke\n"])
    assert {"hmm", "beagle", "anmelden", "nö", "danke"} <= known
    assert "hunderasse" not in known
    assert looks_like_gibberish("hmm")
    assert not looks_like_gibberish("hmm", known)
