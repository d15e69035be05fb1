"""R-0.5 "refused before the click" (issue #9) on the Bestuur's ruling and the bureau's action
pages: an action the rules forbid now is shown disabled, with what stands in the way in the words
(and rule) of the check the service refuses with; the POST refuses with that same text and
stores nothing. Where the action is possible, the button is live."""

import datetime as dt

from django.urls import reverse

from audits.models import AuditKind
from certificates.models import PostponementState
from members.models import MemberState
from suspensions.models import AppealState
from tests.factories import CertificateFactory
from tests.portals.director_helpers import (
    certificate_for,
    messages_of,
    pending_appeal,
    postponement_for,
    suspended,
    text_of,
    travel,
)

DISABLED = 'disabled aria-disabled="true"'


def _refused(client, url, data, *, rule_id: str, text: str):
    page = text_of(client.get(url))
    assert "blockers-box" in page and DISABLED in page
    assert f'<span class="rule">{rule_id}</span>' in page and text in page
    response = client.post(url, data)
    refusal = " ".join(messages_of(response))
    assert rule_id in refusal and text in refusal


def _allowed(client, url):
    page = text_of(client.get(url))
    assert "blockers-box" not in page and DISABLED not in page


# --- the Bestuur: R-S4 ruling ---------------------------------------------------------------


def test_r_0_5_r_s4_a_ruled_appeal_cannot_be_ruled_again(client, bram, member_x, dirk, xena):
    """R-0.5, R-S4: once ruled, the ruling form is disabled with the service's reason and a
    second ruling is refused."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(bram)
    url = reverse("board:appeal", args=[appeal.pk])
    with travel(dt.date(2026, 3, 1)):
        client.post(url, {"verdict": "dismiss", "ruling": "Ongegrond.", "confirm": "on"})
        appeal.refresh_from_db()
        assert appeal.state == AppealState.DISMISSED
        response = client.post(url, {"verdict": "uphold", "ruling": "Toch.", "confirm": "on"})
    assert "Het bestuur heeft over dit beroep al beslist" in " ".join(messages_of(response))
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISMISSED


def test_r_0_5_r_s4_a_pending_appeal_can_be_ruled(client, bram, member_x, dirk, xena):
    """R-0.5, R-S4: a pending appeal: the Bestuur's ruling button is live."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(bram)
    with travel(dt.date(2026, 3, 1)):
        _allowed(client, reverse("board:appeal", args=[appeal.pk]))


def test_r_0_5_r_s4_only_the_bestuur_rules(client, dirk, member_x, xena):
    """R-0.5, R-S4: the directeur reads the appeal; the ruling is disabled with the reason."""
    appeal = pending_appeal(suspended(member_x, by=dirk), by=xena.user)
    client.force_login(dirk)
    with travel(dt.date(2026, 3, 1)):
        _refused(client, reverse("board:appeal", args=[appeal.pk]),
                 {"verdict": "uphold", "ruling": "Gegrond.", "confirm": "on"},
                 rule_id="R-S4", text="Alleen het bestuur beslist op een beroep.")
    appeal.refresh_from_db()
    assert appeal.state == AppealState.PENDING


# --- the bureau: R-M2 resignation, R-Z2 SWN report, R-Z4 postponement ------------------------


def test_r_0_5_r_m2_the_bureau_cannot_record_a_suspended_members_resignation(client, bea,
                                                                           member_x):
    """R-0.5, R-M2: a suspended member cannot resign: the bureau's page is disabled with the
    reason and the POST refused."""
    type(member_x).objects.filter(pk=member_x.pk).update(state=MemberState.SUSPENDED)
    client.force_login(bea)
    _refused(client, reverse("bureau:member_resign", args=[member_x.pk]),
             {"reason": "Brief.", "confirm": "on"}, rule_id="R-M2",
             text="opzegging kan alleen vanuit")
    member_x.refresh_from_db()
    assert member_x.state == MemberState.SUSPENDED


def test_r_0_5_r_m2_the_bureau_can_record_a_members_resignation(client, bea, member_x):
    """R-0.5, R-M2: for a member the bureau's button is live."""
    client.force_login(bea)
    _allowed(client, reverse("bureau:member_resign", args=[member_x.pk]))


def test_r_0_5_r_z2_no_swn_report_for_a_three_year_certificate(client, bea, member_x, body_a):
    """R-0.5, R-Z2: a three-year certificate owes no SWN report: disabled with the reason."""
    certificate = certificate_for(member_x, body=body_a)
    client.force_login(bea)
    with travel(dt.date(2026, 3, 2)):
        _refused(client, reverse("bureau:swn_report_record", args=[certificate.pk]),
                 {"received_on": "2026-03-01"}, rule_id="R-Z2",
                 text="er is geen SWN-rapport verschuldigd")
    certificate.refresh_from_db()
    assert certificate.swn_report_received_on is None


def test_r_0_5_r_z2_the_swn_report_of_a_four_year_certificate_can_be_recorded(
        client, bea, member_x, body_a):
    """R-0.5, R-Z2: a four-year certificate: the receipt button is live."""
    certificate = CertificateFactory(
        audit__member=member_x, audit__body=body_a, audit__kind=AuditKind.COMBINED_SWN,
        valid_from=dt.date(2024, 6, 1), valid_until=dt.date(2028, 5, 31), four_years_swn=True,
        swn_report_due_on=dt.date(2026, 6, 1))
    client.force_login(bea)
    with travel(dt.date(2026, 6, 10)):
        _allowed(client, reverse("bureau:swn_report_record", args=[certificate.pk]))


def test_r_0_5_r_z4_the_bureau_decides_a_short_postponement(client, bea, member_x, body_a,
                                                            xena):
    """R-0.5, R-Z4: two months asked: the bureau's decision button is live."""
    postponement = postponement_for(certificate_for(member_x, body=body_a), by=xena.user,
                                    months=2)
    client.force_login(bea)
    with travel(dt.date(2026, 4, 15)):
        _allowed(client, reverse("bureau:postponement_decide", args=[postponement.pk]))
    postponement.refresh_from_db()
    assert postponement.state == PostponementState.REQUESTED
