"""Errors that NRWbot raises for configuration a person has to fix."""


class NRWbotError(Exception):
    """Base class: the message is a sentence meant for the person running NRWbot."""


class ManifestError(NRWbotError):
    """An expert's manifest or files are invalid."""


class CompositionError(NRWbotError):
    """Core and experts cannot be combined into one Rasa project."""


class TenantConfigError(NRWbotError):
    """A tenant (municipality) configuration file is invalid."""
