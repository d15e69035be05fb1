"""R-M3 flags are answered by the decision they ask for: pausing or suspending closes the
director's "pause or suspend?" flag; a former member's flags close altogether."""

import datetime as dt

import pytest

from certificates.models import CertificateState
from core.models import Flag
from core.sweep import sweep_deadlines
from members.services import member_pause, member_resign
from tests.factories import AuditFactory, CertificateFactory

D = dt.date


@pytest.fixture
def lapsed_x(member_x):
    CertificateFactory(audit=AuditFactory(member=member_x), valid_from=D(2023, 4, 1),
                       valid_until=D(2026, 3, 31))
    sweep_deadlines(D(2026, 4, 1))
    assert member_x.certificates.get().state == CertificateState.EXPIRED
    return member_x


def _open(member, prefix):
    return Flag.objects.open().filter(member=member, key__startswith=prefix).count()


def test_r_m3_pausing_answers_the_directors_flag_but_the_bureau_keeps_contact(lapsed_x, dirk):
    """R-M3: pausing answers the directors flag but the bureau keeps contact."""
    assert _open(lapsed_x, "R-M3:options:") == 1
    member_pause(member=lapsed_x, motivation="Tijd voor hercertificering.", actor=dirk,
                 today=D(2026, 4, 2))
    assert _open(lapsed_x, "R-M3:options:") == 0
    assert _open(lapsed_x, "R-M3:contact:") == 1
    sweep_deadlines(D(2026, 4, 3))
    assert _open(lapsed_x, "R-M3:options:") == 0


def test_r_m3_a_resigned_member_has_no_open_certificate_flags(lapsed_x, bea):
    """R-M3: a resigned member has no open certificate flags."""
    member_resign(member=lapsed_x, reason="Stopt met schuldhulp.", actor=bea,
                  today=D(2026, 4, 2))
    assert _open(lapsed_x, "R-M3:") == 0


def test_r_m3_suspending_answers_the_directors_flag(lapsed_x, dirk):
    """R-M3: suspending answers the directors flag."""
    from tests.suspensions.factories import suspend

    suspend(lapsed_x, by=dirk, starts_on=D(2026, 4, 20), notified_on=D(2026, 4, 20))
    assert _open(lapsed_x, "R-M3:options:") == 0
