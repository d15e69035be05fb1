"""The private helpers the services of :mod:`audits.services` share: who acts on an audit's
body side (R-A1), locking, the R-U2 step checks, the R-C1 check that a body may audit and
dates not in the future; and the sets of steps several services use (R-U2).

Imports none of its siblings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.exceptions import RuleViolation
from core.fsm import require_conditions, transition_sources
from core.models import Role
from members.services import is_member_contact

from ..models import Audit, AuditKind, Auditor, AuditState, CertificationBody

#: R-U2: the steps in which the team, the plan and the zelfscan can still change.
BEFORE_FIELDWORK = [AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED, AuditState.PREPARATION,
                    AuditState.DEVELOPMENT_LEVELS]
#: R-C1: the steps in which an audit is being carried out (fieldwork up to the presentation;
#: the next step of each is one of :data:`CARRIED_OUT_STEPS`).
CARRIED_OUT_STATES = [AuditState.FIELDWORK, AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT,
                      AuditState.REVIEWED, AuditState.PRESENTED]
OPEN_STATES = [s for s in AuditState.values if s not in (AuditState.DECIDED, AuditState.CANCELLED)]


#: R-C2/R-Z2: the kinds of audit that stand for the same recertification: a combined NVVK + SWN
#: audit takes the place of the recertification audit, so one open of either kind blocks a new
#: one of either kind (the member cancels the open one first to choose again).
SAME_RECERTIFICATION = (AuditKind.RECERTIFICATION, AuditKind.COMBINED_SWN)


# --- helpers ----------------------------------------------------------------------------------


def _step_label(value: str) -> str:
    return str(AuditState(value).label)


def auditor_of(user, body) -> Auditor | None:
    """The active :class:`Auditor` behind ``user`` when it belongs to ``body`` (R-A1)."""
    auditor = getattr(user, "auditor", None) if user is not None else None
    if (auditor is None or not auditor.active or auditor.body_id != body.pk
            or not user.has_role(Role.AUDITOR)):
        return None
    return auditor


def _require_body_side(actor, audit: Audit, *, what: str, allow_bureau: bool = True,
                       allow_contact: bool = False) -> None:
    """The body's own auditors act on its audits (R-A1); the bureau may record on their behalf;
    for some steps the member's contact may act (R-C2)."""
    if auditor_of(actor, audit.body):
        return
    if allow_bureau and actor is not None and actor.has_role(Role.BUREAU):
        return
    if allow_contact and is_member_contact(actor, audit.member):
        return
    who = [_("een auditor van %(body)s") % {"body": audit.body}]
    if allow_bureau:
        who.append(str(Role.BUREAU.label))
    if allow_contact:
        who.append(_("een contactpersoon van %(member)s") % {"member": audit.member})
    raise RuleViolation(
        "R-A1", _("Alleen %(who)s mag %(what)s.") % {"who": " of ".join(who), "what": what}
    )


def _lock(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().select_related("member", "body").get(pk=audit.pk)


def _wrong_step(audit: Audit, sources: Iterable[str], step: str) -> RuleViolation:
    return RuleViolation(
        "R-U2",
        _("De audit staat in stap %(current)s; %(step)s kan alleen vanuit: %(sources)s.")
        % {"current": _step_label(audit.state), "step": step,
           "sources": ", ".join(_step_label(s) for s in sources)},
    )


def _require_step(audit: Audit, transition, *, step: str) -> None:
    """R-U2: refuse a step taken from a state it does not follow (no skipping)."""
    if not can_proceed(transition, check_conditions=False):
        raise _wrong_step(audit, transition_sources(transition), step)


def _require_state(audit: Audit, states: Iterable[str], *, step: str) -> None:
    states = list(states)
    if audit.state not in states:
        raise _wrong_step(audit, states, step)


def _proceed(audit: Audit, transition, *, rule_id: str, **kwargs) -> None:
    """Take the transition once its guard allows it: a condition that does not hold refuses in
    its own words and rule (:func:`core.fsm.require_conditions`), never silently."""
    require_conditions(transition)
    if not can_proceed(transition):
        raise RuleViolation(
            rule_id, _("Deze stap (%(step)s) is nog niet mogelijk: niet aan alle voorwaarden "
                       "is voldaan.") % {"step": transition.__name__},
        )
    transition(**kwargs)


def body_blockers(body: CertificationBody, day: dt.date) -> list[tuple[str, str]]:
    """R-C1: what keeps ``body`` from auditing on ``day``: not recognised by the NVVK, or no
    contract covering ``day``; empty when it may audit."""
    if not body.recognised:
        return [("R-C1", _("%(body)s is niet door de NVVK erkend.") % {"body": body})]
    if body.contract_on(day) is None:
        return [("R-C1", _("%(body)s heeft op %(day)s geen contract met de NVVK.")
                 % {"body": body, "day": day})]
    return []


def _require_body_may_audit(body: CertificationBody, day: dt.date) -> None:
    """R-C1: only a recognised body with a contract covering ``day``."""
    blockers = body_blockers(body, day)
    if blockers:
        raise RuleViolation(*blockers[0])


#: R-C1 "uitgevoerd door een erkende en gecontracteerde CI": the steps taken on the days the
#: audit is carried out, from the start of the fieldwork up to the definitive report. Each of
#: them asks :func:`carried_out_blockers` on the day it is taken (see docs/rules.md, R-C1).
CARRIED_OUT_STEPS = ("start_fieldwork", "give_oral_feedback", "submit_concept",
                     "complete_review", "send_back", "present", "make_definitive")


def carried_out_blockers(audit: Audit, key: str, *, today: dt.date) -> list[tuple[str, str]]:
    """R-C1, the one guard of the days an audit is carried out: the audit's body is recognised
    and under contract on ``today`` for every step of :data:`CARRIED_OUT_STEPS`; at the start
    of the fieldwork also on the planned last fieldwork day. A body that lost its recognition
    or contract mid-way is stopped at the audit's next step (the daily sweep flags the audit
    to the bureau, which may reassign it: ``audit_reassign``)."""
    if key not in CARRIED_OUT_STEPS:
        return []
    blockers = body_blockers(audit.body, today)
    if not blockers and key == "start_fieldwork" and audit.fieldwork_ends_on \
            and audit.fieldwork_ends_on > today:
        blockers = body_blockers(audit.body, audit.fieldwork_ends_on)
    return blockers


def require_body_carries_out(audit: Audit, key: str, *, today: dt.date) -> None:
    """Refuse step ``key`` with the first :func:`carried_out_blockers` (R-C1)."""
    blockers = carried_out_blockers(audit, key, today=today)
    if blockers:
        raise RuleViolation(*blockers[0])


def open_audit_blockers(member, kind: str, *, message=None) -> list[tuple[str, str]]:
    """R-C2, the one guard of every route that starts an audit of ``kind`` (``audit_create``,
    ``audit_register_combined_swn``, the member's request for a combined audit): no open audit
    of the same kind (a recertification and a combined NVVK + SWN audit count as the same,
    :data:`SAME_RECERTIFICATION`); additional investigations may run side by side.
    ``message`` words the refusal for its route (``%(kind)s``, ``%(body)s``)."""
    if kind == AuditKind.ADDITIONAL:
        return []
    kinds = SAME_RECERTIFICATION if kind in SAME_RECERTIFICATION else (kind,)
    open_audit = member.audits.filter(kind__in=kinds, state__in=OPEN_STATES).first()
    if open_audit is None:
        return []
    message = message or _("Er loopt al een %(kind)s bij %(body)s; annuleer die eerst om een "
                           "andere instelling te kiezen.")
    return [("R-C2", message % {"kind": str(AuditKind(open_audit.kind).label).lower(),
                                "body": open_audit.body})]


def _date_not_future(value: dt.date, today: dt.date, *, rule_id: str, what: str) -> None:
    if value > today:
        raise RuleViolation(
            rule_id, _("%(what)s (%(date)s) ligt in de toekomst.") % {"what": what, "date": value}
        )


def _audit_date(audit: Audit, today: dt.date) -> dt.date:
    """R-C3 checks against the audit date (the first fieldwork day; today if not planned)."""
    return audit.audit_date or today
