"""Issue #9: the member home says what the member has to do next, without rule ids (those
are for staff and auditors, SPEC §1)."""

import pytest

from audits.models import AuditState
from tests.factories import AuditFactory
from tests.portals.member_helpers import certify, travel

pytestmark = pytest.mark.django_db


def _home(client, xena):
    client.force_login(xena.user)
    with travel():
        return client.get("/portaal/").content.decode()


def test_a_member_without_audit_or_certificate_is_told_to_choose_a_body(client, xena):
    html = _home(client, xena)
    assert "Wat u nu moet doen" in html
    assert "Kies een certificerende instelling" in html and "/portaal/audits/instelling-kiezen/" in html


def test_no_body_to_choose_while_an_audit_runs_and_the_certificate_is_far_off(
        client, xena, member_x, body_a):
    certify(member_x, body=body_a, number="NVVK-2024-0007")   # valid up to 31 May 2027
    AuditFactory(member=member_x, body=body_a, state=AuditState.FIELDWORK)
    html = _home(client, xena)
    assert "Kies een certificerende instelling" not in html


def test_the_member_home_shows_no_rule_ids(client, xena, member_x, body_a):
    certify(member_x, body=body_a, number="NVVK-2024-0007")
    html = _home(client, xena)
    assert 'class="rule"' not in html and "(R-" not in html
