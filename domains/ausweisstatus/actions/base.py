"""The base every action of the ausweisstatus expert builds on."""

from __future__ import annotations

from domains.ausweisstatus.client import AusweisClient
from domains.ausweisstatus.replies import EXPERT
from domains.ausweisstatus.settings import AusweisSettings
from nrwbot.sdk import ExpertAction


class AusweisAction(ExpertAction[AusweisSettings]):
    """What every action of the expert shares: its settings, client and outage answer."""

    expert = EXPERT
    settings_model = AusweisSettings
    client_class = AusweisClient
    unavailable_response = "utter_ausweis_status_nicht_erreichbar"
