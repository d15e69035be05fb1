"""The bureau's overview (R-N1): what waits for the Verenigingsbureau, read across the apps.

Every block is a queryset or a list built in a fixed number of queries, so the dashboard costs
the same with three rows as with three hundred. The open deadlines of all apps are merged into
one list sorted by date (:func:`bureau_deadlines`), each with the rule that sets it:

- open signals (``core.Flag``) for the bureau, raised by the daily sweep (R-M1, R-M3, R-C1,
  R-T2, R-Z4, R-K2, R-K3, R-S7, …);
- plans of approach still to be submitted for an afwijking (R-F3, two months);
- additional investigations ordered and not yet held (R-F4/R-F5, six months);
- the end of each open suspension, when the directeur decides (R-S5);
- the Bestuur's deadline on each pending appeal (R-S4, three months);
- the next R-K2 deadline of each open complaint (acknowledgement, response, resolution).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import Flag, FlagAudience

#: How many days ahead a deadline counts as "soon" on the dashboard.
SOON_DAYS = 14


@dataclass(frozen=True)
class Deadline:
    """One open deadline. ``target`` is ``(app_label.model, pk)`` of the object to open (the
    view turns it into a link), ``member_id``/``member_name`` the member it concerns."""

    on: dt.date
    title: str
    rule_id: str
    source: str
    target: tuple[str, int] | None = None
    member_id: int | None = None
    member_name: str = ""

    def urgency(self, today: dt.date) -> str:
        """``overdue`` (the date has passed), ``today``, ``soon`` (within
        :data:`SOON_DAYS`) or ``later``."""
        if self.on < today:
            return "overdue"
        if self.on == today:
            return "today"
        if self.on <= today + dt.timedelta(days=SOON_DAYS):
            return "soon"
        return "later"


def _member_fields(member) -> dict:
    if member is None:
        return {}
    return {"member_id": member.pk, "member_name": member.name}


def _flag_deadlines(today: dt.date) -> list[Deadline]:
    flags = (Flag.objects.open().filter(audience=FlagAudience.BUREAU)
             .select_related("member", "subject_type"))
    result = []
    for flag in flags:
        target = None
        if flag.subject_type_id and flag.subject_id:
            target = (f"{flag.subject_type.app_label}.{flag.subject_type.model}",
                      flag.subject_id)
        result.append(Deadline(on=flag.due_on or flag.raised_on, title=flag.message,
                               rule_id=flag.rule_id, source="flag", target=target,
                               **_member_fields(flag.member)))
    return result


def _plan_deadlines() -> list[Deadline]:
    """R-F3: open afwijkingen without a plan submitted or approved: the plan is due two months
    after the finding (R-0.1)."""
    from findings.deadlines import plan_deadline
    from findings.models import Finding, FindingKind, FindingStatus, PlanOfApproach, PlanState

    waiting = PlanOfApproach.objects.filter(
        state__in=[PlanState.SUBMITTED, PlanState.APPROVED]).values("finding_id")
    findings = (Finding.objects.filter(kind=FindingKind.NONCONFORMITY, status=FindingStatus.OPEN)
                .exclude(pk__in=waiting).select_related("member", "norm"))
    return [Deadline(on=plan_deadline(f.kind_since), rule_id="R-F3", source="plan",
                     title=_("Plan van aanpak voor afwijking op norm %(norm)s")
                     % {"norm": f.norm.code},
                     target=("members.member", f.member_id), **_member_fields(f.member))
            for f in findings]


def _investigation_deadlines() -> list[Deadline]:
    """R-F4/R-F5: additional investigations ordered and not yet held."""
    from findings.models import AdditionalInvestigation, InvestigationState

    investigations = (AdditionalInvestigation.objects.filter(state=InvestigationState.ORDERED)
                      .select_related("finding__member", "finding__norm"))
    return [Deadline(on=i.due_on, rule_id=i.rule_id or "R-F4", source="investigation",
                     title=_("Aanvullend onderzoek naar norm %(norm)s")
                     % {"norm": i.finding.norm.code},
                     target=("members.member", i.finding.member_id),
                     **_member_fields(i.finding.member))
            for i in investigations]


def _suspension_deadlines() -> list[Deadline]:
    """R-S5: at the end of an open suspension the directeur decides on its outcome."""
    from suspensions.selectors import suspensions_open

    return [Deadline(on=s.ends_on, rule_id="R-S5", source="suspension",
                     title=_("Einde schorsing: besluit directeur over de uitkomst"),
                     target=("suspensions.suspension", s.pk), **_member_fields(s.member))
            for s in suspensions_open()]


def _appeal_deadlines() -> list[Deadline]:
    """R-S4: the Bestuur decides on an appeal within three months of its announcement."""
    from suspensions.selectors import appeals_pending

    return [Deadline(on=a.board_deadline, rule_id="R-S4", source="appeal",
                     title=_("Bestuur beslist op het beroep tegen %(subject)s")
                     % {"subject": str(a.get_subject_display()).lower()},
                     target=("suspensions.suspension", a.suspension_id),
                     **_member_fields(a.suspension.member))
            for a in appeals_pending()]


COMPLAINT_DEADLINE_TITLES = {
    "acknowledgement": gettext_lazy("ontvangst bevestigen (24 uur)"),
    "response": gettext_lazy("inhoudelijke reactie (5 werkdagen)"),
    "resolution": gettext_lazy("afhandeling (34 werkdagen of meegedeelde datum)"),
}


def _complaint_deadlines() -> list[Deadline]:
    """R-K2: the next deadline of each open complaint."""
    from complaints.selectors import complaint_next_deadline, complaints_open

    result = []
    for complaint in complaints_open():
        nearest = complaint_next_deadline(complaint)
        if nearest is None:
            continue
        on, what = nearest
        result.append(Deadline(
            on=on, rule_id="R-K2", source="complaint",
            title=_("Klacht %(ref)s: %(what)s")
            % {"ref": complaint.reference, "what": COMPLAINT_DEADLINE_TITLES[what]},
            target=("complaints.complaint", complaint.pk), **_member_fields(complaint.member)))
    return result


def bureau_deadlines(*, today: dt.date) -> list[Deadline]:
    """R-N1: every open deadline the bureau watches, soonest (and overdue) first. Six queries,
    whatever the number of deadlines."""
    deadlines = [
        *_flag_deadlines(today), *_plan_deadlines(), *_investigation_deadlines(),
        *_suspension_deadlines(), *_appeal_deadlines(), *_complaint_deadlines(),
    ]
    return sorted(deadlines, key=lambda d: (d.on, d.rule_id, d.title))


def urgency_counts(deadlines: list[Deadline], *, today: dt.date) -> dict[str, int]:
    counts = {"overdue": 0, "today": 0, "soon": 0, "later": 0}
    for deadline in deadlines:
        counts[deadline.urgency(today)] += 1
    return counts
