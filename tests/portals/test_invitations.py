"""Invitations for member contacts and auditors (issue #8): the bureau invites any contact and
auditors; a member's main contact adds and invites contacts of its own organisation only
(R-A1); an address that already has a login is never linked by a member's invitation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.accounts import PersonStatus, person_status
from core.models import Flag, Role
from members.models import Contact
from tests.factories import AuditorFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+/)")


def test_the_main_contact_adds_and_invites_a_colleague(
        client, xena, django_capture_on_commit_callbacks):
    client.force_login(xena.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("member:contacts"), {
            "name": "Xavier Collega", "email": "xavier@x.example", "function": "Schuldhulpverlener"})
    assert response.status_code == 302
    contact = Contact.objects.get(email="xavier@x.example")
    assert contact.member == xena.member and contact.user.has_role(Role.MEMBER_CONTACT)
    assert person_status(contact.user) == PersonStatus.INVITED
    [message] = mail.outbox
    link = LINK.search(message.body).group(1)
    assert link.startswith("/portaal/uitnodiging/")
    client.logout()
    first = client.get(link)
    done = client.post(first["Location"], {"new_password1": "Collega-Sterk-2026!",
                                           "new_password2": "Collega-Sterk-2026!"})
    assert done["Location"] == "/portaal/"
    assert xena.member.name in client.get("/portaal/").content.decode()


def test_a_contact_who_is_not_the_main_contact_cannot_invite(client, xena, member_x):
    """R-A1: only the bureau or the member's main contact invites contacts."""
    other = ContactFactory(member=member_x, is_primary=False, email="o@x.example")
    client.force_login(other.user)
    page = client.get(reverse("member:contacts")).content.decode()
    assert "Toevoegen en uitnodigen" not in page
    response = client.post(reverse("member:contacts"), {"name": "Iemand",
                                                        "email": "iemand@x.example"})
    assert response.status_code == 403
    assert not Contact.objects.filter(email="iemand@x.example").exists()


def test_another_members_contact_is_not_found(client, xena, yuri):
    """R-A1: member Y's contact asked for from member X's portal is a 404."""
    client.force_login(xena.user)
    response = client.post(reverse("member:contacts"), {"contact": yuri.pk})
    assert response.status_code == 404
    assert not mail.outbox


def test_an_address_with_another_login_is_not_linked_and_nothing_leaks(
        client, xena, member_x, django_capture_on_commit_callbacks):
    UserFactory(email="bestaand@elders.example", roles=[Role.BOARD])
    contact = ContactFactory(member=member_x, is_primary=False, user=None,
                             email="bestaand@elders.example")
    client.force_login(xena.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("member:contacts"), {"contact": contact.pk})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user is None and not mail.outbox
    assert Flag.objects.filter(rule_id="R-A1", member=member_x).exists()
    page = client.get(reverse("member:contacts")).content.decode()
    assert "verwerkt" in page and "heeft al een account" not in page


def test_the_bureau_invites_a_contact_from_the_member_file(
        client, bea, member_x, django_capture_on_commit_callbacks):
    contact = ContactFactory(member=member_x, user=None, email="nieuw@x.example")
    client.force_login(bea)
    url = reverse("bureau:contact_invite", kwargs={"pk": member_x.pk, "contact_pk": contact.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    contact.refresh_from_db()
    assert contact.user is not None and mail.outbox[0].to == ["nieuw@x.example"]


def test_the_bureau_invites_an_auditor_from_the_auditors_page(
        client, bea, body_a, django_capture_on_commit_callbacks):
    auditor = AuditorFactory(body=body_a, email="nieuw@alfa.example", user=None)
    client.force_login(bea)
    page = client.get(reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk}))
    assert "nog geen inlog" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bureau:auditor_invite", kwargs={"pk": auditor.pk}))
    auditor.refresh_from_db()
    assert auditor.user.has_role(Role.AUDITOR) and mail.outbox[0].to == ["nieuw@alfa.example"]
    assert "/uitnodiging/" in mail.outbox[0].body
    page = client.get(reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk}))
    assert "Uitgenodigd" in page.content.decode()


def test_only_the_bureau_invites_auditors(anna):
    from audits.services import auditor_invite
    from core.exceptions import RuleViolation

    with pytest.raises(RuleViolation) as refused:
        auditor_invite(auditor=anna, actor=anna.user)
    assert refused.value.rule_id == "R-A1"


def test_re_inviting_a_member_contact_from_the_people_page_links_to_the_member_portal(
        client, bea, xena, django_capture_on_commit_callbacks):
    client.force_login(bea)
    url = reverse("bureau:person_action", kwargs={"pk": xena.user.pk, "action": "reinvite"})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert LINK.search(mail.outbox[0].body).group(1).startswith("/portaal/uitnodiging/")


def test_a_director_on_the_bureau_page_is_told_that_only_the_bureau_invites(
        client, dirk, xena):
    """The director may look into the bureau's portal; account actions are the bureau's."""
    client.force_login(dirk)
    url = reverse("bureau:person_action", kwargs={"pk": xena.user.pk, "action": "deactivate"})
    response = client.post(url, follow=True)
    assert "Verenigingsbureau" in response.content.decode()
    xena.user.refresh_from_db()
    assert xena.user.is_active
