"""Users log in with their e-mail address; roles (a user may hold several); the single domain
error ``RuleViolation`` (R-0.5)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.exceptions import RuleViolation
from core.models import Role, User, UserRole
from tests.factories import UserFactory

PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory


# --------------------------------------------------------------------------- e-mail login

def test_natural_key_lookup_ignores_case(bea):
    """The login name is the e-mail address, compared case-insensitively."""
    assert User.objects.get_by_natural_key("bea@nvvk.example") == bea
    assert User.objects.get_by_natural_key("BEA@NVVK.Example") == bea
    with pytest.raises(User.DoesNotExist):
        User.objects.get_by_natural_key("bea@elders.example")


def test_login_page_accepts_the_e_mail_in_any_case(client, bea):
    """Bea logs in on the login page typing her address in capitals."""
    response = client.post(reverse("login"),
                           {"login": "Bea@NVVK.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bea.pk)


def test_login_page_refuses_a_wrong_password(client, bea):
    response = client.post(reverse("login"),
                           {"login": "bea@nvvk.example", "password": "fout"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_page_refuses_an_inactive_user(client, db):
    UserFactory(email="weg@nvvk.example", is_active=False)
    response = client.post(reverse("login"),
                           {"login": "weg@nvvk.example", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_create_user_stores_the_address_in_lower_case(db):
    user = User.objects.create_user("Nieuw.Lid@Example.ORG", "geheim-wachtwoord")
    assert user.email == "nieuw.lid@example.org"
    assert user.check_password("geheim-wachtwoord")
    assert user.is_active
    assert not user.is_staff
    assert not user.is_superuser
    assert user.get_username() == "nieuw.lid@example.org"
    assert str(user) == "nieuw.lid@example.org"


def test_create_user_needs_an_address(db):
    with pytest.raises(ValueError):
        User.objects.create_user("", "geheim-wachtwoord")


def test_an_address_is_unique_whatever_its_case(db):
    User.objects.create_user("dubbel@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user("DUBBEL@example.org")


def test_create_user_without_password_cannot_log_in(db):
    user = User.objects.create_user("zonder@example.org")
    assert not user.has_usable_password()


def test_create_superuser(db):
    admin = User.objects.create_superuser("Beheer@NVVK.example", "beheer-wachtwoord",
                                          full_name="Beheerder")
    assert admin.email == "beheer@nvvk.example"
    assert admin.is_staff
    assert admin.is_superuser
    assert admin.check_password("beheer-wachtwoord")
    assert str(admin) == "Beheerder"
    assert admin.get_full_name() == "Beheerder"


# --------------------------------------------------------------------------- roles

def test_a_user_may_hold_several_roles(db):
    """The director who also sits in the quality team holds both roles."""
    user = UserFactory(email="twee@nvvk.example", roles=[Role.DIRECTOR, Role.QUALITY_TEAM])
    assert user.role_set == {Role.DIRECTOR, Role.QUALITY_TEAM}
    assert user.has_role(Role.DIRECTOR)
    assert user.has_role(Role.QUALITY_TEAM)
    assert user.has_role(Role.BOARD, Role.QUALITY_TEAM)  # any of the given roles
    assert not user.has_role(Role.BOARD)
    assert not user.has_role()


def test_named_people_hold_their_roles(bea, dirk, bram, kim, anna, xena):
    assert bea.has_role(Role.BUREAU)
    assert dirk.has_role(Role.DIRECTOR)
    assert bram.has_role(Role.BOARD)
    assert kim.has_role(Role.QUALITY_TEAM)
    assert anna.user.has_role(Role.AUDITOR)
    assert xena.user.has_role(Role.MEMBER_CONTACT)
    assert not xena.user.has_role(Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.AUDITOR)


def test_an_inactive_user_has_no_role(dirk):
    """A deactivated account keeps its role rows but acts in none of them."""
    dirk.is_active = False
    dirk.save()
    dirk = User.objects.get(pk=dirk.pk)
    assert dirk.role_set == {Role.DIRECTOR}
    assert dirk.has_role(Role.DIRECTOR) is False


def test_a_role_is_held_once(bea):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserRole.objects.create(user=bea, role=Role.BUREAU)


def test_role_changes_have_history(bea, dirk):
    """R-0.4: granting a role is recorded with who did it."""
    role = UserRole(user=bea, role=Role.QUALITY_TEAM)
    role._history_user = dirk
    role.save()
    row = role.history.get()
    assert row.history_type == "+"
    assert row.history_user == dirk


# --------------------------------------------------------------------------- RuleViolation

def test_r0_5_rule_violation_names_the_rule():
    """R-0.5: a refusal tells which rule blocks it and what is needed."""
    error = RuleViolation("R-F3", "het plan van aanpak is nog niet goedgekeurd")
    assert error.rule_id == "R-F3"
    assert error.message == "het plan van aanpak is nog niet goedgekeurd"
    assert str(error) == "R-F3: het plan van aanpak is nog niet goedgekeurd"
    assert isinstance(error, Exception)


def test_r0_5_rule_violation_accepts_a_lazy_message():
    """R-0.5: messages come through gettext; a lazy string is turned into text."""
    from django.utils.translation import gettext_lazy

    error = RuleViolation("R-M2", gettext_lazy("Dit lid is nog niet toegelaten."))
    assert isinstance(error.message, str)
    assert str(error).startswith("R-M2: ")


# --------------------------------------------------------------------------- admin

@pytest.fixture
def admin_client_(client, db):
    admin = User.objects.create_superuser("beheer@nvvk.example", "beheer-wachtwoord")
    client.force_login(admin)
    client.admin = admin
    return client


def test_admin_adds_a_user_by_e_mail(admin_client_):
    response = admin_client_.post(reverse("admin:core_user_add"), {
        "email": "Nieuw@NVVK.example", "full_name": "Nieuwe Collega", "language": "nl",
        "usable_password": "true", "password1": "Een-lang-wachtwoord-42",
        "password2": "Een-lang-wachtwoord-42",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="nieuw@nvvk.example")
    assert user.check_password("Een-lang-wachtwoord-42")


def test_admin_refuses_an_address_that_differs_only_in_case(admin_client_, bea):
    response = admin_client_.post(reverse("admin:core_user_add"), {
        "email": "BEA@nvvk.example", "full_name": "Dubbel", "language": "nl",
        "usable_password": "true", "password1": "Een-lang-wachtwoord-42",
        "password2": "Een-lang-wachtwoord-42",
    })
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="bea@nvvk.example").count() == 1


def test_admin_gives_roles_inline_with_history(admin_client_, bea):
    """A user may hold several roles; granting one in the admin is recorded (R-0.4)."""
    url = reverse("admin:core_user_change", args=[bea.pk])
    page = admin_client_.get(url)
    assert page.status_code == 200
    existing = bea.roles.get()
    response = admin_client_.post(url, {
        "email": bea.email, "full_name": bea.full_name, "language": "nl",
        "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "09:00:00",
        "roles-TOTAL_FORMS": "2", "roles-INITIAL_FORMS": "1",
        "roles-MIN_NUM_FORMS": "0", "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": str(existing.pk), "roles-0-user": str(bea.pk),
        "roles-0-role": Role.BUREAU,
        "roles-1-user": str(bea.pk), "roles-1-role": Role.QUALITY_TEAM,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    bea = User.objects.get(pk=bea.pk)
    assert bea.role_set == {Role.BUREAU, Role.QUALITY_TEAM}
    granted = bea.roles.get(role=Role.QUALITY_TEAM)
    assert granted.history.get().history_user == admin_client_.admin


def test_admin_user_list_shows_roles(admin_client_, bea, dirk):
    page = admin_client_.get(reverse("admin:core_user_changelist"))
    assert page.status_code == 200
    assert "Verenigingsbureau" in page.content.decode()
