"""The clock of the ground floor, registered with the deadline registry (``core.deadlines``):
``core.flag``, the open signals the daily sweep raised for the bureau, the directeur or the
Bestuur (R-N1), due on their date (or, without one, since the day they were raised)."""

from .deadlines import Audience, Deadline, Query, clock, member_fields
from .models import Flag


@clock("core.flag", rule_id="R-N1",
       audiences={Audience.BUREAU, Audience.DIRECTOR, Audience.BOARD})
def flag_clock(query: Query):
    """R-N1: an open signal of the daily sweep for the bureau, the directeur or the Bestuur."""
    flags = Flag.objects.open()
    if query.member_id is not None:
        flags = flags.filter(member_id=query.member_id)
    for flag in flags.select_related("member", "subject_type"):
        target = None
        if flag.subject_type_id and flag.subject_id:
            target = (f"{flag.subject_type.app_label}.{flag.subject_type.model}",
                      flag.subject_id)
        yield Deadline(
            clock="core.flag", uid=f"flag-{flag.pk}", rule_id=flag.rule_id,
            on=flag.due_on or flag.raised_on, audiences=frozenset({flag.audience}),
            title=flag.message_text, target=target, subject=flag, **member_fields(flag.member))
