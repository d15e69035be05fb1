"""R-0.5 "refused before the click" (issue #9) on the directeur's decision pages: an action the
rules forbid now is shown disabled, with what stands in the way in the words (and rule) of the
check the service refuses with; the POST refuses with that same text and stores nothing. Where
the action is possible, the button is live."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditState
from certificates.models import (
    Certificate,
    CertificateState,
    Postponement,
    PostponementState,
)
from core.models import Decision
from members.models import MemberState
from suspensions.models import Hearing, SuspensionState
from tests.factories import AuditFactory, MemberFactory
from tests.portals.director_helpers import (
    advised_with_report,
    certificate_for,
    messages_of,
    postponement_for,
    suspended,
    text_of,
    travel,
)

DISABLED = 'disabled aria-disabled="true"'


@pytest.fixture
def desk(client, dirk):
    client.force_login(dirk)
    return client


def _refused(desk, url, data, *, rule_id: str, text: str):
    """GET shows the box with ``rule_id`` and ``text`` and a disabled button; the POST is
    refused with the same rule and text."""
    page = text_of(desk.get(url))
    assert "blockers-box" in page and DISABLED in page
    assert f'<span class="rule">{rule_id}</span>' in page and text in page
    response = desk.post(url, data)
    refusal = " ".join(messages_of(response))
    assert rule_id in refusal and text in refusal


def _allowed(desk, url):
    page = text_of(desk.get(url))
    assert "blockers-box" not in page and DISABLED not in page


# --- R-Z1 certification ---------------------------------------------------------------------


def test_r_0_5_r_z1_certification_without_advice_is_disabled_and_refused(desk, member_x,
                                                                         body_a):
    """R-0.5, R-Z1: an audit in step *advies* without the body's advice: disabled, and the
    service refuses with the same words; no certificate."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.ADVISED)
    with travel(dt.date(2026, 4, 15)):
        _refused(desk, reverse("director:certification", args=[audit.pk]),
                 {"confirm": "on", "decision": "certify", "motivation": "Toch."},
                 rule_id="R-Z1",
                 text="Er is nog geen advies van de certificerende instelling vastgelegd.")
    assert not Certificate.objects.exists() and not Decision.objects.exists()


def test_r_0_5_r_z1_certification_after_advice_is_offered(desk, member_x, body_a, anna):
    """R-0.5, R-Z1: after the advice the decision button is live."""
    audit = advised_with_report(member_x, body=body_a, by=anna.user)
    with travel(dt.date(2026, 4, 15)):
        _allowed(desk, reverse("director:certification", args=[audit.pk]))


# --- R-Z5 withdrawal ------------------------------------------------------------------------


def test_r_0_5_r_z5_an_expired_certificate_cannot_be_withdrawn(desk, member_x, body_a):
    """R-0.5, R-Z5: an expired certificate: disabled with the reason; refused, nothing
    stored."""
    certificate = certificate_for(member_x, body=body_a)
    with travel(dt.date(2026, 6, 15)):
        _refused(desk, reverse("director:withdrawal", args=[certificate.pk]),
                 {"reason": "bankruptcy", "motivation": "Faillissement.", "confirm": "on"},
                 rule_id="R-Z5", text=f"Certificaat {certificate.number} is verlopen")
    certificate.refresh_from_db()
    assert certificate.state == CertificateState.VALID and not Decision.objects.exists()


def test_r_0_5_r_z5_a_valid_certificate_can_be_withdrawn(desk, member_x, body_a):
    """R-0.5, R-Z5: a valid certificate: the withdrawal button is live."""
    certificate = certificate_for(member_x, body=body_a)
    with travel(dt.date(2026, 3, 2)):
        _allowed(desk, reverse("director:withdrawal", args=[certificate.pk]))


# --- R-Z4 postponement ----------------------------------------------------------------------


def test_r_0_5_r_z4_more_than_six_months_in_total_is_disabled(desk, member_x, body_a, xena):
    """R-0.5, R-Z4: three months granted before plus four asked: never more than six in total;
    disabled and refused."""
    certificate = certificate_for(member_x, body=body_a)
    Postponement.objects.create(
        certificate=certificate, requested_on=dt.date(2026, 2, 1), requested_by=xena.user,
        months=3, reason="Ziekte.", state=PostponementState.GRANTED,
        decided_on=dt.date(2026, 2, 5))
    postponement = postponement_for(certificate, by=xena.user, months=4)
    with travel(dt.date(2026, 4, 15)):
        _refused(desk, reverse("director:postponement", args=[postponement.pk]),
                 {"confirm": "on", "decision": "grant", "motivation": "Gegrond."},
                 rule_id="R-Z4", text="In totaal nooit meer dan zes maanden uitstel.")
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED


def test_r_0_5_r_z4_an_open_request_can_be_decided(desk, member_x, body_a, xena):
    """R-0.5, R-Z4: an open request within six months: the decision button is live."""
    postponement = postponement_for(certificate_for(member_x, body=body_a), by=xena.user)
    with travel(dt.date(2026, 4, 15)):
        _allowed(desk, reverse("director:postponement", args=[postponement.pk]))


# --- R-S1 summons and suspension ------------------------------------------------------------


def test_r_0_5_r_s1_an_applicant_cannot_be_summoned(desk):
    """R-0.5, R-S1: only a member (or paused member) is summoned; for an applicant the button
    is disabled and the POST refused."""
    applicant = MemberFactory(state=MemberState.APPLICANT, member_since=None)
    with travel(dt.date(2026, 1, 5)):
        _refused(desk, reverse("director:hearing_summon", args=[applicant.pk]),
                 {"summoned_on": "2026-01-05", "method": "letter", "hearing_on": "2026-01-19"},
                 rule_id="R-S1", text="alleen een lid (of gepauzeerd lid) kan voor een "
                 "hoorzitting over schorsing worden opgeroepen.")
    assert not Hearing.objects.exists()


def test_r_0_5_r_s1_a_member_can_be_summoned(desk, member_x):
    """R-0.5, R-S1: a member can be summoned: the button is live."""
    with travel(dt.date(2026, 1, 5)):
        _allowed(desk, reverse("director:hearing_summon", args=[member_x.pk]))


# --- R-S5 outcome ---------------------------------------------------------------------------


def test_r_0_5_r_s5_extending_before_the_end_is_disabled(desk, member_x, dirk):
    """R-0.5, R-S5: before the end and without a CI's advice the outcome is disabled with the
    reason; the POST is refused and the suspension stays."""
    suspension = suspended(member_x, by=dirk)
    with travel(dt.date(2026, 3, 1)):
        _refused(desk, reverse("director:suspension_extend", args=[suspension.pk]),
                 {"notified_on": "2026-03-01", "confirm": "on", "motivation": "Verlengen."},
                 rule_id="R-S5", text="De schorsing loopt tot en met 30 april 2026.")
    suspension.refresh_from_db()
    assert suspension.state == SuspensionState.ACTIVE


def test_r_0_5_r_s2_a_second_extension_is_disabled_by_the_guard(desk, member_x, dirk):
    """R-0.5, R-S2: once extended, the extension page shows the guard's own refusal."""
    suspension = suspended(member_x, by=dirk)
    url = reverse("director:suspension_extend", args=[suspension.pk])
    with travel(dt.date(2026, 5, 4)):
        desk.post(url, {"notified_on": "2026-05-04", "confirm": "on", "motivation": "Eens."})
        suspension.refresh_from_db()
        assert suspension.state == SuspensionState.EXTENDED
        page = text_of(desk.get(url))
    assert DISABLED in page and '<span class="rule">R-S2</span>' in page


def test_r_0_5_r_s5_the_outcome_at_the_end_is_offered(desk, member_x, dirk):
    """R-0.5, R-S5: at the end of the suspension the outcome buttons are live."""
    suspension = suspended(member_x, by=dirk)
    with travel(dt.date(2026, 5, 4)):
        for name in ("suspension_extend", "suspension_expel", "suspension_lift"):
            _allowed(desk, reverse(f"director:{name}", args=[suspension.pk]))


def test_r_0_5_r_z3_an_audit_too_early_for_the_renewal_is_shown_before_the_click(
        desk, member_x, body_a, anna):
    """R-0.5, R-Z3: the audit lies more than three months before the renewal would start: the
    page says so before the click (refusing stays possible, so the button is live), and a
    certification is refused in the same words; no certificate."""
    certificate_for(member_x, body=body_a)  # valid up to 31 May 2026
    audit = advised_with_report(member_x, body=body_a, by=anna.user,
                                fieldwork=dt.date(2026, 1, 15))
    url = reverse("director:certification", args=[audit.pk])
    text = "ligt meer dan drie maanden voor de ingangsdatum"
    with travel(dt.date(2026, 4, 15)):
        page = text_of(desk.get(url))
        assert "Wat staat certificeren in de weg?" in page and text in page
        assert DISABLED not in page
        response = desk.post(url, {"confirm": "on", "decision": "certify"})
    assert "R-Z3" in " ".join(messages_of(response)) and text in " ".join(messages_of(response))
    assert not Certificate.objects.filter(audit=audit).exists()
