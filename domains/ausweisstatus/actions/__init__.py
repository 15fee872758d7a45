"""Actions of the ausweisstatus expert: the status lookup (`status`) and the FAQ answers (`faq`).

Core's expert loader registers the Action classes of both submodules; the names are imported
here so that callers and tests need only `domains.ausweisstatus.actions`.
"""

from __future__ import annotations

from domains.ausweisstatus.actions.faq import (
    ActionAusweisAbholungInfo,
    ActionAusweisDauerInfo,
    ActionAusweisGebuehrenInfo,
    ActionAusweisUnterlagenInfo,
    ActionAusweisVerlustInfo,
)
from domains.ausweisstatus.actions.status import (
    BIRTH_DATE_SLOT,
    FAILURES_SLOT,
    MAX_FAILED_ATTEMPTS,
    NUMBER_SLOT,
    REQUESTED_SLOT,
    ActionAusweisCheckStatus,
    ValidateAusweisStatusForm,
    is_locked,
)

__all__ = [
    "BIRTH_DATE_SLOT",
    "FAILURES_SLOT",
    "MAX_FAILED_ATTEMPTS",
    "NUMBER_SLOT",
    "REQUESTED_SLOT",
    "ActionAusweisAbholungInfo",
    "ActionAusweisCheckStatus",
    "ActionAusweisDauerInfo",
    "ActionAusweisGebuehrenInfo",
    "ActionAusweisUnterlagenInfo",
    "ActionAusweisVerlustInfo",
    "ValidateAusweisStatusForm",
    "is_locked",
]
