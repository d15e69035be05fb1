"""R-0.4: the change history of every domain object (who, when, what, why) is viewable per
object by the staff SPEC §1 lets see everything: the bureau and the directeur, by their role,
not only a superuser or an account the superuser gave *toegang tot beheer*. Everyone else is
kept out of /admin/ (sent to its login) and sees no history."""

import pytest
from django.urls import reverse

from core.history import save_with_history
from core.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_history(member_x, bea):
    member_x.website = "https://x.example"
    save_with_history(member_x, actor=bea, reason="website bijgewerkt (R-M6)")
    return member_x




@pytest.mark.parametrize("role", [Role.BUREAU, Role.DIRECTOR])
def test_bureau_and_director_open_the_history_without_staff_flag_r_0_4(client, role,
                                                                       member_with_history):
    """R-0.4: a bureau or director account (not is_staff, not superuser) opens the history."""
    user = UserFactory(email=f"{role}@nvvk.example", roles=[role])
    assert not user.is_staff and not user.is_superuser
    client.force_login(user)
    response = client.get(reverse("admin:members_member_history",
                                  args=[member_with_history.pk]))
    assert response.status_code == 200
    assert "website bijgewerkt (R-M6)" in response.content.decode()


@pytest.mark.parametrize("role", [Role.BOARD, Role.QUALITY_TEAM])
def test_other_nvvk_roles_see_no_history_r_0_4(client, role, member_with_history):
    """R-0.4/SPEC §1: the board and the quality team are not the staff who see everything."""
    client.force_login(UserFactory(email=f"{role}@nvvk.example", roles=[role]))
    response = client.get(reverse("admin:members_member_history",
                                  args=[member_with_history.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_auditor_member_contact_and_anonymous_see_no_history_r_0_4(client, anna, xena,
                                                                   member_with_history):
    """R-0.4/R-A1: an auditor, a member's contact and anyone anonymous are kept out."""
    url = reverse("admin:members_member_history", args=[member_with_history.pk])
    for user in (anna.user, xena.user, None):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
        assert b"website bijgewerkt" not in response.content


def test_deactivated_bureau_account_sees_no_history_r_0_4(client, member_with_history):
    """R-0.4: a deactivated account keeps no access."""
    user = UserFactory(email="oud@nvvk.example", roles=[Role.BUREAU])
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("admin:members_member_history",
                                  args=[member_with_history.pk]))
    assert response.status_code != 200


def test_nav_links_to_beheer_for_bureau_r_0_4(client, bea):
    """R-0.4: the bureau finds /admin/ (Beheer) in its navigation."""
    client.force_login(bea)
    assert reverse("admin:index") in client.get("/bureau/").content.decode()
