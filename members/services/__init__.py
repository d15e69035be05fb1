"""State changes of members: admission in four steps (R-M1), the directeur's decisions (R-M2),
pause (R-M4), scope (R-M5), core data (R-M6) and contacts.

Every service is keyword-only, runs in one transaction, locks the member row, checks who may act
and the rule, and raises :class:`core.exceptions.RuleViolation` naming the rule with a Dutch
message of what is missing (R-0.5). Decisions are recorded where R-0.3 asks.

The suspension transitions ``suspend``, ``lift_suspension`` and ``expel`` are driven by
``suspensions.services``; they are deliberately not wrapped here.

The services by concept (issue #10); import them from here, ``members.services``:

- :mod:`.admission`: R-M1 steps 1 to 4 and R-M2's admission or rejection, and the public
  application form's account for the contact person;
- :mod:`.membership`: R-M4 pause and its end, R-M2 resignation;
- :mod:`.core_data`: R-M5 scope, R-M6 kerngegevens;
- :mod:`.contacts`: the contact persons (R-A1, R-A2);
- :mod:`.sweep`: the daily pass (R-M1);
- :mod:`._common`: the helpers they share.
"""

from ..models import application_missing
from ._common import MEMBER_NUMBER_PREFIX, is_member_contact, scope_items
from .admission import (
    admission_complete,
    admission_decision_blockers,
    admission_inform_board,
    admission_record_check,
    admission_record_contact,
    admission_record_quality_team_advice,
    admission_start_audit,
    admission_start_review,
    admission_step_blockers,
    member_admit,
    member_apply,
    member_apply_with_account,
    member_invitation_url,
    member_reject,
)
from .contacts import CONTACT_FIELDS, contact_add, contact_invite, contact_update
from .core_data import (
    SCOPE_EXTENSION_FLAG_PREFIX,
    core_data_snapshot,
    core_data_update,
    member_update_scope,
)
from .membership import (
    member_pause,
    member_resign,
    member_resume,
    pause_blockers,
    resignation_blockers,
)
from .sweep import members_sweep

__all__ = [
    "CONTACT_FIELDS",
    "MEMBER_NUMBER_PREFIX",
    "SCOPE_EXTENSION_FLAG_PREFIX",
    "admission_complete",
    "admission_decision_blockers",
    "admission_inform_board",
    "admission_record_check",
    "admission_record_contact",
    "admission_record_quality_team_advice",
    "admission_start_audit",
    "admission_start_review",
    "admission_step_blockers",
    "application_missing",
    "contact_add",
    "contact_invite",
    "contact_update",
    "core_data_snapshot",
    "core_data_update",
    "is_member_contact",
    "member_admit",
    "member_apply",
    "member_apply_with_account",
    "member_invitation_url",
    "member_pause",
    "pause_blockers",
    "resignation_blockers",
    "member_reject",
    "member_resign",
    "member_resume",
    "member_update_scope",
    "members_sweep",
    "scope_items",
]
