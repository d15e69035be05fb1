"""Failed logins are counted per account and per address (issue #17, ``core.login_throttle``).

The two attacks of the issue: a success on the attacker's own account must not wipe the
failures against another account, and failures on one account from many addresses must lock
that account. Other people on other addresses keep logging in."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.login_throttle import cooloff_for, login_throttle_clear, prune_login_throttles
from core.models import LoginThrottle, Role
from tests.factories import UserFactory

PASSWORD = "wachtwoord-123"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 10
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 30
    settings.LOGIN_FAILURE_WINDOW_MINUTES = 60
    settings.LOGIN_COOLOFF_MINUTES = 15
    settings.LOGIN_COOLOFF_MAX_MINUTES = 120


@pytest.fixture
def victim(db):
    return UserFactory(email="bureau@nvvk.example", roles=[Role.BUREAU])


@pytest.fixture
def attacker(db):
    return UserFactory(email="contact@lid-aanvaller.example", roles=[Role.MEMBER_CONTACT])


@pytest.fixture
def bystander(db):
    return UserFactory(email="contact@lid-omstander.example", roles=[Role.MEMBER_CONTACT])


def attempt(client, email, password, address, **headers):
    client.logout()
    return client.post(reverse("login"), {"login": email, "password": password},
                       REMOTE_ADDR=address, **headers)


def logged_in(response) -> bool:
    return response.status_code == 302 and "/inloggen/" not in response["Location"]


def test_own_success_does_not_wipe_failures_against_another_account(
        client, victim, attacker, bystander):
    """27 wrong passwords for the bureau account from one address, logging into the attacker's
    own account after every 9, end with the bureau account locked (issue #17); the right
    password then no longer gets in, while someone else on another address still logs in."""
    address = "203.0.113.7"
    refused = 0
    for round_ in range(3):
        for _ in range(9):
            response = attempt(client, victim.email, "fout", address)
            refused += response.status_code == 429
        if round_ < 2 and refused == 0:
            assert logged_in(attempt(client, attacker.email, PASSWORD, address))
    account = LoginThrottle.objects.get(kind="account", key=victim.email)
    assert account.locked_until is not None and account.locked_until > timezone.now()
    assert refused >= 1
    locked = attempt(client, victim.email, PASSWORD, "198.51.100.1")
    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated
    assert logged_in(attempt(client, bystander.email, PASSWORD, "192.0.2.99"))


def test_failures_from_many_addresses_lock_the_account(client, victim, bystander):
    """20 wrong passwords for one account from 20 addresses, then the right one: refused, the
    account is in a cool-off; another person on another address logs in."""
    for n in range(20):
        attempt(client, victim.email, "fout", f"198.51.100.{n + 1}")
    response = attempt(client, victim.email, PASSWORD, "198.51.100.200")
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    assert logged_in(attempt(client, bystander.email, PASSWORD, "192.0.2.50"))


def test_lockout_page_names_the_account_and_until_when_in_dutch(client, victim):
    for n in range(10):
        response = attempt(client, victim.email, "fout", f"198.51.100.{n + 1}")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in page
    assert f"Het account <strong>{victim.email}</strong> is geblokkeerd tot" in page
    until = timezone.localtime(LoginThrottle.objects.get(key=victim.email).locked_until)
    assert until.strftime("%H:%M") in page
    assert int(response["Retry-After"]) == pytest.approx(15 * 60, abs=5)


def test_lockout_page_in_english(client, victim):
    for n in range(10):
        response = attempt(client, victim.email, "wrong", f"198.51.100.{n + 1}",
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login temporarily blocked" in page
    assert f"The account <strong>{victim.email}</strong> is blocked until" in page


def test_an_address_spraying_many_accounts_is_locked_and_says_so(client, bystander):
    address = "203.0.113.9"
    for n in range(30):
        response = attempt(client, f"iemand{n}@example.org", "fout", address)
    assert response.status_code == 429
    assert "Inloggen vanaf uw internetadres <strong>203.0.113.9</strong>" in (
        response.content.decode())
    # The same person from another address is not affected.
    assert attempt(client, bystander.email, PASSWORD, address).status_code == 429
    assert logged_in(attempt(client, bystander.email, PASSWORD, "192.0.2.1"))


def test_success_clears_only_its_own_account(client, victim, attacker):
    address = "203.0.113.10"
    for _ in range(4):
        attempt(client, victim.email, "fout", address)
    for _ in range(3):
        attempt(client, attacker.email, "fout", address)
    assert logged_in(attempt(client, attacker.email, PASSWORD, address))
    assert LoginThrottle.objects.get(kind="account", key=attacker.email).failures == 0
    assert LoginThrottle.objects.get(kind="account", key=victim.email).failures == 4
    assert LoginThrottle.objects.get(kind="address", key=address).failures == 7


def test_cooloff_grows_with_each_lockout_and_is_capped(settings):
    assert [cooloff_for(n).total_seconds() / 60 for n in (1, 2, 3, 4, 5, 9)] == [
        15, 30, 60, 120, 120, 120]


def test_cooloff_ends_and_grows_when_the_attack_goes_on(client, victim):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(10):
            attempt(client, victim.email, "fout", f"198.51.100.{n + 1}")
        first = LoginThrottle.objects.get(key=victim.email).locked_until
        assert first == start + dt.timedelta(minutes=15)
        # Attempts during the cool-off are refused, not counted, and do not extend it.
        for _ in range(5):
            assert attempt(client, victim.email, "fout", "198.51.100.50").status_code == 429
        assert LoginThrottle.objects.get(key=victim.email).locked_until == first
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        assert logged_in(attempt(client, victim.email, PASSWORD, "198.51.100.60"))
        for n in range(10):
            attempt(client, victim.email, "fout", f"198.51.100.{n + 70}")
        second = LoginThrottle.objects.get(key=victim.email)
        assert second.lockouts == 2
        assert second.locked_until == timezone.now() + dt.timedelta(minutes=30)
    # A day after the last cool-off ended, the run of lockouts is forgotten.
    with time_machine.travel(start + dt.timedelta(days=2), tick=False):
        for n in range(10):
            attempt(client, victim.email, "fout", f"198.51.100.{n + 100}")
        third = LoginThrottle.objects.get(key=victim.email)
        assert third.lockouts == 1
        assert third.locked_until == timezone.now() + dt.timedelta(minutes=15)


def test_failures_outside_the_window_are_forgotten(client, victim):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(9):
            attempt(client, victim.email, "fout", f"198.51.100.{n + 1}")
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        attempt(client, victim.email, "fout", "198.51.100.20")
        row = LoginThrottle.objects.get(key=victim.email)
        assert row.failures == 1 and row.locked_until is None
        assert logged_in(attempt(client, victim.email, PASSWORD, "198.51.100.21"))


def test_clearing_an_account_ends_its_cooloff(client, victim):
    for n in range(10):
        attempt(client, victim.email, "fout", f"198.51.100.{n + 1}")
    assert attempt(client, victim.email, PASSWORD, "198.51.100.30").status_code == 429
    login_throttle_clear(email="Bureau@NVVK.example ")
    assert logged_in(attempt(client, victim.email, PASSWORD, "198.51.100.30"))


def test_email_case_and_spaces_count_as_one_account(client, victim):
    for n in range(10):
        email = victim.email.upper() if n % 2 else f" {victim.email} "
        attempt(client, email, "fout", f"198.51.100.{n + 1}")
    assert attempt(client, victim.email, PASSWORD, "198.51.100.40").status_code == 429


def test_prune_keeps_running_and_remembered_cooloffs(db):
    now = timezone.now()
    LoginThrottle.objects.create(kind="account", key="old@example.org", failures=2,
                                 last_failure_at=now - dt.timedelta(hours=3))
    LoginThrottle.objects.create(kind="account", key="recent@example.org", failures=2,
                                 last_failure_at=now - dt.timedelta(minutes=5))
    LoginThrottle.objects.create(kind="account", key="locked@example.org", lockouts=1,
                                 last_failure_at=now - dt.timedelta(hours=3),
                                 locked_until=now - dt.timedelta(hours=2))
    assert prune_login_throttles(now=now) == 1
    assert set(LoginThrottle.objects.values_list("key", flat=True)) == {
        "recent@example.org", "locked@example.org"}


def test_bureau_lifts_a_cooloff_in_admin(client, victim):
    admin_user = UserFactory(email="beheer@example.org", is_staff=True, is_superuser=True)
    for n in range(10):
        attempt(client, victim.email, "fout", f"198.51.100.{n + 1}")
    row = LoginThrottle.objects.get(kind="account", key=victim.email)
    client.force_login(admin_user)
    response = client.post(reverse("admin:core_loginthrottle_changelist"),
                           {"action": "lift", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.locked_until is None and row.lockouts == 0
