"""The daily sweep of the audits (core.sweep): R-C1 flags an open audit whose body may no
longer audit on the planned date.
"""

from __future__ import annotations

import datetime as dt

from core.flags import flag_raise
from core.messages import stored
from core.models import FlagAudience

from ..models import Audit
from ._common import BEFORE_FIELDWORK

# --- sweep ------------------------------------------------------------------------------------


def audits_sweep(*, today: dt.date) -> dict[str, int]:
    """Daily, idempotent: flag for the bureau each open audit, not yet on site, whose body is no
    longer recognised or has no contract on the planned fieldwork date (R-C1)."""
    raised = 0
    audits = Audit.objects.filter(state__in=BEFORE_FIELDWORK).select_related("body", "member")
    for audit in audits:
        day = audit.fieldwork_starts_on or today
        if audit.body.may_audit_on(day):
            continue
        _flag, created = flag_raise(
            key=f"R-C1:body-not-contracted:{audit.pk}:{day.isoformat()}", rule_id="R-C1",
            audience=FlagAudience.BUREAU,
            message=stored("R-C1: %(body)s is op %(day)s niet erkend of gecontracteerd voor "
                           "%(audit)s", body=audit.body, day=day, audit=audit),
            today=today, member=audit.member, subject=audit, due_on=day,
        )
        raised += int(created)
    return {"body_not_contracted_flags": raised}
