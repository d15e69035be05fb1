"""The daily sweep of the audits (core.sweep): R-C1 flags an open audit whose body may no
longer audit on the planned date, and an audit being carried out whose body lost its
recognition or contract: that audit is stopped at its next step
(:func:`audits.services._common.carried_out_blockers`) and the bureau may reassign it
(:func:`audits.services.audits.audit_reassign`).
"""

from __future__ import annotations

import datetime as dt

from core.flags import flag_raise
from core.messages import stored
from core.models import FlagAudience

from ..models import Audit
from ._common import BEFORE_FIELDWORK, CARRIED_OUT_STATES

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
    stopped = 0
    audits = Audit.objects.filter(state__in=CARRIED_OUT_STATES).select_related("body", "member")
    for audit in audits:
        if audit.body.may_audit_on(today):
            continue
        _flag, created = flag_raise(
            key=f"R-C1:body-stopped:{audit.pk}", rule_id="R-C1",
            audience=FlagAudience.BUREAU,
            message=stored("%(body)s is niet meer erkend of gecontracteerd; %(audit)s staat "
                           "stil bij de volgende stap. Wijs de audit toe aan een andere "
                           "certificerende instelling (keuze van het lid) of herstel erkenning "
                           "en contract.", body=audit.body.name, audit=str(audit)),
            today=today, member=audit.member, subject=audit, due_on=today,
        )
        stopped += int(created)
    return {"body_not_contracted_flags": raised, "body_stopped_flags": stopped}
