"""The e-mail of an audit's steps (R-U2), queued by :mod:`audits.services` after the commit
(``transaction.on_commit(..., robust=True)``); each reads the audit fresh and queues under the
key ``event:<what>:<pk>``, so a second call queues nothing new."""

from core.history import reason_starts_with
from core.models import Flag
from members.recipients import queue_to_member
from notifications import recipients as to

from .models import Audit, CertificationBody


def _audit(audit_id: int) -> Audit | None:
    return (Audit.objects.select_related("member", "lead_auditor", "second_auditor")
            .filter(pk=audit_id).first())


def audit_planned(*, audit_id: int) -> int:
    """R-U2: the audit is planned and prepared; the member and the team are told."""
    audit = _audit(audit_id)
    if audit is None:
        return 0
    context = {"audit": audit}
    key = f"event:audit-planned:{audit.pk}"
    queued = queue_to_member("audit-planned", audit.member, key=key, context=context,
                             rule_id="R-U2")
    team = to.auditor_recipients(audit.lead_auditor, audit.second_auditor)
    if team:  # the team may be assigned later (R-C4: before the fieldwork)
        queued += to.queue_to_all(template="audit-planned", recipients=team, context=context,
                                  key=key, audience=to.AUDITOR, member=audit.member,
                                  rule_id="R-U2")
    return queued


def report_definitive(*, audit_id: int) -> int:
    """R-U2: the definitive report is available to the member."""
    audit = _audit(audit_id)
    if audit is None:
        return 0
    return queue_to_member("report-definitive", audit.member,
                           key=f"event:report-definitive:{audit.pk}", context={"audit": audit},
                           rule_id="R-U2")


def combined_audit_registered(*, audit_id: int) -> int:
    """R-Z2: the bureau registered the combined NVVK/SWN audit the member asked for."""
    audit = _audit(audit_id)
    if audit is None:
        return 0
    return queue_to_member("combined-audit-registered", audit.member,
                           key=f"event:combined-audit-registered:{audit.pk}",
                           context={"audit": audit, "body": audit.body}, rule_id="R-Z2")


def combined_audit_requested(*, flag_id: int, body_id: int, note: str) -> int:
    """R-Z2: the member asked NVVK for a combined NVVK/SWN audit; its contacts get the
    confirmation (the bureau works the request from its flag)."""
    flag = Flag.objects.select_related("member").filter(pk=flag_id).first()
    body = CertificationBody.objects.filter(pk=body_id).first()
    if flag is None or flag.member is None or body is None:
        return 0
    return queue_to_member("combined-audit-requested", flag.member,
                           key=f"event:combined-audit-requested:{flag.pk}",
                           context={"member": flag.member, "body": body, "note": note},
                           rule_id="R-Z2")


def review_sent_back(*, audit_id: int) -> int:
    """R-C4: the second auditor sent the concept report back; the lead auditor is told why."""
    audit = _audit(audit_id)
    if audit is None:
        return 0
    recipients = to.auditor_recipients(audit.lead_auditor)
    # One message per time the review was sent back (each is a row in the history).
    rounds = audit.history.filter(reason_starts_with("teruggestuurd")).count()
    return to.queue_to_all(
        template="review-sent-back", recipients=recipients,
        context={"audit": audit, "reviewer": audit.sent_back_by},
        key=f"event:review-sent-back:{audit.pk}:{rounds}",
        audience=to.AUDITOR, member=audit.member, rule_id="R-C4")
