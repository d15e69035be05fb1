"""The second factor (issue #8, core.mfa): bureau, director, board, quality team and auditors
reach their portal only in a session confirmed with a TOTP code (or a recovery code or
passkey); a first login walks them through enrolment; member contacts may enrol, never must;
the bureau resets a lost second factor, recorded in the history.

These tests log in through the real login page or with ``force_login_password_only``: the
other tests' ``force_login`` marks the session as confirmed (tests/conftest.py)."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.urls import reverse

from core.accounts import user_second_factor_reset
from core.history import change_reason_text
from core.mfa import totp_code, totp_enrol
from tests.conftest import force_login_password_only

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "wachtwoord-123"  # tests.factories.UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # allauth keeps used TOTP codes and rate limits there
    yield
    cache.clear()


def log_in(client, user):
    return client.post("/inloggen/", {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize("persona", ["bea", "dirk", "bram", "kim", "anna"])
def test_staff_and_auditors_without_a_second_factor_are_sent_to_enrol(client, request, persona):
    person = request.getfixturevalue(persona)
    user = getattr(person, "user", person)
    force_login_password_only(client, user)
    home = {"bea": "/bureau/", "dirk": "/directeur/", "bram": "/bestuur/", "kim": "/kernteam/",
            "anna": "/auditor/"}[persona]
    response = client.get(home)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_a_board_member_without_totp_cannot_reach_the_board_portal_after_a_password_login(
        client, bram):
    response = log_in(client, bram)
    assert response.status_code == 302
    board = client.get("/bestuur/")
    assert board.status_code == 302 and board["Location"] == reverse("mfa_activate_totp")


def test_the_first_login_walks_through_enrolment_then_reaches_the_portal(client, bram):
    log_in(client, bram)
    client.get("/bestuur/")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200 and "authenticator-app" in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=bram).exists()
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302 and done["Location"] == reverse("mfa_view_recovery_codes")
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert reverse("second_factor_done") in codes
    back = client.get(reverse("second_factor_done"))
    assert back["Location"] == "/bestuur/"
    assert client.get("/bestuur/").status_code == 200


def test_a_login_with_totp_asks_the_code_before_the_portal(client, bram):
    totp_enrol(bram, secret=SECRET)
    response = log_in(client, bram)
    assert response.status_code == 302 and "/account/2fa/authenticate/" in response["Location"]
    assert client.get("/bestuur/").status_code == 302  # not logged in yet
    wrong = client.post(response["Location"], {"code": "123456"})
    assert wrong.status_code == 200
    ok = client.post(response["Location"], {"code": totp_code(SECRET)})
    assert ok.status_code == 302
    assert client.get("/bestuur/").status_code == 200


def test_a_used_totp_code_is_refused_the_second_time(client, bram):
    totp_enrol(bram, secret=SECRET)
    code = totp_code(SECRET)
    first = log_in(client, bram)
    client.post(first["Location"], {"code": code})
    client.logout()
    second = log_in(client, bram)
    again = client.post(second["Location"], {"code": code})
    assert again.status_code == 200  # the form again, with its error


def test_a_session_without_the_second_factor_confirms_it_first(client, bram):
    totp_enrol(bram, secret=SECRET)
    force_login_password_only(client, bram)
    response = client.get("/bestuur/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_member_contacts_may_but_need_not_use_a_second_factor(client, xena):
    force_login_password_only(client, xena.user)
    assert client.get("/portaal/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_the_bureau_resets_a_lost_second_factor_recorded_in_history(client, bea, bram):
    totp_enrol(bram, secret=SECRET)
    client.force_login(bram)
    user_second_factor_reset(user=bram, actor=bea)
    assert not Authenticator.objects.filter(user=bram).exists()
    row = bram.history.latest("history_date")
    assert row.history_user == bea and "tweede factor" in change_reason_text(row.history_change_reason)
    assert client.get("/bestuur/").status_code == 302  # the session ended


def test_only_the_bureau_resets_a_second_factor(bram, dirk, xena):
    from core.exceptions import RuleViolation

    with pytest.raises(RuleViolation):
        user_second_factor_reset(user=bram, actor=xena.user)


def test_the_people_page_shows_and_resets_the_second_factor(client, bea, bram):
    totp_enrol(bram, secret=SECRET)
    client.force_login(bea)
    page = client.get(reverse("bureau:people")).content.decode()
    assert "Tweede factor herstellen" in page
    client.post(reverse("bureau:person_action", kwargs={"pk": bram.pk,
                                                        "action": "reset_second_factor"}))
    assert not Authenticator.objects.filter(user=bram).exists()


def test_the_admin_logs_in_through_the_portal_login_and_needs_the_second_factor(client, db):
    from tests.factories import UserFactory

    root = UserFactory(email="root@nvvk.example", is_staff=True, is_superuser=True)
    anonymous = client.get("/admin/")
    assert anonymous.status_code == 302
    login = client.get(anonymous["Location"])
    assert login.status_code == 302 and login["Location"].startswith("/inloggen/")
    force_login_password_only(client, root)
    response = client.get("/admin/", follow=True)
    hops = [url for url, _status in response.redirect_chain]
    assert reverse("mfa_activate_totp") in hops and "site-header" in response.content.decode()
    client.force_login(root)  # a session confirmed with a second factor
    assert client.get("/admin/").status_code == 200
