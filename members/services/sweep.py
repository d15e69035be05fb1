"""The members' daily pass (registered with ``core.sweep`` in ``members.apps``): a flag for the
bureau while the Bestuur has not been informed of a new member (R-M1)."""

from __future__ import annotations

import datetime as dt

from core.flags import flag_raise
from core.messages import stored
from core.models import FlagAudience

from ..models import MEMBERSHIP_STATES, Admission

# --- sweep ------------------------------------------------------------------------------------


def members_sweep(*, today: dt.date) -> dict[str, int]:
    """Daily, idempotent: flag new members whose Bestuur has not been informed yet (R-M1)."""
    raised = 0
    admissions = Admission.objects.filter(
        decided_on__isnull=False, board_informed_on__isnull=True,
        member__state__in=MEMBERSHIP_STATES,
    ).select_related("member")
    for admission in admissions:
        _flag, created = flag_raise(
            key=f"R-M1:board-informed:{admission.member_id}", rule_id="R-M1",
            audience=FlagAudience.BUREAU,
            message=stored("R-M1: informeer het Bestuur over het nieuwe lid %(member)s",
                           member=admission.member),
            today=today, member=admission.member, subject=admission,
        )
        raised += int(created)
    return {"board_not_informed_flags": raised}
