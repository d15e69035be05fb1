"""The legal clocks of audits, registered with the deadline registry (``core.deadlines``):
``audits.fieldwork`` (R-U2), the planned audit on location of an audit that has not reached
that step yet, for the body's auditors (R-A1) and the member."""

from django.utils.translation import gettext as _

from core.deadlines import Audience, Deadline, Query, clock, member_fields

from .models import Audit, AuditState

BEFORE_FIELDWORK = [AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED, AuditState.PREPARATION,
                    AuditState.DEVELOPMENT_LEVELS]
WATCHERS = frozenset({Audience.AUDITOR, Audience.MEMBER})


@clock("audits.fieldwork", rule_id="R-U2", audiences=WATCHERS)
def fieldwork_clock(query: Query):
    """R-U2: the audit on location as planned, until the audit reaches that step."""
    audits = Audit.objects.filter(state__in=BEFORE_FIELDWORK, fieldwork_starts_on__isnull=False)
    if query.member_id is not None:
        audits = audits.filter(member_id=query.member_id)
    if query.body_id is not None:
        audits = audits.filter(body_id=query.body_id)
    for audit in audits.select_related("member", "body"):
        name = f"{audit.get_kind_display()} ({audit.body})"
        yield Deadline(
            clock="audits.fieldwork", uid=f"fieldwork-{audit.pk}", rule_id="R-U2",
            on=audit.fieldwork_starts_on, until=audit.fieldwork_ends_on, audiences=WATCHERS,
            title=_("Audit op locatie gepland – %(name)s") % {"name": name},
            detail=(_("tot en met %(end)s") % {"end": audit.fieldwork_ends_on}
                    if audit.fieldwork_ends_on else ""),
            body_id=audit.body_id, target=("audits.audit", audit.pk), subject=audit,
            **member_fields(audit.member))
