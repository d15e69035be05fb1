"""``suspension_outcome_refusal`` (R-S5, R-0.5): why the directeur cannot decide the outcome
yet, the same checks the outcome services make, for the decision page to show up front."""

import datetime as dt

from suspensions.models import AppealSubject
from suspensions.services import suspension_lift, suspension_outcome_refusal
from tests.portals.director_helpers import pending_appeal
from tests.suspensions.factories import re_audit_with_advice


def test_r_s5_before_the_last_day_without_ci_advice_the_outcome_waits(suspended_x):
    """R-S5: before the last day without CI advice the outcome waits."""
    refusal = suspension_outcome_refusal(suspension=suspended_x, today=dt.date(2026, 4, 29))
    assert refusal.rule_id == "R-S5" and "30" in refusal.message


def test_r_s5_from_the_last_day_on_the_directeur_decides(suspended_x):
    """R-S5: from the last day on the directeur decides."""
    assert suspension_outcome_refusal(suspension=suspended_x, today=dt.date(2026, 4, 30)) is None


def test_r_s5_earlier_once_a_ci_has_advised(suspended_x, body_a, anna):
    """R-S5: earlier once a CI has advised."""
    re_audit_with_advice(suspended_x.member, body=body_a, given_on=dt.date(2026, 3, 15),
                         by=anna.user)
    assert suspension_outcome_refusal(suspension=suspended_x, today=dt.date(2026, 3, 16)) is None


def test_r_s5_not_while_an_appeal_is_pending(suspended_x, xena):
    """R-S5: not while an appeal is pending."""
    pending_appeal(suspended_x, by=xena.user, subject=AppealSubject.SUSPENSION)
    refusal = suspension_outcome_refusal(suspension=suspended_x, today=dt.date(2026, 5, 4))
    assert refusal.rule_id == "R-S5" and "beroep" in refusal.message


def test_r_s5_not_when_the_suspension_is_over(suspended_x, dirk):
    """R-S5: not when the suspension is over."""
    suspension_lift(suspension=suspended_x, motivation="In orde.", actor=dirk,
                    notified_on=dt.date(2026, 5, 4), today=dt.date(2026, 5, 4))
    refusal = suspension_outcome_refusal(suspension=suspended_x, today=dt.date(2026, 5, 5))
    assert refusal.rule_id == "R-S5" and "lopende" in refusal.message
