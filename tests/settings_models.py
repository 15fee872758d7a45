"""Settings models for experts that tests create in temporary project folders."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field

from nrwbot.expert_settings import ExpertSettings


class Gebuehren(ExpertSettings):
    """A nested block, so errors deep inside a setting are located too."""

    tonne: float


class MuellSettings(ExpertSettings):
    """A small expert's settings: one required URL, optional fees."""

    backend_url: AnyHttpUrl = Field(..., description="Basis-URL der API")
    abholgebuehr: float | None = None
    gebuehren: Gebuehren | None = None
