"""The find dates worth searching for a loss: a little before it, two weeks after it.

A find is registered on the day it was found, which may be days after the loss, and citizens
may be a day or two off; so the search widens the days the citizen named (`nrwbot.german`).
"""

from __future__ import annotations

from datetime import date, timedelta

from nrwbot.german import Zeitraum

SEARCH_DAYS_BEFORE = 2  # the citizen may be a day or two off
SEARCH_DAYS_AFTER = 14  # finds reach the office with a delay and may be found days after the loss


def suchzeitraum(zeitraum: Zeitraum, today: date) -> Zeitraum:
    """Widens a loss period to the find dates worth searching, ending today at the latest."""
    return Zeitraum(
        zeitraum.von - timedelta(days=SEARCH_DAYS_BEFORE),
        min(zeitraum.bis + timedelta(days=SEARCH_DAYS_AFTER), today),
    )
