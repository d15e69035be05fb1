"""Escalation of a finding one step, keeping its identity (R-F8): kanttekening → afwijking →
tekortkoming, recorded as a :class:`~findings.models.FindingKindChange`. Used by the judging
of the follow-up (R-F2, R-F3), the rejection of a plan (R-F3), the additional investigation
(R-F4) and the daily sweep (R-F3)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.fsm import require_conditions
from core.history import save_with_history
from core.messages import as_message, choice, source_text, stored
from core.models import DecisionKind, Role

from .. import emails
from ..models import FindingKind, FindingKindChange
from ..selectors import kind_label

# --- Escalation (R-F8) ------------------------------------------------------------------------


def _escalate(finding, *, on, rule_id, reason, audit=None, actor=None) -> FindingKindChange:
    """Escalate ``finding`` (locked by the caller) one step, keeping its identity (R-F8): the
    same row changes kind, its history gets a row, and a :class:`FindingKindChange` records
    which rule did it, when, at which audit and why. The change row's unique constraint
    (finding, from, to) makes a second escalation of the same step fail, so two concurrent
    sweeps can never both escalate one finding."""
    from_kind = finding.kind
    transition = {
        FindingKind.OBSERVATION: finding.escalate_to_nonconformity,
        FindingKind.NONCONFORMITY: finding.escalate_to_major,
    }.get(from_kind)
    if transition is not None:
        require_conditions(transition)  # R-F8: only an open finding changes kind
    if transition is None or not can_proceed(transition):
        raise RuleViolation(rule_id, _(
            "Een %(kind)s die %(status)s is kan niet worden opgeschaald."
        ) % {"kind": kind_label(from_kind),
             "status": str(finding.get_status_display()).lower()})
    transition(on)
    message = as_message(reason)
    change = FindingKindChange.objects.create(
        finding=finding, from_kind=from_kind, to_kind=finding.kind, changed_on=on,
        rule_id=rule_id, reason=source_text(reason),
        reason_message=message.as_data() if message is not None else None,
        audit=audit, changed_by=actor)
    # R-F8: the member and the lead auditor are told, after the commit.
    transaction.on_commit(lambda: emails.finding_escalated(change_id=change.pk), robust=True)
    # The full reason is on the change row.
    old = choice(FindingKind, from_kind, lower=True)
    new = choice(FindingKind, finding.kind, lower=True)
    save_with_history(finding, actor=actor, reason=stored(
        "%(rule)s: %(old)s wordt %(new)s", rule=rule_id, old=old, new=new))
    if actor is not None:
        # an auditor's escalation is a decision of the body, on the record.
        decision_record(
            kind=DecisionKind.ESCALATION,
            outcome=stored("%(old)s wordt %(new)s", old=old, new=new),
            rule_id=rule_id, actor=actor, role=Role.AUDITOR, subject=finding,
            motivation=source_text(reason), member=finding.member)
    return change
