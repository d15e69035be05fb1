"""Issue #8: what the bureau and the director may do in /admin/ (README: they manage the
reference data and view the domain objects; accounts are the superuser's). Their role brings the
permissions of their group (core.staff_groups)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audits.models import Norm
from core.models import Role, UserRole
from core.staff_groups import REFERENCE_DATA, ROLE_GROUPS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save()
    return user


def changelist(label):
    app_label, model = label.split(".")
    return reverse(f"admin:{app_label}_{model}_changelist")


def test_the_migration_made_a_group_per_staff_role():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Verenigingsbureau",
                                                                  "Directeur"}
    assert ROLE_GROUPS == {Role.BUREAU: "Verenigingsbureau", Role.DIRECTOR: "Directeur"}


@pytest.mark.parametrize("who", ["bea", "dirk"])
def test_bureau_and_director_open_every_reference_data_list_and_change_a_norm(client, request,
                                                                              who):
    user = staff(request.getfixturevalue(who))
    client.force_login(user)
    for label in REFERENCE_DATA:
        assert client.get(changelist(label)).status_code == 200, label
    norm = Norm.objects.order_by("pk").first()
    page = client.get(reverse("admin:audits_norm_change", args=[norm.pk]))
    assert page.status_code == 200 and 'name="_save"' in page.content.decode()
    assert client.get(reverse("admin:audits_norm_add")).status_code == 200
    # Reference data is referred to by audits and findings: never deleted here.
    assert client.get(reverse("admin:audits_norm_delete", args=[norm.pk])).status_code == 403


@pytest.mark.parametrize("who", ["bea", "dirk"])
def test_bureau_and_director_view_domain_objects_but_not_accounts(client, request, who,
                                                                  member_x):
    client.force_login(staff(request.getfixturevalue(who)))
    assert client.get(changelist("members.member")).status_code == 200
    page = client.get(reverse("admin:members_member_change", args=[member_x.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(changelist("core.decision")).status_code == 200
    assert client.get(changelist("core.user")).status_code == 403
    assert client.get(reverse("admin:core_user_add")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_admin_index_lists_what_the_bureau_may_open(client, bea):
    client.force_login(staff(bea))
    html = client.get(reverse("admin:index")).content.decode()
    assert "U hebt geen rechten" not in html
    assert changelist("audits.norm") in html and changelist("members.scopeitem") in html
    assert changelist("core.user") not in html


def test_only_the_bureau_lifts_login_cool_offs(client, bea, dirk):
    assert bea.has_perm("core.change_loginthrottle")
    assert not dirk.has_perm("core.change_loginthrottle")
    assert dirk.has_perm("core.view_loginthrottle")


@pytest.mark.parametrize("who", ["bram", "kim", "xena"])
def test_other_roles_get_no_admin_permissions_even_with_staff_access(client, request, who):
    user = request.getfixturevalue(who)
    user = getattr(user, "user", user)
    client.force_login(staff(user))
    assert client.get(changelist("audits.norm")).status_code == 403
    assert not user.get_all_permissions()


def test_an_auditor_with_staff_access_gets_nothing(client, anna):
    client.force_login(staff(anna.user))
    assert client.get(changelist("audits.norm")).status_code == 403


def test_the_role_brings_the_permissions_and_taking_it_away_removes_them(client):
    user = staff(UserFactory(email="nieuw@nvvk.example", roles=[]))
    assert not user.has_perm("audits.change_norm")
    UserRole.objects.create(user=user, role=Role.BUREAU)
    user = type(user).objects.get(pk=user.pk)
    assert user.has_perm("audits.change_norm")
    client.force_login(user)
    assert client.get(changelist("audits.norm")).status_code == 200
    UserRole.objects.filter(user=user).delete()
    user = type(user).objects.get(pk=user.pk)
    assert not user.has_perm("audits.change_norm")
    assert client.get(changelist("audits.norm")).status_code == 403


def test_an_inactive_bureau_account_holds_no_permission(bea):
    bea.is_active = False
    bea.save()
    assert not bea.has_perm("audits.change_norm")


def test_the_superuser_may_widen_a_group_in_admin_and_the_role_follows(bea):
    from django.contrib.auth.models import Permission

    Group.objects.get(name="Verenigingsbureau").permissions.add(
        Permission.objects.get(codename="change_member"))
    assert bea.has_perm("members.change_member")
