"""Issue #9 "flags close themselves": a flag whose condition no longer holds is resolved with
the reason; a condition that returns raises a fresh flag; the bureau resolves a flag by hand
with a reason (page, service, history)."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.models import CertificateState
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve, flag_resolve_by_hand
from core.history import change_reason_text
from core.models import Flag, FlagAudience
from core.sweep import sweep_deadlines
from members.models import MemberState
from suspensions.services import appeal_rule, suspension_lift
from tests.factories import AuditFactory, CertificateFactory
from tests.portals.director_helpers import pending_appeal
from tests.suspensions.factories import suspend

D = dt.date
pytestmark = pytest.mark.django_db


def _open(member, prefix):
    return list(Flag.objects.open().filter(member=member, key__startswith=prefix))


@pytest.fixture
def lapsed_x(member_x):
    """Member X lost its certificate on 1 April 2026 (R-M3)."""
    CertificateFactory(audit=AuditFactory(member=member_x), valid_from=D(2023, 4, 1),
                       valid_until=D(2026, 3, 31))
    sweep_deadlines(D(2026, 4, 1))
    assert member_x.certificates.get().state == CertificateState.EXPIRED
    return member_x


def test_r_s7_the_notice_flag_closes_when_the_board_upholds_the_appeal(member_x, dirk, bram,
                                                                       xena):
    """R-S7, R-S4: after the Bestuur upheld the appeal against the suspension, "maak de
    schorsing bekend" is resolved with the reason."""
    suspension = suspend(member_x, by=dirk)
    [flag] = _open(member_x, "suspension-notice-")
    appeal = pending_appeal(suspension, by=xena.user)
    appeal_rule(appeal=appeal, uphold=True, ruling="De hoorzitting was te kort.", actor=bram,
                today=D(2026, 3, 1))
    flag.refresh_from_db()
    assert flag.resolved_on == D(2026, 3, 1)
    assert "beroep gegrond" in flag.resolution
    assert flag.resolved_by == bram
    assert "signaal afgehandeld:" in change_reason_text(
        change_reason_text(flag.history.first().history_change_reason))


def test_r_s7_the_notice_flag_closes_when_the_directeur_lifts(member_x, dirk):
    """R-S7, R-S5: lifting the suspension closes its notice flag."""
    suspension = suspend(member_x, by=dirk)
    suspension_lift(suspension=suspension, motivation="Weer in orde.",
                    notified_on=D(2026, 5, 4), actor=dirk, today=D(2026, 5, 4))
    flag = Flag.objects.get(key=f"suspension-notice-{suspension.pk}")
    assert flag.resolved_on == D(2026, 5, 4) and "opgeheven" in flag.resolution


def test_r_m3_a_lifted_member_without_certificate_gets_fresh_flags(lapsed_x, dirk):
    """R-M3: the suspension answered the directeur's "pause or suspend?" flag; lifted while
    it still has no certificate, the member is a member without a certificate again and a
    fresh flag asks the directeur again."""
    [options] = _open(lapsed_x, "R-M3:options:")
    suspension = suspend(lapsed_x, by=dirk, starts_on=D(2026, 4, 20))
    options.refresh_from_db()
    assert options.resolved_on == D(2026, 4, 20)
    assert _open(lapsed_x, "R-M3:options:") == []

    suspension_lift(suspension=suspension, motivation="Heraudit gepland.",
                    notified_on=D(2026, 7, 21), actor=dirk, today=D(2026, 7, 21))
    lapsed_x.refresh_from_db()
    assert lapsed_x.state == MemberState.MEMBER
    [fresh] = _open(lapsed_x, "R-M3:options:")
    assert fresh.pk != options.pk and fresh.raised_on == D(2026, 7, 21)
    sweep_deadlines(D(2026, 7, 22))  # idempotent: no second fresh flag
    assert len(_open(lapsed_x, "R-M3:options:")) == 1


def test_a_returning_condition_raises_a_fresh_flag_once(member_x, bea):
    """R-N1: ``again`` raises a fresh flag after a resolved one, never two open at once."""
    first, _ = flag_raise(key="k", rule_id="R-M3", audience=FlagAudience.BUREAU,
                          message="m", today=D(2026, 1, 1), member=member_x)
    flag_resolve(key="k", today=D(2026, 1, 2), actor=bea, reason="opgelost")
    fresh, created = flag_raise(key="k", rule_id="R-M3", audience=FlagAudience.BUREAU,
                                message="m", today=D(2026, 1, 3), member=member_x, again=True)
    assert created and fresh.key == "k#2"
    again, created = flag_raise(key="k", rule_id="R-M3", audience=FlagAudience.BUREAU,
                                message="m", today=D(2026, 1, 4), member=member_x, again=True)
    assert not created and again == fresh
    assert flag_resolve(key="k", today=D(2026, 1, 5), reason="weer opgelost") == 1


def test_r_n1_the_bureau_resolves_a_flag_by_hand_with_a_reason(client, bea, lapsed_x):
    """R-N1: the bureau resolves a signal by hand on its page; reason and who are kept."""
    [flag] = _open(lapsed_x, "R-M3:contact:")
    client.force_login(bea)
    detail = client.get(reverse("bureau:member_detail", args=[lapsed_x.pk])).content.decode()
    url = reverse("bureau:flag_resolve", args=[flag.pk])
    assert url in detail
    assert client.post(url, {"reason": " "}).status_code == 400
    flag.refresh_from_db()
    assert flag.resolved_on is None
    response = client.post(url, {"reason": "Gebeld met de directeur; audit is ingepland."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_on is not None and flag.resolved_by == bea
    assert flag.resolution == "Gebeld met de directeur; audit is ingepland."
    assert flag.history.first().history_user == bea
    detail = client.get(reverse("bureau:member_detail", args=[lapsed_x.pk])).content.decode()
    assert "Gebeld met de directeur; audit is ingepland." in detail  # resolved, with reason
    assert client.get(url).status_code == 404  # no longer open


def test_r_n1_only_staff_resolve_by_hand(member_x, xena):
    """R-N1: a member contact cannot resolve a flag; a resolved one cannot be resolved twice."""
    flag, _ = flag_raise(key="x", rule_id="R-M3", audience=FlagAudience.BUREAU, message="m",
                         today=D(2026, 1, 1), member=member_x)
    with pytest.raises(RuleViolation) as refused:
        flag_resolve_by_hand(flag=flag, reason="Weg ermee.", actor=xena.user)
    assert refused.value.rule_id == "R-N1"
