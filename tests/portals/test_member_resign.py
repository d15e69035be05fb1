"""R-M2 resignation (issue #9): the member's contact resigns in the portal with a reason and a
confirmation, or the bureau records it on the member's behalf; history, e-mail, and nothing
stored without the confirmation."""

import pytest
from django.urls import reverse

from audits.models import AuditState
from core.history import change_reason_text
from members.models import MemberState
from notifications.models import Notification
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db


def _post(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


def test_r_m2_the_member_resigns_in_the_portal(client, xena, member_x, body_a,
                                               django_capture_on_commit_callbacks):
    """R-M2: the contact resigns with a reason and confirmation; open audits are cancelled,
    the history names the contact and the contacts get a confirmation e-mail."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.PREPARATION)
    client.force_login(xena.user)
    page = client.get(reverse("member:resign")).content.decode()
    assert 'name="confirm"' in page and 'name="reason"' in page
    response = _post(client, reverse("member:resign"),
                     {"reason": "Wij stoppen met schuldhulp.", "confirm": "on"},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("member:home")
    member_x.refresh_from_db()
    assert member_x.state == MemberState.RESIGNED
    history = member_x.history.first()
    assert history.history_user == xena.user
    assert "Wij stoppen met schuldhulp." in change_reason_text(history.history_change_reason)
    audit.refresh_from_db()
    assert audit.state == AuditState.CANCELLED
    [message] = Notification.objects.filter(template="membership-resigned")
    assert message.recipient_email == xena.email
    assert message.member == member_x


def test_r_m2_without_confirmation_nothing_is_stored(client, xena, member_x,
                                                     django_capture_on_commit_callbacks):
    """R-M2: a resignation without the confirmation ticked is a form error; nothing stored."""
    client.force_login(xena.user)
    response = _post(client, reverse("member:resign"), {"reason": "Stoppen."},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Bevestig deze stap om door te gaan." in response.content.decode()
    member_x.refresh_from_db()
    assert member_x.state == MemberState.MEMBER
    assert not Notification.objects.filter(template="membership-resigned").exists()


def test_r_m2_a_suspended_member_is_told_it_cannot_resign(client, xena, member_x):
    """R-M2, R-0.5: a suspended member cannot resign; the page says why before the click (the
    service's own words, no rule chip: member text) with the button disabled, and the POST is
    refused."""
    type(member_x).objects.filter(pk=member_x.pk).update(state=MemberState.SUSPENDED)
    client.force_login(xena.user)
    page = client.get(reverse("member:resign")).content.decode()
    assert "Waarom kunt u nu niet opzeggen?" in page and "opzegging kan alleen vanuit" in page
    assert 'disabled aria-disabled="true"' in page and '<span class="rule">' not in page
    response = client.post(reverse("member:resign"), {"reason": "Weg.", "confirm": "on"})
    assert response.status_code == 400
    # The service's refusal (R-M2: resigning only from membership), in member wording: the
    # rule id is for staff and auditors, not in member text.
    assert "opzegging kan alleen vanuit" in response.content.decode()
    member_x.refresh_from_db()
    assert member_x.state == MemberState.SUSPENDED


def test_r_m2_the_bureau_records_the_resignation_for_the_member(
        client, bea, xena, member_x, django_capture_on_commit_callbacks):
    """R-M2: the bureau records a written resignation on the member's behalf."""
    client.force_login(bea)
    url = reverse("bureau:member_resign", args=[member_x.pk])
    assert url in client.get(reverse("bureau:member_detail", args=[member_x.pk])).content.decode()
    response = _post(client, url, {"reason": "Brief van 1 december.", "confirm": "on"},
                     django_capture_on_commit_callbacks)
    assert response.status_code == 302
    member_x.refresh_from_db()
    assert member_x.state == MemberState.RESIGNED
    assert member_x.history.first().history_user == bea
    assert Notification.objects.filter(template="membership-resigned").count() == 1


def test_r_m2_another_members_contact_has_no_such_page(client, yuri, member_x):
    """R-A1, R-M2: the bureau's page is not for a member contact."""
    client.force_login(yuri.user)
    response = client.get(reverse("bureau:member_resign", args=[member_x.pk]))
    assert response.status_code in (403, 404)
