"""The e-mail of complaints (R-K2), queued by :mod:`complaints.services` after the commit
(``transaction.on_commit(..., robust=True)``) under the key ``event:<what>:<pk>``."""

from notifications import recipients as to

from .models import Complaint


def complaint_acknowledged(*, complaint_id: int) -> int:
    """R-K2: the acknowledgement to the complainant, when an e-mail address is known. The
    complainant's data stays in the outbox (R-A2): the message is not linked to a member, so
    it never shows on a member's timeline."""
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None or not complaint.complainant_email:
        return 0  # a letter or a phone call: acknowledged that way
    return to.queue_to_all(
        template="complaint-acknowledged", recipients=[complaint.complainant_email],
        context={"complaint": complaint, "recipient_name": complaint.complainant_name},
        key=f"event:complaint-acknowledged:{complaint.pk}", audience=to.COMPLAINANT,
        member=None, rule_id="R-K2")


def complaint_received(*, complaint_id: int) -> int:
    """R-K1/R-K2: the automatic confirmation of a complaint filed on the public web form, with
    its reference and deadlines; to the address the complainant typed, not linked to any
    member or account (R-A2)."""
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None or not complaint.complainant_email:
        return 0
    return to.queue_to_all(
        template="complaint-received", recipients=[complaint.complainant_email],
        context={"complaint": complaint, "recipient_name": complaint.complainant_name},
        key=f"event:complaint-received:{complaint.pk}", audience=to.COMPLAINANT,
        member=None, rule_id="R-K1")
