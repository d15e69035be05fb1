"""R-S7: the notice to members and convenant partners, and the publication choice outside
the association that the public register respects."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Flag
from suspensions.models import NoticeAudience, Publication
from suspensions.selectors import suspension_publicly_shown
from suspensions.services import (
    suspension_lift,
    suspension_send_notice,
    suspension_set_publication,
)

D = dt.date
pytestmark = pytest.mark.django_db
SENT_ON = D(2026, 2, 2)
TEXT = "Het lidmaatschap van Schuldhulp X is per 31 januari 2026 geschorst."


def notify(suspension, audience, actor, on=SENT_ON):
    return suspension_send_notice(suspension=suspension, audience=audience, text=TEXT,
                                  actor=actor, today=on)


def test_r_s7_notice_to_members_and_convenant_partners_once_each(suspended_x, bea):
    """R-S7: notice to members and convenant partners once each."""
    flag = Flag.objects.get(key=f"suspension-notice-{suspended_x.pk}")
    notice = notify(suspended_x, NoticeAudience.MEMBERS, bea)
    assert (notice.sent_on, notice.sent_by, notice.recipients) == (D(2026, 2, 2), bea, 0)
    assert notice.history.first().history_user == bea
    with pytest.raises(RuleViolation, match="R-S7: De mededeling aan nvvk-leden is al"):
        notify(suspended_x, NoticeAudience.MEMBERS, bea, on=D(2026, 2, 3))
    assert Flag.objects.get(pk=flag.pk).resolved_on is None
    notify(suspended_x, NoticeAudience.CONVENANT_PARTNERS, bea, on=D(2026, 2, 3))
    assert Flag.objects.get(pk=flag.pk).resolved_on == D(2026, 2, 3)


@pytest.mark.parametrize("who", ["dirk", "bram"])
def test_r_s7_the_bureau_sends_the_notice(request, suspended_x, who):
    """R-S7: the bureau sends the notice."""
    with pytest.raises(RuleViolation) as refused:
        notify(suspended_x, NoticeAudience.MEMBERS, request.getfixturevalue(who))
    assert refused.value.rule_id == "R-S7"


@pytest.mark.parametrize(("who", "role"), [("dirk", "director"), ("bram", "board")])
def test_r_s7_director_or_board_decide_on_publication(request, suspended_x, who, role):
    """R-S7: director or board decide on publication."""
    actor = request.getfixturevalue(who)
    assert not suspension_publicly_shown(member=suspended_x.member)
    suspension = suspension_set_publication(suspension=suspended_x,
                                            publication=Publication.REGISTER,
                                            motivation="Signaal naar ketenpartners.",
                                            actor=actor, today=D(2026, 2, 5))
    assert suspension.publication == Publication.REGISTER
    decision = Decision.objects.get(kind=DecisionKind.PUBLICATION)
    assert (decision.rule_id, decision.role, decision.decided_by) == ("R-S7", role, actor)
    assert change_reason_text(suspension.history.first().history_change_reason) == (
        "R-S7: publicatie: vermelden in het openbare ledenregister")
    assert suspension_publicly_shown(member=suspended_x.member)


def test_r_s7_the_bureau_does_not_decide_on_publication(suspended_x, bea):
    """R-S7: the bureau does not decide on publication."""
    with pytest.raises(RuleViolation, match="R-S7"):
        suspension_set_publication(suspension=suspended_x, publication=Publication.REGISTER,
                                   motivation="…", actor=bea, today=D(2026, 2, 5))


def test_r_s7_an_unchanged_choice_is_not_a_new_decision(suspended_x, dirk):
    """R-S7: an unchanged choice is not a new decision."""
    with pytest.raises(RuleViolation, match="R-S7: Deze publicatiewijze is al vastgelegd"):
        suspension_set_publication(suspension=suspended_x, publication=Publication.NONE,
                                   motivation="…", actor=dirk, today=D(2026, 2, 5))


def test_r_s7_a_lifted_suspension_is_no_longer_shown(suspended_x, dirk):
    """R-S7: a lifted suspension is no longer shown."""
    suspension_set_publication(suspension=suspended_x, publication=Publication.REGISTER,
                               motivation="…", actor=dirk, today=D(2026, 2, 5))
    suspension_lift(suspension=suspended_x, motivation="…", notified_on=D(2026, 4, 30),
                    actor=dirk, today=D(2026, 4, 30))
    assert not suspension_publicly_shown(member=suspended_x.member)
