"""nrwbot.german.is_place_phrase: "vor dem Rathaus" is where, "Anna Becker" is who."""

from __future__ import annotations

import pytest

from nrwbot.german import is_place_phrase


@pytest.mark.parametrize(
    "text",
    ["vor dem Rathaus", "am Bahnhof", "im Bus", "beim Bäcker", "Auf dem Marktplatz", "der Park"],
)
def test_places_are_recognised(text: str) -> None:
    assert is_place_phrase(text)


@pytest.mark.parametrize("text", ["Anna Becker", "Imke", "Vormann", "Amadeus Imhoff", "Derya Kaya"])
def test_names_are_not_places(text: str) -> None:
    assert not is_place_phrase(text)
