"""Issue #11, R-N1: the work inbox pages of the bureau and the directeur: the views, the
flag's page with its forms, the header count, who may see it and a constant query count."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.flags import flag_raise
from core.inbox import flag_assign, flag_comment, flag_snooze
from core.models import Flag, FlagAudience, FlagComment, Role
from tests.factories import MemberFactory, UserFactory

TODAY = dt.date(2026, 3, 16)
NOW = dt.datetime(2026, 3, 16, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bart(db):
    return UserFactory(email="bart@nvvk.example", full_name="Bart Bureau", roles=[Role.BUREAU])


def _flag(key, *, audience=FlagAudience.BUREAU, member=None, due_on=dt.date(2026, 4, 1),
          message="Neem contact op met het lid."):
    flag, _created = flag_raise(key=key, rule_id="R-M3", audience=audience, message=message,
                                today=TODAY, member=member, due_on=due_on)
    return flag


def _inbox(client, view):
    return client.get(reverse("bureau:inbox") + f"?weergave={view}")


def test_r_n1_views_mine_team_unassigned_overdue_snoozed(client, bea, bart, member_x):
    """R-N1: each view holds its flags."""
    mine = _flag("mine", member=member_x, message="Mijn signaal")
    flag_assign(flag=mine, assignee=bea, actor=bea)
    barts = _flag("barts", message="Barts signaal")
    flag_assign(flag=barts, assignee=bart, actor=bea)
    _flag("free", message="Vrij signaal")
    _flag("late", message="Te laat signaal", due_on=dt.date(2026, 3, 1))
    snoozed = _flag("snoozed", message="Uitgesteld signaal")
    flag_snooze(flag=snoozed, until=dt.date(2026, 3, 30), reason="Vakantie", actor=bea,
                today=TODAY)
    _flag("director", audience=FlagAudience.DIRECTOR, message="Directeurssignaal")
    client.force_login(bea)

    def shown(view):
        text = _inbox(client, view).content.decode()
        return {m for m in ("Mijn", "Barts", "Vrij", "Te laat", "Uitgesteld", "Directeurs")
                if f"{m} signaal" in text or f"{m}signaal" in text}

    assert shown("mine") == {"Mijn"}
    assert shown("team") == {"Mijn", "Barts", "Vrij", "Te laat"}
    assert shown("unassigned") == {"Vrij", "Te laat"}
    assert shown("overdue") == {"Te laat"}
    assert shown("snoozed") == {"Uitgesteld"}
    assert shown("bogus") == {"Mijn"}


def test_r_n1_header_shows_the_open_count(client, bea):
    """R-N1: the header counts the open flags waiting for the person."""
    _flag("a")
    _flag("b")
    client.force_login(bea)
    response = client.get(reverse("bureau:home"))
    assert response.context["inbox_count"] == 2
    assert reverse("bureau:inbox") in response.content.decode()


def test_r_n1_assign_comment_snooze_resolve_through_the_page(client, bea, bart):
    """R-N1: the flag's page works the flag and shows comments and history."""
    flag = _flag("work")
    client.force_login(bea)
    assert client.post(reverse("bureau:flag_assign", args=[flag.pk]),
                       {"assignee": bart.pk}).status_code == 302
    assert client.post(reverse("bureau:flag_comment", args=[flag.pk]),
                       {"text": "Eerst bellen."}).status_code == 302
    assert client.post(reverse("bureau:flag_snooze", args=[flag.pk]),
                       {"until": "2026-03-20", "snooze_reason": "Lid belt terug."}).status_code == 302
    page = client.get(reverse("bureau:flag_detail", args=[flag.pk])).content.decode()
    assert "Eerst bellen." in page and "Bart Bureau" in page and "Lid belt terug." in page
    assert "20 maart 2026" in page
    assert client.post(reverse("bureau:flag_inbox_resolve", args=[flag.pk]),
                       {"reason": "Afgesproken."}).status_code == 302
    flag.refresh_from_db()
    assert flag.assignee == bart and flag.resolved_by == bea
    assert flag.resolution == "Afgesproken."


def test_r_n1_bad_input_is_a_form_error_and_stores_nothing(client, bea, bram):
    """R-N1: an empty comment, a past snooze date or a colleague of another team is a 400
    with the form error, nothing stored."""
    flag = _flag("bad")
    client.force_login(bea)
    assert client.post(reverse("bureau:flag_comment", args=[flag.pk]),
                       {"text": ""}).status_code == 400
    assert client.post(reverse("bureau:flag_snooze", args=[flag.pk]),
                       {"until": "2026-03-01", "snooze_reason": "x"}).status_code == 400
    assert client.post(reverse("bureau:flag_snooze", args=[flag.pk]),
                       {"until": "geen datum", "snooze_reason": "x"}).status_code == 400
    assert client.post(reverse("bureau:flag_assign", args=[flag.pk]),
                       {"assignee": bram.pk}).status_code == 400
    flag.refresh_from_db()
    assert flag.assignee is None and flag.snoozed_until is None
    assert not FlagComment.objects.exists()


def test_r_n1_bureau_may_not_work_the_directors_flag(client, bea):
    """R-N1: the bureau sees the directeur's flag but has no forms for it; a POST is
    refused."""
    flag = _flag("dir", audience=FlagAudience.DIRECTOR)
    client.force_login(bea)
    page = client.get(reverse("bureau:flag_detail", args=[flag.pk])).content.decode()
    assert reverse("bureau:flag_comment", args=[flag.pk]) not in page
    assert client.post(reverse("bureau:flag_comment", args=[flag.pk]),
                       {"text": "Hallo"}).status_code == 400
    assert not FlagComment.objects.exists()


def test_r_a1_others_have_no_inbox_and_members_see_no_staff_comments(client, bea, anna, xena,
                                                                      member_x):
    """R-A1: auditors and member contacts cannot open the inbox; a staff comment never shows
    in the member portal."""
    flag = _flag("member", member=member_x)
    flag_comment(flag=flag, text="Interne notitie over het lid", actor=bea)
    for user in (anna.user, xena.user):
        client.force_login(user)
        assert client.get(reverse("bureau:inbox")).status_code == 403
        assert client.get(reverse("bureau:flag_detail", args=[flag.pk])).status_code == 403
    home = client.get(reverse("member:home"))  # still xena
    assert "Interne notitie" not in home.content.decode()
    assert "inbox_count" not in home.context


@pytest.mark.parametrize("view", ["team", "mine"])
def test_r_n1_inbox_query_count_is_constant(client, bea, view):
    """R-N1: the inbox costs the same number of queries with 3 and with 30 flags."""
    client.force_login(bea)

    def add(n):
        for _i in range(n):
            member = MemberFactory()
            flag = _flag(f"q-{Flag.objects.count()}", member=member)
            flag_assign(flag=flag, assignee=bea, actor=bea)
            flag_comment(flag=flag, text="x", actor=bea)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert _inbox(client, view).status_code == 200
        return len(captured)

    add(3)
    few = count()
    add(27)
    assert count() == few
