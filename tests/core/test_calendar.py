"""Calendar feeds (issue #5): an ICS feed per user, reached by a secret token, holding that
user's deadlines — and only those (R-A1); revocable; an unknown or revoked token is 404."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from audits.models import AuditState
from core.calendar import calendar_feed_url, user_calendar_token_reset
from core.dates import AMSTERDAM
from core.exceptions import RuleViolation
from core.flags import flag_raise
from core.models import FlagAudience
from findings.models import FindingKind
from suspensions.models import AppealSubject
from suspensions.services import appeal_file
from tests.complaints.factories import register
from tests.factories import AuditFactory, CertificateFactory, FindingFactory
from tests.findings.factories import InvestigationFactory
from tests.suspensions.factories import suspend

D = dt.date
pytestmark = pytest.mark.django_db
MARCH_1 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=AMSTERDAM)


def feed(client, user):
    """Fetch and parse ``user``'s feed (no login: the token is the key)."""
    response = client.get(reverse("calendar_feed", kwargs={"token": user.calendar_token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    """``{(start date, summary)}`` of every event."""
    return {(event.decoded("dtstart"), str(event.get("summary")))
            for event in calendar.walk("VEVENT")}


def summaries_on(calendar, day):
    return [summary for start, summary in events(calendar) if start == day]


@pytest.fixture
def world_x(member_x, member_y, body_a, body_b, anna, bob, xena, yuri):
    """Member X audited by CI A (fieldwork 16–17 March 2026) with an afwijking of 31 January
    (plan due 31 March, R-F3) and an investigation due 31 July; member Y audited by CI B."""
    audit_x = AuditFactory(member=member_x, body=body_a, state=AuditState.PREPARATION,
                           lead_auditor=anna, fieldwork_starts_on=D(2026, 3, 16),
                           fieldwork_ends_on=D(2026, 3, 17))
    finding = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY,
                             recorded_on=D(2026, 1, 31), recorded_by=anna.user)
    risky = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY, risk_to_clients=True,
                           recorded_on=D(2026, 1, 31), recorded_by=anna.user)
    InvestigationFactory(finding=risky, due_on=D(2026, 7, 31), ordered_by=anna.user)
    AuditFactory(member=member_y, body=body_b, state=AuditState.PREPARATION, lead_auditor=bob,
                 fieldwork_starts_on=D(2026, 4, 20), fieldwork_ends_on=D(2026, 4, 21))
    return finding


@time_machine.travel(MARCH_1, tick=False)
def test_a_member_contact_sees_its_own_deadlines_only(client, world_x, xena, yuri):
    calendar = feed(client, xena.user)

    assert any("R-F3" in s and "4.11" in s for s in summaries_on(calendar, D(2026, 3, 31)))
    assert any("R-F4" in s for s in summaries_on(calendar, D(2026, 7, 31)))
    assert any("R-U2" in s for s in summaries_on(calendar, D(2026, 3, 16)))
    assert not summaries_on(calendar, D(2026, 4, 20))  # member Y's audit (R-A1)

    assert not events(feed(client, yuri.user)) & events(calendar)


@time_machine.travel(MARCH_1, tick=False)
def test_an_auditor_sees_its_own_bodys_fieldwork_plans_and_investigations_r_a1(
        client, world_x, anna, bob):
    """R-A1: an auditor sees its own body's fieldwork plans and investigations."""
    calendar = feed(client, anna.user)

    [fieldwork] = [e for e in calendar.walk("VEVENT")
                   if e.decoded("dtstart") == D(2026, 3, 16)]
    assert fieldwork.decoded("dtend") == D(2026, 3, 18)  # through 17 March, end exclusive
    assert "Schuldhulp X" in str(fieldwork.get("summary"))
    assert any("R-F3" in s for s in summaries_on(calendar, D(2026, 3, 31)))
    assert any("R-F4" in s for s in summaries_on(calendar, D(2026, 7, 31)))
    assert not summaries_on(calendar, D(2026, 4, 20))  # CI B's audit

    bob_calendar = feed(client, bob.user)
    assert summaries_on(bob_calendar, D(2026, 4, 20))
    assert not summaries_on(bob_calendar, D(2026, 3, 31))


@time_machine.travel(MARCH_1, tick=False)
def test_the_bureau_sees_flags_and_its_dashboard_deadlines(client, bea, bram, member_x,
                                                           body_a):
    flag_raise(key="test-flag", rule_id="R-M3", audience=FlagAudience.BUREAU,
               message="Schuldhulp X heeft geen geldig certificaat", today=D(2026, 3, 1),
               member=member_x, due_on=D(2026, 3, 20))
    CertificateFactory(number="NVVK-2023-0077", audit__member=member_x, audit__body=body_a,
                       valid_until=D(2026, 5, 31))
    complaint = register(by=bea, member=member_x)  # received 6 March: respond by 13 March

    calendar = feed(client, bea)

    assert summaries_on(calendar, D(2026, 3, 20)) == [
        "R-M3: Schuldhulp X heeft geen geldig certificaat"]
    assert any("NVVK-2023-0077" in s and "R-Z6" in s
               for s in summaries_on(calendar, D(2026, 5, 31)))
    assert any(complaint.reference in s and "R-K2" in s
               for s in summaries_on(calendar, complaint.respond_by))
    assert "Karel" not in str(calendar.to_ical())  # R-A2: no complainant's data
    assert not summaries_on(feed(client, bram), D(2026, 3, 20))  # a bureau flag


@time_machine.travel(dt.datetime(2026, 2, 10, 9, 0, tzinfo=AMSTERDAM), tick=False)
def test_the_board_sees_its_appeal_deadlines_r_s4(client, member_x, xena, dirk, bram, bea):
    """R-S4: the board sees its appeal deadlines."""
    suspension = suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))
    appeal_file(suspension=suspension, subject=AppealSubject.SUSPENSION,
                announced_on=D(2026, 2, 10), motivation="Onevenredig.", actor=xena.user,
                today=D(2026, 2, 10))

    calendar = feed(client, bram)

    assert any("R-S4" in s and "Schuldhulp X" in s
               for s in summaries_on(calendar, D(2026, 5, 10)))
    assert summaries_on(feed(client, bea), D(2026, 5, 10))  # the bureau watches it too


@time_machine.travel(MARCH_1, tick=False)
def test_event_uids_are_stable_between_requests(client, world_x, xena):
    first = {str(e["uid"]) for e in feed(client, xena.user).walk("VEVENT")}
    second = {str(e["uid"]) for e in feed(client, xena.user).walk("VEVENT")}
    assert first == second and all(uid.endswith("@127.0.0.1") for uid in first)


def test_an_unknown_token_is_404(client, xena):
    response = client.get(reverse("calendar_feed",
                                  kwargs={"token": "00000000-0000-4000-8000-000000000000"}))
    assert response.status_code == 404


def test_a_deactivated_user_has_no_feed(client, xena):
    xena.user.is_active = False
    xena.user.save()
    response = client.get(reverse("calendar_feed", kwargs={"token": xena.user.calendar_token}))
    assert response.status_code == 404


def test_renewing_revokes_the_old_url(client, xena):
    old_url = calendar_feed_url(xena.user).removeprefix("http://127.0.0.1:8000")
    client.force_login(xena.user)

    response = client.post(reverse("calendar_reset"), {"next": "/portaal/"})

    assert response.status_code == 302 and response["Location"] == "/portaal/"
    client.logout()
    assert client.get(old_url).status_code == 404  # revoked
    xena.user.refresh_from_db()
    assert client.get(reverse("calendar_feed",
                              kwargs={"token": xena.user.calendar_token})).status_code == 200


def test_renewing_needs_a_post_and_a_login(client, xena):
    assert client.post(reverse("calendar_reset"))["Location"].startswith("/inloggen/")
    client.force_login(xena.user)
    assert client.get(reverse("calendar_reset")).status_code == 405


def test_renewing_never_redirects_off_site(client, xena):
    client.force_login(xena.user)
    response = client.post(reverse("calendar_reset"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_only_the_user_or_the_bureau_resets_a_token_r_a1(xena, yuri, bea):
    """R-A1: only the user or the bureau resets a token."""
    with pytest.raises(RuleViolation) as refused:
        user_calendar_token_reset(user=xena.user, actor=yuri.user)
    assert refused.value.rule_id == "R-A1"

    old = xena.user.calendar_token
    user_calendar_token_reset(user=xena.user, actor=bea)
    xena.user.refresh_from_db()
    assert xena.user.calendar_token != old


def test_the_feed_link_and_its_revocation_are_on_every_page_for_a_logged_in_user(client, bea):
    from django.urls import reverse

    client.force_login(bea)
    page = client.get(reverse("bureau:home")).content.decode()
    assert f"/kalender/{bea.calendar_token}.ics" in page
    assert reverse("calendar_reset") in page
