"""The legal clocks of findings, registered with the deadline registry (``core.deadlines``).

- ``findings.plan`` (R-F3): an open afwijking needs a plan of approach within two months; the
  clock stops while a plan is under review (submitted) or once one is approved;
- ``findings.investigation`` (R-F4/R-F5): an ordered additional investigation is due within
  six months;
- ``findings.major`` (R-F5): an open tekortkoming without an ordered investigation must be
  resolved, and investigated, within six months of the day it became one (or of the last
  insufficient investigation).
"""

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from core.dates import add_months
from core.deadlines import Audience, Deadline, Query, clock, member_fields

from .deadlines import PLAN_MONTHS, investigation_deadline, plan_deadline
from .models import (
    AdditionalInvestigation,
    Finding,
    FindingKind,
    FindingStatus,
    InvestigationState,
    PlanOfApproach,
    PlanState,
)
from .selectors import investigation_base_date

WATCHERS = {Audience.BUREAU, Audience.AUDITOR, Audience.MEMBER}
#: add_months clamps month ends: the inverse of a month step can be off by up to 3 days.
SLACK = dt.timedelta(days=3)


def _findings(query: Query, kind: str):
    findings = Finding.objects.filter(kind=kind, status=FindingStatus.OPEN)
    if query.member_id is not None:
        findings = findings.filter(member_id=query.member_id)
    if query.body_id is not None:
        findings = findings.filter(audit__body_id=query.body_id)
    return findings.select_related("member", "norm", "audit")


@clock("findings.plan", rule_id="R-F3", audiences=WATCHERS)
def plan_clock(query: Query):
    """R-F3: the plan of approach for an open afwijking, two months after it was found; not
    while a plan is under review or approved."""
    in_hand = PlanOfApproach.objects.filter(
        state__in=[PlanState.SUBMITTED, PlanState.APPROVED]).values("finding_id")
    findings = _findings(query, FindingKind.NONCONFORMITY).exclude(pk__in=in_hand)
    if query.due_from is not None:
        findings = findings.filter(kind_since__gte=add_months(query.due_from, -PLAN_MONTHS)
                                   - SLACK)
    if query.due_to is not None:
        findings = findings.filter(kind_since__lte=add_months(query.due_to, -PLAN_MONTHS)
                                   + SLACK)
    for finding in findings:
        yield Deadline(
            clock="findings.plan", uid=f"plan-{finding.pk}", rule_id="R-F3",
            on=plan_deadline(finding.kind_since), audiences=frozenset(WATCHERS),
            title=_("Plan van aanpak voor afwijking op norm %(norm)s uiterlijk")
            % {"norm": finding.norm.code},
            body_id=finding.audit.body_id, target=("members.member", finding.member_id),
            subject=finding, **member_fields(finding.member))


@clock("findings.investigation", rule_id="R-F4", audiences=WATCHERS)
def investigation_clock(query: Query):
    """R-F4/R-F5: an ordered additional investigation, due within six months."""
    investigations = AdditionalInvestigation.objects.filter(state=InvestigationState.ORDERED)
    if query.member_id is not None:
        investigations = investigations.filter(finding__member_id=query.member_id)
    if query.body_id is not None:
        investigations = investigations.filter(finding__audit__body_id=query.body_id)
    if query.due_from is not None:
        investigations = investigations.filter(due_on__gte=query.due_from)
    if query.due_to is not None:
        investigations = investigations.filter(due_on__lte=query.due_to)
    investigations = investigations.select_related(
        "finding__member", "finding__norm", "finding__audit__lead_auditor",
        "audit__lead_auditor")
    for investigation in investigations:
        finding = investigation.finding
        yield Deadline(
            clock="findings.investigation", uid=f"investigation-{investigation.pk}",
            rule_id=investigation.rule_id or "R-F4", on=investigation.due_on,
            audiences=frozenset(WATCHERS),
            title=_("Aanvullend onderzoek naar norm %(norm)s uiterlijk")
            % {"norm": finding.norm.code},
            body_id=finding.audit.body_id, target=("members.member", finding.member_id),
            subject=investigation, **member_fields(finding.member))


@clock("findings.major", rule_id="R-F5", audiences=WATCHERS)
def major_clock(query: Query):
    """R-F5: an open tekortkoming without an ordered investigation: resolved and investigated
    within six months."""
    ordered = AdditionalInvestigation.objects.filter(
        state=InvestigationState.ORDERED).values("finding_id")
    findings = (_findings(query, FindingKind.MAJOR).exclude(pk__in=ordered)
                .prefetch_related(Prefetch("investigations",
                                           queryset=AdditionalInvestigation.objects.all())))
    for finding in findings:
        yield Deadline(
            clock="findings.major", uid=f"major-{finding.pk}", rule_id="R-F5",
            on=investigation_deadline(investigation_base_date(finding)),
            audiences=frozenset(WATCHERS),
            title=_("Tekortkoming op norm %(norm)s oplossen en aanvullend onderzoek uiterlijk")
            % {"norm": finding.norm.code},
            body_id=finding.audit.body_id, target=("members.member", finding.member_id),
            subject=finding, **member_fields(finding.member))
