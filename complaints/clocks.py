"""The legal clocks of complaints (R-K2), registered with the deadline registry
(``core.deadlines``): the acknowledgement of a written complaint within 24 hours, the
substantive response within five working days and the resolution within 34 working days (or
the later date the complainant was told). A complaint about a member shows its response and
resolution deadlines to that member too, never the complainant's personal data (R-A2)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates
from core.deadlines import Audience, Deadline, Query, clock, member_fields

from .models import UNRESOLVED_STATES, Complaint, ComplaintState

TITLES = {
    "acknowledge": gettext_lazy("ontvangst bevestigen (24 uur)"),
    "respond": gettext_lazy("inhoudelijke reactie (5 werkdagen)"),
    "resolve": gettext_lazy("afhandeling (34 werkdagen of meegedeelde datum)"),
}


def _complaints(query: Query, states):
    complaints = Complaint.objects.filter(state__in=states)
    if query.member_id is not None:
        complaints = complaints.filter(member_id=query.member_id)
    return complaints.select_related("member", "body")


def _deadline(complaint, step: str, on, audiences) -> Deadline:
    if complaint.member_id is None:
        audiences = audiences - {Audience.MEMBER}
    return Deadline(
        clock=f"complaints.{step}", uid=f"complaint-{step}-{complaint.pk}", rule_id="R-K2",
        on=on, audiences=frozenset(audiences),
        title=_("Klacht %(ref)s: %(what)s") % {"ref": complaint.reference,
                                               "what": TITLES[step]},
        target=("complaints.complaint", complaint.pk), subject=complaint,
        **member_fields(complaint.member))


@clock("complaints.acknowledge", rule_id="R-K2", audiences={Audience.BUREAU})
def acknowledge_clock(query: Query):
    """R-K2: a written complaint is acknowledged within 24 hours of receipt."""
    for complaint in _complaints(query, [ComplaintState.RECEIVED]):
        if complaint.is_written:
            yield _deadline(complaint, "acknowledge", dates.local_date(complaint.acknowledge_by),
                            {Audience.BUREAU})


@clock("complaints.respond", rule_id="R-K2", audiences={Audience.BUREAU, Audience.MEMBER})
def respond_clock(query: Query):
    """R-K2: a substantive response within five working days."""
    states = [ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED]
    for complaint in _complaints(query, states):
        yield _deadline(complaint, "respond", complaint.respond_by,
                        {Audience.BUREAU, Audience.MEMBER})


@clock("complaints.resolve", rule_id="R-K2", audiences={Audience.BUREAU, Audience.MEMBER})
def resolve_clock(query: Query):
    """R-K2: resolved within 34 working days, or by the date the complainant was told."""
    for complaint in _complaints(query, UNRESOLVED_STATES):
        yield _deadline(complaint, "resolve", complaint.expected_on or complaint.resolve_by,
                        {Audience.BUREAU, Audience.MEMBER})
