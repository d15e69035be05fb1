"""R-K3: closing a complaint never cuts off the complainant's objection. The complainant may
object within a configurable term (``COMPLAINT_OBJECTION_WEEKS``, default six weeks after the
day of the outcome, Dutch administrative practice); during it the complaint stays open and
cannot be closed without an objection; an objection after it is refused (docs/rules.md)."""

import datetime as dt

import pytest

from complaints.deadlines import objection_by
from complaints.models import ComplaintState, Objection
from complaints.services import close_blockers, complaint_close, complaint_object
from core.exceptions import RuleViolation
from tests.complaints.factories import register
from tests.complaints.test_flow import RESOLVED_ON, fresh, resolved

pytestmark = pytest.mark.django_db

D = dt.date
LAST_DAY = D(2026, 5, 13)  # 1 April 2026 + six weeks


def test_r_k3_objection_term_is_six_weeks_from_the_day_after_the_outcome():
    """R-K3: the term's last day is the outcome day plus 42 days (literal dates)."""
    assert objection_by(D(2026, 4, 1)) == D(2026, 5, 13)
    assert objection_by(D(2026, 12, 31)) == D(2027, 2, 11)
    assert objection_by(D(2026, 4, 1), weeks=4) == D(2026, 4, 29)


@pytest.mark.parametrize("today", [RESOLVED_ON, D(2026, 4, 20), LAST_DAY])
def test_r_k3_complaint_cannot_be_closed_during_the_objection_term(bea, member_x, today):
    """R-K3: on the day of the outcome and up to the term's last day closing is refused; the
    complaint stays resolved (open for an objection)."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation) as refused:
        complaint_close(complaint=complaint, actor=bea, today=today)
    assert refused.value.rule_id == "R-K3" and "13 mei 2026" in refused.value.message
    assert fresh(complaint).state == ComplaintState.RESOLVED
    assert close_blockers(fresh(complaint), today=today)[0][0] == "R-K3"


def test_r_k3_objection_on_the_last_day_of_the_term_is_recorded(bea, member_x):
    """R-K3: an objection on the last day of the term is in time, also after the bureau tried
    to close the complaint on the day of the outcome."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation):
        complaint_close(complaint=complaint, actor=bea, today=RESOLVED_ON)
    complaint_object(complaint=complaint, content="Niet eens.", filed_on=LAST_DAY, actor=bea,
                     today=LAST_DAY)
    assert fresh(complaint).state == ComplaintState.OBJECTED


def test_r_k3_closed_the_day_after_the_term_and_late_objection_refused(bea, member_x):
    """R-K3: the day after the term the complaint can be closed; an objection filed after the
    term is refused naming R-K3, nothing is stored."""
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation) as refused:
        complaint_object(complaint=complaint, content="Te laat.", filed_on=D(2026, 5, 14),
                         actor=bea, today=D(2026, 5, 14))
    assert refused.value.rule_id == "R-K3" and "13 mei 2026" in refused.value.message
    assert not Objection.objects.exists()
    complaint = complaint_close(complaint=complaint, actor=bea, today=D(2026, 5, 14))
    assert complaint.state == ComplaintState.CLOSED


def test_r_k3_objection_term_is_configurable(bea, member_x, settings):
    """R-K3: the term follows ``COMPLAINT_OBJECTION_WEEKS``."""
    settings.COMPLAINT_OBJECTION_WEEKS = 2
    complaint = resolved(register(by=bea, member=member_x), bea)
    with pytest.raises(RuleViolation):
        complaint_close(complaint=complaint, actor=bea, today=D(2026, 4, 15))
    assert complaint_close(complaint=complaint, actor=bea,
                           today=D(2026, 4, 16)).state == ComplaintState.CLOSED
