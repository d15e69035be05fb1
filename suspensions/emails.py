"""The e-mail of hearings, suspensions, appeals and notices (R-S1 … R-S7), queued by
:mod:`suspensions.services` after the commit (``transaction.on_commit(..., robust=True)``);
each reads its object fresh and queues under the key ``event:<what>:<pk>``, so a second call
queues nothing new. The R-S7 notice to every member runs in a Celery task
(``suspensions.tasks.queue_suspension_notice``)."""

from django.conf import settings

from core.decisions import decision_motivation
from core.models import DecisionKind, Role
from members.models import Member, MemberState
from members.recipients import member_recipients, queue_to_member
from notifications import recipients as to

from .deadlines import appeal_deadline
from .models import Appeal, AppealState, Hearing, NoticeAudience, Suspension, SuspensionNotice


def hearing_summons(*, hearing_id: int) -> int:
    """R-S1: the summons to the hearing."""
    hearing = Hearing.objects.select_related("member").filter(pk=hearing_id).first()
    if hearing is None:
        return 0
    return queue_to_member("hearing-summons", hearing.member,
                           key=f"event:hearing-summons:{hearing.pk}",
                           context={"hearing": hearing}, rule_id="R-S1")


def suspension_decided(*, suspension_id: int) -> int:
    """R-S2/R-S3: the suspension, with the last day to announce an appeal."""
    suspension = Suspension.objects.select_related("member").filter(pk=suspension_id).first()
    if suspension is None:
        return 0
    return queue_to_member(
        "suspension-decided", suspension.member,
        key=f"event:suspension-decided:{suspension.pk}",
        context={"suspension": suspension,
                 "appeal_deadline": appeal_deadline(suspension.notified_on),
                 "motivation": decision_motivation(DecisionKind.SUSPENSION, suspension)},
        rule_id="R-S3")


def _appeal(appeal_id: int) -> Appeal | None:
    return Appeal.objects.select_related("suspension__member").filter(pk=appeal_id).first()


def _to_member_and_role(template: str, appeal, context: dict, *, member_rule: str, role: str,
                        audience: str, role_rule: str) -> int:
    """Queue ``template`` about ``appeal`` to the member's contacts and to ``role``."""
    member = appeal.suspension.member
    context = {"appeal": appeal, "member_name": member.name, **context}
    key = f"event:{template}:{appeal.pk}"
    queued = queue_to_member(template, member, key=key, context=context, rule_id=member_rule)
    queued += to.queue_to_role(template=template, role=role, audience=audience, member=member,
                               key=key, context=context, rule_id=role_rule)
    return queued


def appeal_received(*, appeal_id: int) -> int:
    """R-S3/R-S4: the appeal is confirmed to the member; the Bestuur learns its deadline."""
    appeal = _appeal(appeal_id)
    if appeal is None:
        return 0
    return _to_member_and_role("appeal-received", appeal,
                               {"board_deadline": appeal.board_deadline}, member_rule="R-S3",
                               role=Role.BOARD, audience=to.BOARD, role_rule="R-S4")


def appeal_decided(*, appeal_id: int) -> int:
    """R-S4: the Bestuur's ruling, to the member and to the directeur."""
    appeal = _appeal(appeal_id)
    if appeal is None:
        return 0
    return _to_member_and_role("appeal-decided", appeal,
                               {"upheld": appeal.state == AppealState.UPHELD},
                               member_rule="R-S4", role=Role.DIRECTOR, audience=to.DIRECTOR,
                               role_rule="R-S4")


def _notice_members(suspended):
    """R-S7: the members a notice goes to: every member in state *lid* but the suspended one."""
    return (Member.objects.filter(state=MemberState.MEMBER).exclude(pk=suspended.pk)
            .order_by("pk"))


def notice_recipient_count(*, audience: str, suspension) -> int:
    """R-S7: how many addresses the notice to ``audience`` reaches: the same recipients
    :func:`suspension_notice_send` queues to, so the recorded count is the sent one."""
    if audience == NoticeAudience.CONVENANT_PARTNERS:
        return len(set(settings.CONVENANT_PARTNER_EMAILS))
    return sum(len(member_recipients(member))
               for member in _notice_members(suspension.member).iterator())


def suspension_notice_send(*, notice_id: int) -> int:
    """R-S7: the notice to every contact of every member in state *lid* (one message each,
    linked to the recipient's member), or its text to each convenant partner address of
    ``settings.CONVENANT_PARTNER_EMAILS``. Without any partner address the bureau is
    flagged. Idempotent; returns the number of messages queued now."""
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
    for member in _notice_members(suspended).iterator():
        queued += queue_to_member("suspension-notice", member, key=f"{key}:m{member.pk}",
                                  context=context, rule_id="R-S7")
    return queued
