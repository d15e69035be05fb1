"""Plans of approach (R-F3): a member contact submits a plan for an open afwijking within two
months (R-0.1); the body approves or rejects it, and a rejection on or after the deadline
escalates the afwijking to a tekortkoming (R-F8)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.exceptions import RuleViolation
from core.history import save_with_history
from core.messages import stored
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails
from ..deadlines import plan_deadline
from ..models import Finding, FindingKind, PlanOfApproach, PlanState
from ..selectors import date_label, kind_label
from ._common import (
    _follow_up_body_ids,
    _lock_finding,
    _require_auditor,
    _require_member_contact,
)
from .escalation import _escalate

# --- Plans of approach (R-F3) -----------------------------------------------------------------


def plan_submit(*, finding, text, document=None, actor, today=None) -> PlanOfApproach:
    """R-F3: a contact of the member sends a plan van aanpak for an open afwijking, within two
    months of it (R-0.1, inclusive). One plan under review at a time; after a rejection a new
    plan may be sent until the deadline."""
    today = _today(today)
    with transaction.atomic():
        # The finding's lock orders this against the sweep and against plan_reject.
        finding = _lock_finding(finding)
        _require_member_contact(actor, finding.member_id)
        if not finding.is_open or finding.kind != FindingKind.NONCONFORMITY:
            raise RuleViolation("R-F3", _(
                "Een plan van aanpak hoort bij een open afwijking; deze bevinding is een "
                "%(kind)s (%(status)s)."
            ) % {"kind": kind_label(finding.kind),
                 "status": str(finding.get_status_display()).lower()})
        plans = PlanOfApproach.objects.filter(finding=finding)
        if plans.filter(state=PlanState.APPROVED).exists():
            raise RuleViolation("R-F3", _("Er is al een goedgekeurd plan van aanpak."))
        if plans.filter(state=PlanState.SUBMITTED).exists():
            raise RuleViolation("R-F3", _(
                "Er ligt al een plan van aanpak ter beoordeling bij de certificerende "
                "instelling."))
        deadline = plan_deadline(finding.kind_since)
        if not dates.in_time(today, deadline):
            raise RuleViolation("R-F3", _(
                "De termijn van twee maanden voor het plan van aanpak is verstreken op "
                "%(deadline)s."
            ) % {"deadline": date_label(deadline)})
        if not (text or "").strip() and document is None:
            raise RuleViolation("R-F3", _("Het plan van aanpak is leeg."))
        if document is not None and document.member_id not in (None, finding.member_id):
            raise RuleViolation("R-A1", _("Dit document hoort niet bij uw organisatie."))
        plan = PlanOfApproach(finding=finding, text=(text or "").strip(), document=document,
                              submitted_on=today, submitted_by=actor)
        save_with_history(plan, actor=actor, reason=stored("R-F3: plan van aanpak ingediend"))
    return plan


def _lock_plan(plan) -> tuple[Finding, PlanOfApproach]:
    finding = Finding.objects.select_for_update().select_related("audit", "norm", "member").get(
        pk=plan.finding_id)
    return finding, PlanOfApproach.objects.select_for_update().get(pk=plan.pk)


def _check_assessable(finding, plan, actor) -> None:
    _require_auditor(actor, _follow_up_body_ids(finding))
    if not can_proceed(plan.approve):
        raise RuleViolation("R-F3", _(
            "Dit plan van aanpak is al beoordeeld (%(state)s)."
        ) % {"state": str(plan.get_state_display()).lower()})
    if not finding.is_open or finding.kind != FindingKind.NONCONFORMITY:
        raise RuleViolation("R-F3", _(
            "Deze bevinding is geen open afwijking meer; het plan kan niet meer worden "
            "beoordeeld."))


def plan_approve(*, plan, assessment, actor, today=None) -> PlanOfApproach:
    """R-F3: the body approves the plan; the afwijking no longer blocks a positive advice."""
    today = _today(today)
    with transaction.atomic():
        finding, plan = _lock_plan(plan)
        _check_assessable(finding, plan, actor)
        plan.approve(today)
        plan.assessed_by = actor
        plan.assessment = (assessment or "").strip()
        save_with_history(plan, actor=actor, reason=stored("R-F3: plan van aanpak goedgekeurd"))
        transaction.on_commit(lambda: emails.plan_assessed(plan_id=plan.pk), robust=True)
    return plan


def plan_reject(*, plan, assessment, actor, today=None) -> PlanOfApproach:
    """R-F3: the body rejects the plan. Before the deadline the member may send a new one;
    a rejection on or after the deadline makes the afwijking a tekortkoming at once, and the
    change records why."""
    today = _today(today)
    with transaction.atomic():
        finding, plan = _lock_plan(plan)
        _check_assessable(finding, plan, actor)
        assessment = require_text(assessment, rule_id="R-F3", message=_(
            "Motiveer waarom het plan van aanpak is afgekeurd."))
        plan.reject(today)
        plan.assessed_by = actor
        plan.assessment = assessment
        save_with_history(plan, actor=actor, reason=stored("R-F3: plan van aanpak afgekeurd"))
        transaction.on_commit(lambda: emails.plan_assessed(plan_id=plan.pk), robust=True)
        deadline = plan_deadline(finding.kind_since)
        if today >= deadline:
            _escalate(finding, on=today, rule_id="R-F3", actor=actor, reason=stored(
                "Plan van aanpak afgekeurd op %(date)s, op of na de termijn (uiterlijk "
                "%(deadline)s); er is geen goedgekeurd plan van aanpak. Motivering: "
                "%(assessment)s", date=today, deadline=deadline, assessment=plan.assessment))
    return plan
