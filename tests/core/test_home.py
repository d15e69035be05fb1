"""Each role lands on the home page of its own work (issue #4: each demo login lands on a
home page that shows that role's work)."""

import pytest
from django.urls import reverse

from core.models import Role
from tests.factories import UserFactory


@pytest.mark.parametrize(("fixture", "target"), [
    ("bea", "bureau:home"), ("dirk", "director:home"), ("bram", "board:home"),
    ("kim", "quality_team:home"),
])
def test_a_user_with_one_role_goes_straight_to_its_portal(request, client, fixture, target):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse(target)


def test_auditors_and_member_contacts_land_in_their_portals(client, anna, xena):
    client.force_login(anna.user)
    assert client.get(reverse("home"))["Location"] == reverse("auditor:home")
    client.force_login(xena.user)
    assert client.get(reverse("home"))["Location"] == reverse("member:home")


@pytest.mark.django_db
def test_a_user_with_several_roles_chooses(client):
    user = UserFactory(roles=[Role.BUREAU, Role.DIRECTOR])
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("director:home") in page and reverse("bureau:home") in page


@pytest.mark.django_db
def test_a_user_without_a_role_is_told_whom_to_ask(client):
    client.force_login(UserFactory(roles=[]))
    page = client.get(reverse("home")).content.decode()
    assert "verenigingsbureau" in page
