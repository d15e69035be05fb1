"""E-mail for every event a user must know (issue #5), hooked into the domain by signals.

The domain services stay free of e-mail: this module listens to

- ``django_fsm.signals.post_transition`` (``sender`` = the model, ``name`` = the transition),
  e.g. ``Member.admit``, ``Audit.make_definitive``, ``Appeal.uphold``;
- ``post_save`` with ``created=True``, e.g. a new ``Finding``, ``Hearing`` or ``Certificate``.

A receiver only registers a ``transaction.on_commit(..., robust=True)`` callback; nothing is
rendered or sent inside the service's transaction, and a refused or rolled-back service sends
nothing. The callback reads the object fresh from the database (so it sees everything the
service wrote, e.g. the contact created after the admission) and skips a transition whose
state was not saved. ``robust=True``: an error while queueing is logged and never reaches the
user whose change has already been committed.

Every message has a key (``event:<what>:<pk>``), so a signal that fires twice, or a handler
that is run again, queues nothing new (see :mod:`notifications.recipients`). Heavy work runs
in Celery tasks: the certificate's PDF and the e-mail that carries it
(``certificates.tasks.issue_certificate_documents``) and the R-S7 notice to every member
(``notifications.tasks.queue_suspension_notice``).
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django_fsm.signals import post_transition

from core.models import Decision, DecisionKind, Role

from . import recipients as to

logger = logging.getLogger(__name__)

#: (model label, transition name) → handler(fresh instance)
TRANSITION_HANDLERS: dict[tuple[str, str], Callable] = {}
#: model label → handler(fresh instance), on creation
CREATION_HANDLERS: dict[str, Callable] = {}


def on_transition(label: str, *names: str):
    def register(handler):
        for name in names:
            TRANSITION_HANDLERS[(label, name)] = handler
        return handler
    return register


def on_create(label: str):
    def register(handler):
        CREATION_HANDLERS[label] = handler
        return handler
    return register


# --- the signal plumbing ----------------------------------------------------------------------

def _after_commit(handler, model, instance, *, field: str | None = None, target=None) -> None:
    """Run ``handler`` on a fresh copy of ``instance`` once the transaction commits."""

    def notify_after_commit():
        pk = instance.pk  # read now: a transition may run before the row's first save
        if pk is None:
            return
        fresh = model._default_manager.filter(pk=pk).first()
        if fresh is None:
            return
        if field is not None and getattr(fresh, field) != target:
            # The transition was not saved (or undone within the transaction): no event.
            logger.debug("%s %s: transition to %s not saved; no e-mail", model, pk, target)
            return
        handler(fresh)

    notify_after_commit.__qualname__ = f"notify_after_commit[{handler.__name__}]"
    transaction.on_commit(notify_after_commit, robust=True)


def _transition_received(sender, instance, name, target=None, field=None, exception=None,
                         **kwargs):
    if exception is not None:
        return
    handler = TRANSITION_HANDLERS.get((sender._meta.label, name))
    if handler is None:
        return
    try:
        _after_commit(handler, sender, instance,
                      field=getattr(field, "attname", None), target=target)
    except Exception:  # never break the service's transaction
        logger.exception("could not register the e-mail for %s.%s", sender._meta.label, name)


def _created_received(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    handler = CREATION_HANDLERS.get(sender._meta.label)
    if handler is None:
        return
    try:
        _after_commit(handler, sender, instance)
    except Exception:
        logger.exception("could not register the e-mail for new %s", sender._meta.label)


def connect() -> None:
    """Connect the receivers (``NotificationsConfig.ready``)."""
    post_transition.connect(_transition_received, dispatch_uid="notifications.events.fsm")
    for label in CREATION_HANDLERS:
        post_save.connect(_created_received, sender=apps.get_model(label),
                          dispatch_uid=f"notifications.events.created.{label}")


# --- helpers ----------------------------------------------------------------------------------

def _motivation(kind: str, subject) -> str:
    """The motivation of the latest decision record ``kind`` about ``subject`` (R-0.3)."""
    decision = (Decision.objects
                .filter(kind=kind, subject_type=ContentType.objects.get_for_model(subject),
                        subject_id=subject.pk)
                .order_by("-decided_at", "-id").first())
    return decision.motivation if decision else ""


def _to_member(template: str, member, *, key: str, context: dict, rule_id: str,
               attachments=()) -> int:
    return to.queue_to_all(template=template, recipients=to.member_recipients(member),
                           context=context, key=key, audience=to.MEMBER, member=member,
                           rule_id=rule_id, attachments=attachments)


def _to_role(template: str, role: str, audience: str, *, member, key: str, context: dict,
             rule_id: str) -> int:
    return to.queue_to_all(template=template, recipients=to.role_recipients(role),
                           context=context, key=key, audience=audience, member=member,
                           rule_id=rule_id)


# --- R-M1/R-M2 admission ----------------------------------------------------------------------

@on_create("members.Admission")
def application_received(admission) -> None:
    """R-M1 step 1: the application is confirmed to the applicant's contact person."""
    member = admission.member
    _to_member("application-received", member, key=f"event:application-received:{admission.pk}",
               context={"member": member, "submitted_on": admission.submitted_on},
               rule_id="R-M1")


@on_transition("members.Member", "admit", "reject")
def application_decided(member) -> None:
    """R-M1 step 3 / R-M2: the directeur's decision on the application."""
    admitted = member.state == "member"
    admission = getattr(member, "admission", None)
    _to_member("application-decided", member,
               key=f"event:application-decided:{member.pk}",
               context={"member": member, "admitted": admitted,
                        "decided_on": admission.decided_on if admission else None,
                        "motivation": "" if admitted else _motivation(DecisionKind.ADMISSION,
                                                                      member)},
               rule_id="R-M2")


# --- R-U2 audits ------------------------------------------------------------------------------

@on_transition("audits.Audit", "start_preparation")
def audit_planned(audit) -> None:
    """R-U2: the audit is planned and prepared; the member and the team are told."""
    context = {"audit": audit}
    key = f"event:audit-planned:{audit.pk}"
    _to_member("audit-planned", audit.member, key=key, context=context, rule_id="R-U2")
    team = to.auditor_recipients(audit.lead_auditor, audit.second_auditor)
    if team:  # the team may be assigned later (R-C4: before the fieldwork)
        to.queue_to_all(template="audit-planned", recipients=team, context=context, key=key,
                        audience=to.AUDITOR, member=audit.member, rule_id="R-U2")


@on_transition("audits.Audit", "make_definitive")
def report_definitive(audit) -> None:
    """R-U2: the definitive report is available to the member."""
    _to_member("report-definitive", audit.member, key=f"event:report-definitive:{audit.pk}",
               context={"audit": audit}, rule_id="R-U2")


@on_transition("audits.Audit", "advise")
def advice_given(audit) -> None:
    """R-F7: the body's advice, to the member and to the directeur who decides (R-Z1)."""
    advice = getattr(audit, "advice", None)
    if advice is None:
        return
    context = {"audit": audit, "advice": advice}
    key = f"event:advice-given:{audit.pk}"
    _to_member("advice-given", audit.member, key=key, context=context, rule_id="R-F7")
    _to_role("advice-given", Role.DIRECTOR, to.DIRECTOR, member=audit.member, key=key,
             context=context, rule_id="R-F7")


# --- R-F1 … R-F8 findings ---------------------------------------------------------------------

def finding_deadline(finding) -> tuple[dt.date | None, str]:
    """The deadline that runs for an open finding and its rule: the plan of approach of an
    afwijking (R-F3), the six months of a tekortkoming (R-F5); a kanttekening is judged at the
    next audit (R-F2)."""
    from findings.deadlines import investigation_deadline, plan_deadline
    from findings.models import FindingKind

    if finding.kind == FindingKind.NONCONFORMITY:
        return plan_deadline(finding.kind_since), "R-F3"
    if finding.kind == FindingKind.MAJOR:
        return investigation_deadline(finding.kind_since), "R-F5"
    return None, "R-F2"


@on_create("findings.Finding")
def finding_recorded(finding) -> None:
    """R-F1: a finding was recorded, with the deadline it starts."""
    deadline, rule_id = finding_deadline(finding)
    _to_member("finding-recorded", finding.member, key=f"event:finding-recorded:{finding.pk}",
               context={"finding": finding, "deadline": deadline, "deadline_rule": rule_id},
               rule_id="R-F1")


@on_transition("findings.PlanOfApproach", "approve", "reject")
def plan_assessed(plan) -> None:
    """R-F3: the body approved or rejected the plan of approach."""
    from findings.deadlines import plan_deadline
    from findings.models import FindingKind, PlanState

    finding = plan.finding
    deadline = plan_deadline(finding.kind_since)
    may_resubmit = (plan.state == PlanState.REJECTED and finding.is_open
                    and finding.kind == FindingKind.NONCONFORMITY
                    and plan.assessed_on is not None and plan.assessed_on < deadline)
    _to_member("plan-assessed", finding.member, key=f"event:plan-assessed:{plan.pk}",
               context={"plan": plan, "finding": finding,
                        "approved": plan.state == PlanState.APPROVED,
                        "may_resubmit": may_resubmit, "deadline": deadline},
               rule_id="R-F3")


@on_create("findings.FindingKindChange")
def finding_escalated(change) -> None:
    """R-F8 (with the rule of the change, e.g. R-F3): a finding became more serious; the
    member and the body's lead auditor are told, with the new deadline."""
    finding = change.finding
    deadline, deadline_rule = finding_deadline(finding)
    context = {"finding": finding, "change": change, "deadline": deadline,
               "deadline_rule": deadline_rule}
    key = f"event:finding-escalated:{change.pk}"
    _to_member("finding-escalated", finding.member, key=key, context=context,
               rule_id=change.rule_id)
    lead = finding.audit.lead_auditor if finding.audit.lead_auditor_id else None
    if lead is not None:
        to.queue_to_all(template="finding-escalated", recipients=to.auditor_recipients(lead),
                        context=context, key=key, audience=to.AUDITOR, member=finding.member,
                        rule_id=change.rule_id)


# --- R-Z1/R-Z4/R-Z7 certificates --------------------------------------------------------------

@on_create("certificates.Certificate")
def certificate_issued(certificate) -> None:
    """R-Z7: render and store the PDF, then e-mail it — in a Celery task, so the directeur's
    decision does not wait for WeasyPrint."""
    from certificates.tasks import issue_certificate_documents

    issue_certificate_documents.delay(certificate.pk)


def certificate_issue_documents(*, certificate_id: int) -> int:
    """R-Z7: the certificate's PDF, stored once (``certificate_store_pdf``), attached to the
    ``certificate-issued`` e-mail to the member's contacts (queued once per contact).
    Idempotent; returns the number of messages queued now."""
    from certificates.models import Certificate
    from certificates.pdf import certificate_store_pdf

    certificate = Certificate.objects.select_related("member", "body").get(pk=certificate_id)
    document = certificate_store_pdf(certificate=certificate)
    return _to_member("certificate-issued", certificate.member,
                      key=f"event:certificate-issued:{certificate.pk}",
                      context={"certificate": certificate}, rule_id="R-Z7",
                      attachments=[document])


#: A certificate's documents are issued within minutes; one without after this long lost its
#: task (a broker that was down at the commit) and is handed to the task again.
DOCUMENTS_GRACE = dt.timedelta(minutes=10)
DOCUMENTS_LOOKBACK = dt.timedelta(days=7)


def certificate_documents_due(*, now: dt.datetime | None = None) -> list[int]:
    """Certificates issued in the last week whose PDF or e-mail is missing (R-Z7: "none is
    lost"); older ones (e.g. imported history) are left alone."""
    from certificates.models import Certificate

    from .models import Notification

    now = now or timezone.now()
    recent = Certificate.objects.filter(created_at__gte=now - DOCUMENTS_LOOKBACK,
                                        created_at__lt=now - DOCUMENTS_GRACE)
    due = []
    for pk, pdf_id in recent.values_list("pk", "pdf_id"):
        if pdf_id is None or not Notification.objects.filter(
                key__startswith=f"event:certificate-issued:{pk}:").exists():
            due.append(pk)
    return due


@on_transition("certificates.Postponement", "grant", "refuse")
def postponement_decided(postponement) -> None:
    """R-Z4: the decision on a postponement; the certificate is not extended."""
    certificate = postponement.certificate
    _to_member("postponement-decided", certificate.member,
               key=f"event:postponement-decided:{postponement.pk}",
               context={"postponement": postponement, "certificate": certificate,
                        "granted": postponement.state == "granted",
                        "motivation": _motivation(DecisionKind.POSTPONEMENT, postponement)},
               rule_id="R-Z4")


# --- R-S1 … R-S7 suspensions ------------------------------------------------------------------

@on_create("suspensions.Hearing")
def hearing_summons(hearing) -> None:
    """R-S1: the summons to the hearing."""
    _to_member("hearing-summons", hearing.member, key=f"event:hearing-summons:{hearing.pk}",
               context={"hearing": hearing}, rule_id="R-S1")


@on_create("suspensions.Suspension")
def suspension_decided(suspension) -> None:
    """R-S2/R-S3: the suspension, with the last day to announce an appeal."""
    from suspensions.deadlines import appeal_deadline

    _to_member("suspension-decided", suspension.member,
               key=f"event:suspension-decided:{suspension.pk}",
               context={"suspension": suspension,
                        "appeal_deadline": appeal_deadline(suspension.notified_on),
                        "motivation": _motivation(DecisionKind.SUSPENSION, suspension)},
               rule_id="R-S3")


@on_create("suspensions.Appeal")
def appeal_received(appeal) -> None:
    """R-S3/R-S4: the appeal is confirmed to the member; the Bestuur learns its deadline."""
    member = appeal.suspension.member
    context = {"appeal": appeal, "member_name": member.name,
               "board_deadline": appeal.board_deadline}
    key = f"event:appeal-received:{appeal.pk}"
    _to_member("appeal-received", member, key=key, context=context, rule_id="R-S3")
    _to_role("appeal-received", Role.BOARD, to.BOARD, member=member, key=key, context=context,
             rule_id="R-S4")


@on_transition("suspensions.Appeal", "uphold", "dismiss")
def appeal_decided(appeal) -> None:
    """R-S4: the Bestuur's ruling, to the member and to the directeur."""
    member = appeal.suspension.member
    context = {"appeal": appeal, "member_name": member.name,
               "upheld": appeal.state == "upheld"}
    key = f"event:appeal-decided:{appeal.pk}"
    _to_member("appeal-decided", member, key=key, context=context, rule_id="R-S4")
    _to_role("appeal-decided", Role.DIRECTOR, to.DIRECTOR, member=member, key=key,
             context=context, rule_id="R-S4")


@on_create("suspensions.SuspensionNotice")
def suspension_notice(notice) -> None:
    """R-S7: the notice goes out in a task (one message per contact of every member)."""
    from .tasks import queue_suspension_notice

    queue_suspension_notice.delay(notice.pk)


def suspension_notice_send(*, notice_id: int) -> int:
    """R-S7: the notice to every contact of every member in state *lid* (one message each,
    linked to the recipient's member), or its text to each convenant partner address of
    ``settings.CONVENANT_PARTNER_EMAILS``. Without any partner address the bureau is
    flagged. Idempotent; returns the number of messages queued now."""
    from members.models import Member, MemberState
    from suspensions.models import NoticeAudience, SuspensionNotice

    notice = SuspensionNotice.objects.select_related("suspension__member").get(pk=notice_id)
    suspended = notice.suspension.member
    context = {"notice": notice, "suspension": notice.suspension,
               "suspended_name": suspended.name}
    key = f"event:suspension-notice:{notice.pk}"
    if notice.audience == NoticeAudience.CONVENANT_PARTNERS:
        return to.queue_to_all(
            template="suspension-notice", recipients=list(settings.CONVENANT_PARTNER_EMAILS),
            context=context, key=key, audience=to.PARTNER, member=suspended, rule_id="R-S7")
    queued = 0
    members = (Member.objects.filter(state=MemberState.MEMBER).exclude(pk=suspended.pk)
               .order_by("pk"))
    for member in members.iterator():
        queued += to.queue_to_all(
            template="suspension-notice", recipients=to.member_recipients(member),
            context=context, key=f"{key}:m{member.pk}", audience=to.MEMBER, member=member,
            rule_id="R-S7")
    return queued


# --- R-K2 complaints --------------------------------------------------------------------------

@on_transition("complaints.Complaint", "acknowledge")
def complaint_acknowledged(complaint) -> None:
    """R-K2: the acknowledgement to the complainant, when an e-mail address is known. The
    complainant's data stays in the outbox (R-A2): the message is not linked to a member, so
    it never shows on a member's timeline."""
    if not complaint.complainant_email:
        return  # a letter or a phone call: acknowledged that way
    to.queue_to_all(
        template="complaint-acknowledged", recipients=[complaint.complainant_email],
        context={"complaint": complaint, "recipient_name": complaint.complainant_name},
        key=f"event:complaint-acknowledged:{complaint.pk}", audience=to.COMPLAINANT,
        member=None, rule_id="R-K2")
