"""Issue #8: a session ends after a period without requests, sooner for staff than for a member
contact; the user lands on the login page with a message."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from core.middleware import LAST_ACTIVITY_KEY, idle_timeout
from core.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def at(minutes):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def test_the_defaults_are_30_minutes_for_staff_and_2_hours_for_members():
    assert settings.SESSION_IDLE_TIMEOUT_STAFF == 1800
    assert settings.SESSION_IDLE_TIMEOUT_MEMBER == 7200


@pytest.mark.parametrize("role", [Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM,
                                  Role.AUDITOR])
def test_every_staff_role_gets_the_staff_timeout(role):
    assert idle_timeout(UserFactory(roles=[role])) == 1800


def test_a_member_contact_gets_the_member_timeout_and_a_double_role_the_shorter(xena):
    assert idle_timeout(xena.user) == 7200
    assert idle_timeout(UserFactory(roles=[Role.MEMBER_CONTACT, Role.AUDITOR])) == 1800
    assert idle_timeout(UserFactory(roles=[], is_superuser=True)) == 1800


def test_a_staff_session_survives_29_minutes_idle_and_ends_after_31(client, bea):
    with at(0):
        client.force_login(bea)
        assert client.get("/bureau/").status_code == 200
    with at(29):
        assert client.get("/bureau/").status_code == 200
    with at(29 + 31):
        response = client.get("/bureau/?tab=x")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/bureau/%3Ftab%3Dx"
    with at(29 + 31):
        login_page = client.get(response["Location"])
        assert "Uw sessie is verlopen" in login_page.content.decode()
        # Logged out: the portal asks for a login again.
        assert client.get("/bureau/").status_code == 302
        assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_alive(client, bea):
    client.force_login(bea)
    for minute in range(0, 120, 20):
        with at(minute):
            assert client.get("/bureau/").status_code == 200


def test_a_member_session_lasts_two_hours_idle(client, xena):
    with at(0):
        client.force_login(xena.user)
        assert client.get("/portaal/").status_code == 200
    with at(119):
        assert client.get("/portaal/").status_code == 200
    with at(119 + 121):
        response = client.get("/portaal/")
        assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_timeouts_are_settings(client, bea, settings):
    settings.SESSION_IDLE_TIMEOUT_STAFF = 300
    with at(0):
        client.force_login(bea)
        client.get("/bureau/")
    with at(6):
        assert client.get("/bureau/").status_code == 302


def test_the_last_activity_is_kept_in_the_session(client, bea):
    with at(0):
        client.force_login(bea)
        client.get("/bureau/")
        assert client.session[LAST_ACTIVITY_KEY] == int(START.timestamp())


def test_a_fresh_login_starts_a_new_idle_period(client, bea):
    """A new login (which cycles the session key) is activity: the idle time of the session
    the browser held before does not log the new login out."""
    with at(0):
        client.force_login(bea)
        client.get("/bureau/")
    with at(120):
        client.force_login(bea)
        assert client.get("/bureau/").status_code == 200


def test_an_anonymous_visitor_is_never_timed_out(client):
    with at(0):
        client.get("/register/")
    with at(600):
        assert client.get("/register/").status_code == 200
        assert LAST_ACTIVITY_KEY not in client.session
