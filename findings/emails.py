"""The e-mail of findings and advice (R-F1, R-F3, R-F7, R-F8), queued by
:mod:`findings.services` after the commit (``transaction.on_commit(..., robust=True)``); each
reads its object fresh and queues under the key ``event:<what>:<pk>``, so a second call queues
nothing new."""

import datetime as dt

from audits.models import Audit
from core.models import Role
from members.recipients import queue_to_member
from notifications import recipients as to

from .deadlines import investigation_deadline, plan_deadline
from .models import (
    CorrectionAction,
    Finding,
    FindingCorrection,
    FindingKind,
    FindingKindChange,
    PlanOfApproach,
    PlanState,
)


def finding_deadline(finding) -> tuple[dt.date | None, str]:
    """The deadline that runs for an open finding and its rule: the plan of approach of an
    afwijking (R-F3), the six months of a tekortkoming (R-F5); a kanttekening is judged at the
    next audit (R-F2)."""
    if finding.kind == FindingKind.NONCONFORMITY:
        return plan_deadline(finding.kind_since), "R-F3"
    if finding.kind == FindingKind.MAJOR:
        return investigation_deadline(finding.kind_since), "R-F5"
    return None, "R-F2"


def finding_recorded(*, finding_id: int) -> int:
    """R-F1: a finding was recorded, with the deadline it starts."""
    finding = Finding.objects.select_related("member", "norm").filter(pk=finding_id).first()
    if finding is None:
        return 0
    deadline, rule_id = finding_deadline(finding)
    return queue_to_member(
        "finding-recorded", finding.member, key=f"event:finding-recorded:{finding.pk}",
        context={"finding": finding, "deadline": deadline, "deadline_rule": rule_id},
        rule_id="R-F1")


def plan_assessed(*, plan_id: int) -> int:
    """R-F3: the body approved or rejected the plan of approach."""
    plan = (PlanOfApproach.objects.select_related("finding__member")
            .filter(pk=plan_id).first())
    if plan is None:
        return 0
    finding = plan.finding
    deadline = plan_deadline(finding.kind_since)
    may_resubmit = (plan.state == PlanState.REJECTED and finding.is_open
                    and finding.kind == FindingKind.NONCONFORMITY
                    and plan.assessed_on is not None and plan.assessed_on < deadline)
    return queue_to_member(
        "plan-assessed", finding.member, key=f"event:plan-assessed:{plan.pk}",
        context={"plan": plan, "finding": finding, "approved": plan.state == PlanState.APPROVED,
                 "may_resubmit": may_resubmit, "deadline": deadline},
        rule_id="R-F3")


def finding_escalated(*, change_id: int) -> int:
    """R-F8 (with the rule of the change, e.g. R-F3): a finding became more serious; the
    member and the body's lead auditor are told, with the new deadline."""
    change = (FindingKindChange.objects.select_related("finding__member", "finding__audit")
              .filter(pk=change_id).first())
    if change is None:
        return 0
    finding = change.finding
    deadline, deadline_rule = finding_deadline(finding)
    context = {"finding": finding, "change": change, "deadline": deadline,
               "deadline_rule": deadline_rule}
    key = f"event:finding-escalated:{change.pk}"
    queued = queue_to_member("finding-escalated", finding.member, key=key, context=context,
                             rule_id=change.rule_id)
    lead = finding.audit.lead_auditor if finding.audit.lead_auditor_id else None
    if lead is not None:
        queued += to.queue_to_all(
            template="finding-escalated", recipients=to.auditor_recipients(lead),
            context=context, key=key, audience=to.AUDITOR, member=finding.member,
            rule_id=change.rule_id)
    return queued


def advice_given(*, audit_id: int) -> int:
    """R-F7: the body's advice, to the member and to the directeur who decides (R-Z1)."""
    audit = Audit.objects.select_related("member").filter(pk=audit_id).first()
    advice = getattr(audit, "advice", None) if audit is not None else None
    if advice is None:
        return 0
    context = {"audit": audit, "advice": advice}
    key = f"event:advice-given:{audit.pk}"
    queued = queue_to_member("advice-given", audit.member, key=key, context=context,
                             rule_id="R-F7")
    queued += to.queue_to_role(template="advice-given", role=Role.DIRECTOR,
                               audience=to.DIRECTOR, member=audit.member, key=key,
                               context=context, rule_id="R-F7")
    return queued


def finding_corrected(*, correction_id: int) -> int:
    """R-U2/R-F1: the auditor corrected or withdrew a finding before the report is definitive;
    the member learns what changed, why, and the deadline that runs now (if any)."""
    correction = (FindingCorrection.objects.select_related("finding__member", "finding__norm")
                  .filter(pk=correction_id).first())
    if correction is None:
        return 0
    finding = correction.finding
    withdrawn = correction.action == CorrectionAction.WITHDRAWN
    deadline, rule_id = (None, "") if withdrawn else finding_deadline(finding)
    return queue_to_member(
        "finding-corrected", finding.member, key=f"event:finding-corrected:{correction.pk}",
        context={"finding": finding, "correction": correction, "withdrawn": withdrawn,
                 "deadline": deadline, "deadline_rule": rule_id},
        rule_id="R-U2")
