"""German values for every expert: dates read from what citizens type, euros and dates written.

`parse_day` reads one day ("gestern", "seit letzter Woche", "12.03.2026"), `parse_range` the
days a past phrase means ("letzten Freitag", "Anfang März"), `parse_birth_date` a complete birth
date; `euro`, `percent` and `german_date` format values for replies; `is_place_phrase` tells
"vor dem Rathaus" from a name.
"""

from nrwbot.german.birth import BirthDateError, FutureBirthDateError, parse_birth_date
from nrwbot.german.dates import Zeitraum, parse_day, parse_range, parse_zeitraum
from nrwbot.german.formatting import cents, euro, german_date, percent
from nrwbot.german.places import is_place_phrase
from nrwbot.german.text import is_unknown

__all__ = [
    "BirthDateError",
    "FutureBirthDateError",
    "Zeitraum",
    "cents",
    "euro",
    "german_date",
    "is_place_phrase",
    "is_unknown",
    "parse_birth_date",
    "parse_day",
    "parse_range",
    "parse_zeitraum",
    "percent",
]
