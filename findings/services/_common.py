"""The private helpers the findings services share: who may act (R-A1) and when findings
are recorded and judged (R-U2, ``RECORDING_STATES``), and the finding's row lock.

Imports nothing of its sibling modules."""

from django.utils.translation import gettext as _

from audits.models import Audit, AuditState
from core.exceptions import RuleViolation
from core.models import Role
from members.models import Contact

from ..models import Finding

# R-U2: findings are recorded and judged from the fieldwork up to and including follow-up.
RECORDING_STATES = [
    AuditState.FIELDWORK,
    AuditState.ORAL_FEEDBACK,
    AuditState.CONCEPT_REPORT,
    AuditState.REVIEWED,
    AuditState.PRESENTED,
    AuditState.DEFINITIVE,
    AuditState.FOLLOW_UP,
]


# --- Who may act (R-A1) -----------------------------------------------------------------------


def _require_auditor(actor, body_ids) -> None:
    """R-A1: only an active auditor of (one of) ``body_ids`` acts on these audits."""
    auditor = getattr(actor, "auditor", None)
    if (not actor.has_role(Role.AUDITOR) or auditor is None or not auditor.active
            or auditor.body_id not in set(body_ids)):
        raise RuleViolation("R-A1", _(
            "Alleen een auditor van de certificerende instelling van deze audit kan dit doen."))


def _follow_up_body_ids(finding) -> set[int]:
    """The bodies that follow a finding up: the one that found it and any body now auditing
    the member (R-C2: the member may have another body do the follow-up)."""
    running = Audit.objects.filter(member_id=finding.member_id).exclude(
        state__in=[AuditState.DECIDED, AuditState.CANCELLED]).values_list("body_id", flat=True)
    return {finding.audit.body_id, *running}


def _require_member_contact(actor, member_id) -> None:
    """R-A1: a member contact acts only for their own member."""
    if not (actor.has_role(Role.MEMBER_CONTACT)
            and Contact.objects.filter(user=actor, member_id=member_id).exists()):
        raise RuleViolation("R-A1", _(
            "Alleen een contactpersoon van dit lid kan een plan van aanpak indienen."))


def _require_recording_state(audit) -> None:
    """R-U2: findings belong to the audit from fieldwork up to and including follow-up."""
    if audit.state not in RECORDING_STATES:
        raise RuleViolation("R-U2", _(
            "De audit staat in stap ‘%(state)s’; bevindingen worden vastgelegd en beoordeeld "
            "vanaf de audit op locatie tot en met het nawerk."
        ) % {"state": audit.get_state_display()})


def _lock_finding(finding) -> Finding:
    return Finding.objects.select_for_update().select_related("audit", "norm", "member").get(
        pk=finding.pk)
