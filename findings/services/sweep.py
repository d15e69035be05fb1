"""The daily sweep of this app (R-F3, R-F4, R-F5): overdue afwijkingen become tekortkomingen
(R-F3, R-F8), overdue investigations and tekortkomingen without an investigation are flagged
for the bureau. Registered with ``core.sweep`` in ``findings.apps``."""

import datetime as dt

from django.db import IntegrityError, transaction

from core.flags import flag_raise
from core.messages import StoredMessage, stored
from core.models import FlagAudience

from ..deadlines import investigation_deadline, plan_deadline, plan_overdue_cutoff
from ..models import (
    AdditionalInvestigation,
    Finding,
    FindingKind,
    FindingStatus,
    InvestigationState,
    PlanOfApproach,
    PlanState,
)
from ..selectors import investigation_base_date
from .escalation import _escalate
from .investigations import _overdue_flag_key

# --- The daily sweep (R-F3, R-F4, R-F5) -------------------------------------------------------


def _sweep_escalation_reason(finding, deadline) -> StoredMessage | None:
    """Why an open afwijking past its plan deadline becomes a tekortkoming (R-F3), or None
    when it does not: an approved plan, or a plan submitted in time that is still under
    review (it waits for the body's assessment)."""
    plans = list(PlanOfApproach.objects.filter(finding=finding).order_by("submitted_on", "id"))
    if any(plan.state == PlanState.APPROVED for plan in plans):
        return None
    if any(plan.state == PlanState.SUBMITTED and plan.submitted_on <= deadline for plan in plans):
        return None
    rejected = [plan for plan in plans if plan.state == PlanState.REJECTED]
    if rejected:
        return stored(
            "Geen goedgekeurd plan van aanpak binnen twee maanden na de afwijking van "
            "%(since)s (uiterlijk %(deadline)s): het plan is afgekeurd op %(rejected)s en er "
            "is daarna geen nieuw plan ingediend.",
            since=finding.kind_since, deadline=deadline, rejected=rejected[-1].assessed_on)
    return stored(
        "Geen plan van aanpak ingediend binnen twee maanden na de afwijking van %(since)s "
        "(uiterlijk %(deadline)s).", since=finding.kind_since, deadline=deadline)


def _sweep_escalate(pk, today) -> bool:
    """Escalate one overdue afwijking in its own transaction; False when there is nothing to
    do (any more). The row lock makes a concurrent sweep wait and then see the new kind; the
    unique (finding, from, to) constraint on the change row is the backstop."""
    try:
        with transaction.atomic():
            finding = Finding.objects.select_for_update().select_related("member").get(pk=pk)
            if not finding.is_open or finding.kind != FindingKind.NONCONFORMITY:
                return False
            deadline = plan_deadline(finding.kind_since)
            if today <= deadline:
                return False
            reason = _sweep_escalation_reason(finding, deadline)
            if reason is None:
                return False
            # The afwijking became a tekortkoming the day after the deadline, also when the
            # sweep runs later.
            _escalate(finding, on=deadline + dt.timedelta(days=1), rule_id="R-F3",
                      reason=reason)
            return True
    except IntegrityError:
        return False


def findings_sweep(*, today) -> dict[str, int]:
    """The daily work of this app, idempotent (a second run the same day changes nothing):

    - R-F3: every open afwijking whose plan deadline has passed (today > deadline) without an
      approved plan, and without a plan submitted in time still under review, becomes a
      tekortkoming; the change records why (no plan / plan rejected);
    - R-F4/R-F5: every ordered investigation past its due date is flagged for the bureau;
    - R-F5: every open tekortkoming whose six months passed with no investigation ordered is
      flagged for the bureau.
    """
    counts = {"escalated": 0, "investigations_overdue": 0, "majors_without_investigation": 0}
    candidates = Finding.objects.filter(
        kind=FindingKind.NONCONFORMITY, status=FindingStatus.OPEN,
        kind_since__lte=plan_overdue_cutoff(today),
    ).order_by("pk").values_list("pk", flat=True)
    for pk in list(candidates):
        if _sweep_escalate(pk, today):
            counts["escalated"] += 1

    overdue = AdditionalInvestigation.objects.filter(
        state=InvestigationState.ORDERED, due_on__lt=today, finding__status=FindingStatus.OPEN,
    ).select_related("finding__norm", "finding__member")
    for investigation in overdue:
        finding = investigation.finding
        _flag, created = flag_raise(
            key=_overdue_flag_key(investigation), rule_id=investigation.rule_id,
            audience=FlagAudience.BUREAU, today=today, member=finding.member,
            subject=investigation, due_on=investigation.due_on,
            message=stored(
                "Aanvullend onderzoek naar norm %(norm)s bij %(member)s had uiterlijk "
                "%(due)s moeten plaatsvinden.",
                norm=finding.norm.code, member=finding.member, due=investigation.due_on))
        counts["investigations_overdue"] += int(created)

    majors = Finding.objects.filter(
        kind=FindingKind.MAJOR, status=FindingStatus.OPEN,
    ).exclude(investigations__state=InvestigationState.ORDERED).select_related(
        "norm", "member").prefetch_related("investigations")
    for finding in majors:
        base = investigation_base_date(finding)
        due_on = investigation_deadline(base)
        if today <= due_on:
            continue
        _flag, created = flag_raise(
            key=f"findings:R-F5:no-investigation:{finding.pk}:{base.isoformat()}",
            rule_id="R-F5", audience=FlagAudience.BUREAU, today=today, member=finding.member,
            subject=finding, due_on=due_on,
            message=stored(
                "Tekortkoming op norm %(norm)s bij %(member)s staat langer dan zes maanden "
                "open (sinds %(since)s) zonder aanvullend onderzoek.",
                norm=finding.norm.code, member=finding.member, since=base))
        counts["majors_without_investigation"] += int(created)
    return counts
