"""Actions of the hundesteuer expert: every action name, mapped to its behaviour.

The behaviour lives in the submodules (faq, registration, deregistration, submit); this module
gives each a name. Core's expert loader counts the Action classes defined in this module, and
rasa-sdk registers only these named classes because the submodule bases are abstract.
"""

from __future__ import annotations

from domains.hundesteuer.actions import deregistration, faq, offers, registration, submit


class ActionHundesteuerKosten(faq.KostenAnswer):
    def name(self) -> str:
        return "action_hundesteuer_kosten"


class ActionHundesteuerErmaessigung(faq.ErmaessigungAnswer):
    def name(self) -> str:
        return "action_hundesteuer_ermaessigung"


class ActionHundesteuerGefaehrlich(faq.GefaehrlichAnswer):
    def name(self) -> str:
        return "action_hundesteuer_gefaehrlich"


class ActionHundesteuerSteuermarke(faq.SteuermarkeAnswer):
    def name(self) -> str:
        return "action_hundesteuer_steuermarke"


class ActionHundesteuerZahlung(faq.ZahlungAnswer):
    def name(self) -> str:
        return "action_hundesteuer_zahlung"


class ActionHundesteuerAnmeldungInfo(offers.AnmeldungInfo):
    def name(self) -> str:
        return "action_hundesteuer_anmeldung_info"


class ActionHundesteuerAbmeldungInfo(offers.AbmeldungInfo):
    def name(self) -> str:
        return "action_hundesteuer_abmeldung_info"


class ActionHundesteuerUmzugInfo(offers.UmzugInfo):
    def name(self) -> str:
        return "action_hundesteuer_umzug_info"


class ValidateHundesteuerAnmeldungForm(registration.AnmeldungFormValidation):
    def name(self) -> str:
        return "validate_hundesteuer_anmeldung_form"


class ValidateHundesteuerAbmeldungForm(deregistration.AbmeldungFormValidation):
    def name(self) -> str:
        return "validate_hundesteuer_abmeldung_form"


class ActionHundesteuerAnmeldungAbsenden(submit.AnmeldungAbsenden):
    def name(self) -> str:
        return "action_hundesteuer_anmeldung_absenden"


class ActionHundesteuerAbmeldungAbsenden(submit.AbmeldungAbsenden):
    def name(self) -> str:
        return "action_hundesteuer_abmeldung_absenden"
