"""How to bring a fresh result into each state of the lifecycle (regime, retained rights, steps)."""

import datetime

from tasks_registry.lifecycle import Status as S

from .driver import TO_APPLIED_OLD, TO_DECIDED, TO_REGISTERED

OLD = datetime.date(2022, 3, 15)
NEW = datetime.date(2025, 11, 3)

REACH = {
    S.ACCEPTANCE_SUBMITTED: (OLD, False, ()),
    S.ACCEPTANCE_RETURNED: (OLD, False, ("return_acceptance",)),
    S.ACCEPTED: (OLD, False, ("accept",)),
    S.NOT_ACCEPTED: (OLD, False, ("reject",)),
    S.REGISTRATION_SUBMITTED: (OLD, False, ("accept", "submit_registration")),
    S.REGISTRATION_RETURNED: (OLD, False, ("accept", "submit_registration", "return_registration")),
    S.REGISTERED: (OLD, False, TO_REGISTERED),
    S.OWNERSHIP_REQUESTED: (OLD, False, (*TO_REGISTERED, "apply_for_ownership")),
    S.OWNERSHIP_RETURNED: (OLD, False, (*TO_REGISTERED, "apply_for_ownership", "return_ownership")),
    S.OWNERSHIP_APPRAISED: (OLD, False, (*TO_REGISTERED, "apply_for_ownership", "appraise_ownership")),
    S.OWNERSHIP_NOT_REQUESTED: (OLD, False, (*TO_REGISTERED, "decline_ownership")),
    S.OWNERSHIP_SUBMITTED: (
        OLD,
        False,
        (*TO_REGISTERED, "apply_for_ownership", "appraise_ownership", "submit_ownership_decision"),
    ),
    S.OWNERSHIP_DECIDED: (OLD, False, TO_DECIDED),
    S.OWNERSHIP_BY_LAW: (NEW, False, TO_REGISTERED),
    S.OWNERSHIP_RETAINED_BY_STATE: (NEW, True, TO_REGISTERED),
    S.TRANSFERRED: (OLD, False, (*TO_DECIDED, "offer_transfer", "confirm_transfer")),
    S.APPLIED: (OLD, False, TO_APPLIED_OLD),
    S.CLOSED: (OLD, False, (*TO_APPLIED_OLD, "close")),
}
