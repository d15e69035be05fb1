"""The e-mail of the admission (R-M1, R-M2), queued by the services of :mod:`members.services`
after their commit (``transaction.on_commit(..., robust=True)``).

Each function reads its object fresh (it sees everything the service wrote) and queues under the
key ``event:<what>:<pk>``, so a second call queues nothing new."""

from core.decisions import decision_motivation
from core.models import DecisionKind

from .models import Admission, Member, MemberState
from .recipients import queue_to_member


def application_received(*, admission_id: int) -> int:
    """R-M1 step 1: the application is confirmed to the applicant's contact person."""
    admission = Admission.objects.select_related("member").filter(pk=admission_id).first()
    if admission is None:
        return 0
    member = admission.member
    return queue_to_member(
        "application-received", member, key=f"event:application-received:{admission.pk}",
        context={"member": member, "submitted_on": admission.submitted_on}, rule_id="R-M1")


def application_decided(*, member_id: int) -> int:
    """R-M1 step 3 / R-M2: the directeur's decision on the application."""
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return 0
    admitted = member.state == MemberState.MEMBER
    admission = getattr(member, "admission", None)
    return queue_to_member(
        "application-decided", member, key=f"event:application-decided:{member.pk}",
        context={"member": member, "admitted": admitted,
                 "decided_on": admission.decided_on if admission else None,
                 "motivation": "" if admitted else decision_motivation(DecisionKind.ADMISSION,
                                                                       member)},
        rule_id="R-M2")


def membership_resigned(*, member_id: int) -> int:
    """R-M2: the resignation is confirmed to the member's contacts."""
    member = Member.objects.filter(pk=member_id, state=MemberState.RESIGNED).first()
    if member is None:
        return 0
    return queue_to_member(
        "membership-resigned", member, key=f"event:membership-resigned:{member.pk}",
        context={"member": member, "resigned_on": member.state_changed_on}, rule_id="R-M2")
