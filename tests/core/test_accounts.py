"""Accounts of every person (issue #8): invitations (single use, three days, the latest only),
the bureau's people page, deactivation, 'Wachtwoord vergeten' and the e-mail change, on
django-allauth. Nothing about whether an address has an account leaks from any form."""

import datetime as dt
import re
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core.accounts import (
    PersonStatus,
    person_status,
    staff_invite,
    user_deactivate,
    user_reactivate,
    user_reinvite,
)
from core.calendar import calendar_feed_url
from core.exceptions import RuleViolation
from core.login_throttle import normalize_account
from core.models import LoginThrottle, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/\S+/)")
PASSWORD = "Keurmerk-Sterk-2026!"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts rate limits in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def invite_kim(bea, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return staff_invite(email="Kim@NVVK.example", full_name="Kim Kernteam",
                            role=Role.QUALITY_TEAM, actor=bea)


def accept(client, link, password=PASSWORD):
    first = client.get(link)
    assert first.status_code == 302 and "wachtwoord-instellen" in first["Location"]
    return client.post(first["Location"], {"new_password1": password,
                                           "new_password2": password})


def test_the_bureau_invites_a_quality_team_member_who_sets_a_password_once(
        client, bea, django_capture_on_commit_callbacks):
    user = invite_kim(bea, django_capture_on_commit_callbacks)
    assert user.email == "kim@nvvk.example" and user.has_role(Role.QUALITY_TEAM)
    assert person_status(user) == PersonStatus.INVITED
    [message] = mail.outbox
    assert message.to == ["kim@nvvk.example"] and "Wachtwoord instellen" in message.alternatives[0][0]
    link = link_in(message)
    done = accept(client, link)
    assert done.status_code == 302 and done["Location"] == reverse("home")
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and person_status(user) == PersonStatus.ACTIVE
    assert EmailAddress.objects.get(user=user).verified
    assert user.history.filter(history_user=bea, history_change_reason__contains="uitgenodigd")
    client.logout()
    again = client.get(link)
    assert again.status_code == 200 and "ongeldig of verlopen" in again.content.decode()


def test_a_new_invitation_makes_the_previous_link_invalid(
        client, bea, django_capture_on_commit_callbacks):
    user = invite_kim(bea, django_capture_on_commit_callbacks)
    old = link_in(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        user_reinvite(user=user, actor=bea)
    new = link_in(mail.outbox[1])
    assert old != new
    assert "ongeldig of verlopen" in client.get(old).content.decode()
    assert accept(client, new).status_code == 302


def test_an_invitation_expires_after_three_days_and_changes_nothing(
        client, bea, django_capture_on_commit_callbacks):
    user = invite_kim(bea, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    # A POSIX timestamp: an aware destination would also move the local time zone.
    with time_machine.travel(time.time() + dt.timedelta(days=3, hours=1).total_seconds()):
        response = client.get(link)
    assert response.status_code == 200 and "ongeldig of verlopen" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password() and user.last_login is None


def test_a_forged_link_and_a_password_reset_token_are_no_invitation(client, bea):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    bea.invited_at = timezone.now()
    bea.save()
    uid = urlsafe_base64_encode(force_bytes(bea.pk))
    for token in ("verzonnen-token", default_token_generator.make_token(bea)):
        response = client.get(reverse("invitation", kwargs={"uidb64": uid, "token": token}))
        assert "ongeldig of verlopen" in response.content.decode()
    direct = client.get(reverse("invitation", kwargs={"uidb64": uid,
                                                      "token": "wachtwoord-instellen"}))
    assert "ongeldig of verlopen" in direct.content.decode()


def test_only_the_bureau_invites_staff(xena, kim):
    for actor in (xena.user, kim):
        with pytest.raises(RuleViolation) as refused:
            staff_invite(email="nieuw@nvvk.example", full_name="Nieuw", role=Role.BUREAU,
                         actor=actor)
        assert refused.value.rule_id == "R-A1"
    assert not User.objects.filter(email="nieuw@nvvk.example").exists()


def test_a_staff_invitation_offers_only_staff_roles(bea):
    with pytest.raises(RuleViolation):
        staff_invite(email="nieuw@nvvk.example", full_name="Nieuw", role=Role.MEMBER_CONTACT,
                     actor=bea)


def test_the_people_page_shows_status_and_invites_with_a_dutch_error_on_bad_input(
        client, bea, xena, django_capture_on_commit_callbacks):
    client.force_login(bea)
    bad = client.post(reverse("bureau:people"), {"full_name": "X", "email": "geen-adres",
                                                 "role": Role.BOARD})
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(reverse("bureau:people"), {"full_name": "Bert Bestuur",
                                                    "email": "bert@nvvk.example",
                                                    "role": Role.BOARD})
    assert ok.status_code == 302
    page = client.get(reverse("bureau:people")).content.decode()
    assert "bert@nvvk.example" in page and "Uitgenodigd" in page
    assert "xena@x.example" in page and "Nooit ingelogd" in page


def test_deactivation_ends_sessions_and_the_calendar_feed_at_once(client, bea, xena):
    feed_url = calendar_feed_url(xena.user).split("//", 1)[1].split("/", 1)[1]
    client.force_login(xena.user)
    assert client.get("/portaal/").status_code == 200
    assert client.get(f"/{feed_url}").status_code == 200
    user_deactivate(user=xena.user, actor=bea)
    after = client.get("/portaal/")
    assert after.status_code == 302 and "/inloggen/" in after["Location"]
    assert client.get(f"/{feed_url}").status_code == 404
    xena.user.refresh_from_db()
    assert person_status(xena.user) == PersonStatus.DEACTIVATED
    assert not client.login(email=xena.user.email, password="wachtwoord-123")
    user_reactivate(user=xena.user, actor=bea)
    assert client.login(email=xena.user.email, password="wachtwoord-123")


def test_the_bureau_cannot_deactivate_itself_and_others_cannot_deactivate(bea, xena):
    with pytest.raises(RuleViolation):
        user_deactivate(user=bea, actor=bea)
    with pytest.raises(RuleViolation):
        user_deactivate(user=bea, actor=xena.user)


def test_person_actions_on_the_people_page(client, bea, kim):
    client.force_login(bea)
    url = reverse("bureau:person_action", kwargs={"pk": kim.pk, "action": "deactivate"})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    kim.refresh_from_db()
    assert not kim.is_active
    unknown = reverse("bureau:person_action", kwargs={"pk": kim.pk, "action": "verwijderen"})
    assert client.post(unknown).status_code == 404


# --- 'Wachtwoord vergeten?' ------------------------------------------------------------------


def request_reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_the_login_page_offers_wachtwoord_vergeten(client):
    page = client.get("/inloggen/").content.decode()
    assert "Wachtwoord vergeten?" in page and reverse("account_reset_password") in page


def test_a_password_reset_says_nothing_about_whether_the_address_exists(client, xena):
    known = request_reset(client, xena.user.email)
    unknown = request_reset(client, "niemand@nergens.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[xena.user.email]]


def test_a_completed_password_reset_ends_the_login_cooloff(client, xena):
    """A person locked out by an attacker's guesses gets in with the reset link (issue #17)."""
    LoginThrottle.objects.create(kind=LoginThrottle.Kind.ACCOUNT,
                                 key=normalize_account(xena.user.email), failures=0,
                                 lockouts=1, locked_until=timezone.now() + dt.timedelta(hours=1))
    request_reset(client, xena.user.email)
    link = link_in(mail.outbox[0])
    first = client.get(link)
    assert first.status_code == 302
    done = client.post(first["Location"], {"password1": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 302
    xena.user.refresh_from_db()
    assert xena.user.check_password(PASSWORD)
    row = LoginThrottle.objects.get(key=normalize_account(xena.user.email))
    assert row.locked_until is None


def test_a_used_or_forged_reset_link_shows_a_clear_dutch_page(client, xena):
    request_reset(client, xena.user.email)
    link = link_in(mail.outbox[0])
    first = client.get(link)
    client.post(first["Location"], {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    again = client.get(client.get(link).get("Location", link))
    assert "ongeldig" in again.content.decode().lower()
    xena.user.refresh_from_db()
    assert xena.user.check_password(PASSWORD)


def test_the_reset_mail_is_rate_limited_per_address(client, xena):
    statuses = [request_reset(client, xena.user.email).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302] and statuses[3] == 429
    assert len(mail.outbox) == 3


# --- the e-mail address and the password -----------------------------------------------------


def test_an_email_change_takes_effect_only_after_confirmation(client, xena):
    user = xena.user
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email":
                                                      "xena.nieuw@x.example"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "xena@x.example"
    [message] = mail.outbox
    assert message.to == ["xena.nieuw@x.example"]
    confirm = LINK.search(message.body).group(1)
    client.post(confirm)
    user.refresh_from_db()
    assert user.email == "xena.nieuw@x.example"


def test_the_password_change_page_is_dutch_in_the_portal_layout(client, xena):
    client.force_login(xena.user)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "Wachtwoord wijzigen" in page and "site-header" in page


def test_nobody_signs_up_without_an_invitation(client):
    response = client.post(reverse("account_signup"), {"email": "nieuw@example.org",
                                                       "password1": PASSWORD,
                                                       "password2": PASSWORD})
    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert response.status_code in (200, 302)


def test_the_login_form_logs_in_with_the_email_address(client):
    UserFactory(email="lid@example.org", roles=[Role.MEMBER_CONTACT])
    ok = client.post("/inloggen/", {"login": "LID@example.org", "password": "wachtwoord-123"})
    assert ok.status_code == 302 and "/inloggen/" not in ok["Location"]


def test_a_wrong_password_says_nothing_about_the_account(client):
    UserFactory(email="lid@example.org", roles=[Role.MEMBER_CONTACT])
    known = client.post("/inloggen/", {"login": "lid@example.org", "password": "fout"})
    unknown = client.post("/inloggen/", {"login": "geen@example.org", "password": "fout"})
    assert known.status_code == unknown.status_code == 200
    error = re.compile(r'<div class="message error".*?</div>', re.S)
    assert error.search(known.content.decode()).group(0) == error.search(
        unknown.content.decode()).group(0)


def test_r0_4_the_bureau_sees_an_accounts_history_in_admin(client, bea, kim):
    """R-0.4: who deactivated the account and why, on the account's history page."""
    user_deactivate(user=kim, actor=bea)
    root = UserFactory(email="root@nvvk.example", is_staff=True, is_superuser=True)
    client.force_login(root)
    page = client.get(reverse("admin:core_user_history", args=[kim.pk])).content.decode()
    assert "account gedeactiveerd" in page
