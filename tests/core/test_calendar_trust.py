"""Feeds calendar apps trust (issue #18, RFC 5545): a UID per deadline identity that survives a
moved date, SEQUENCE and LAST-MODIFIED that grow with it, a URL on every event to the object's
page, ETag/Last-Modified with 304 answers and HEAD; the desk and the feed agree (R-N1); every
feed also parses with a second parser (vobject)."""

import datetime as dt

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from audits.models import AuditState
from core.calendar import calendar_entries
from core.dates import AMSTERDAM
from core.deadlines import Audience, open_deadlines
from core.flags import flag_raise
from core.models import FlagAudience
from core.timeline import member_timeline
from findings.models import FindingKind
from overview.dashboard import bureau_deadlines
from tests.factories import AuditFactory, CertificateFactory, FindingFactory

D = dt.date
pytestmark = pytest.mark.django_db
MARCH_1 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def march(time_machine):
    """Autouse fixtures come first: the world below is made on 1 March 2026 too."""
    time_machine.move_to(MARCH_1, tick=False)
    return time_machine


def later(march, minutes):
    march.move_to(MARCH_1 + dt.timedelta(minutes=minutes), tick=False)


def url(user):
    return reverse("calendar_feed", kwargs={"token": user.calendar_token})


def vevents(client, user):
    response = client.get(url(user))
    assert response.status_code == 200
    # A second parser, written by other people than the one that writes the feed.
    parsed = vobject.readOne(response.content.decode())
    assert parsed.name == "VCALENDAR"
    return {str(e["uid"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def world(member_x, body_a, anna, bea, member_y):
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.PREPARATION,
                         lead_auditor=anna, fieldwork_starts_on=D(2026, 3, 16),
                         fieldwork_ends_on=D(2026, 3, 17))
    FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY, recorded_on=D(2026, 1, 31),
                   recorded_by=anna.user)
    CertificateFactory(number="NVVK-2023-0077", audit__member=member_x, audit__body=body_a,
                       valid_until=D(2026, 5, 31))
    # A signal raised on an earlier day, without a due date: due since that day.
    flag_raise(key="test-r-z4", rule_id="R-Z4", audience=FlagAudience.BUREAU,
               message="R-Z4: uitstelverzoek Schuldhulp X", today=D(2026, 2, 20),
               member=member_x)
    return audit


def test_uid_unchanged_and_sequence_grows_when_a_date_moves(client, world, xena, anna, march):
    """R-U2: moving the fieldwork keeps the event (same UID), with a higher SEQUENCE and a
    newer LAST-MODIFIED, so the calendar program updates it instead of adding a second."""
    for minutes, user in ((5, xena.user), (10, anna.user)):
        before = vevents(client, user)
        [uid] = [u for u in before if u.startswith(f"fieldwork-{world.pk}@")]
        later(march, minutes)
        world.fieldwork_starts_on += dt.timedelta(days=7)
        world.fieldwork_ends_on += dt.timedelta(days=7)
        world.save()
        after = vevents(client, user)
        assert uid in after
        assert after[uid].decoded("dtstart") == world.fieldwork_starts_on
        assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])
        assert after[uid].decoded("last-modified") > before[uid].decoded("last-modified")
        assert before[uid].decoded("dtstart") not in {
            e.decoded("dtstart") for e in after.values() if "fieldwork" in str(e["uid"])}


def test_every_event_links_to_its_object_following_site_url(client, world, xena, anna, bea,
                                                             settings):
    settings.SITE_URL = "https://keurmerk.example.nl"
    for user in (xena.user, anna.user, bea):
        for event in vevents(client, user).values():
            assert str(event["url"]).startswith("https://keurmerk.example.nl/"), event
    bureau = vevents(client, bea)
    [expiry] = [e for u, e in bureau.items() if u.startswith("certificate-end-")]
    assert str(expiry["url"]) == ("https://keurmerk.example.nl" + reverse(
        "bureau:member_detail", kwargs={"pk": world.member_id}))
    member = vevents(client, xena.user)
    assert str(member[f"fieldwork-{world.pk}@keurmerk.example.nl"]["url"]).endswith(
        reverse("member:audit_detail", kwargs={"pk": world.pk}))
    auditor = vevents(client, anna.user)
    assert str(auditor[f"fieldwork-{world.pk}@keurmerk.example.nl"]["url"]).endswith(
        reverse("auditor:audit_detail", kwargs={"pk": world.pk}))


def test_no_doubled_rule_prefix(client, world, bea):
    """R-Z4: a flag whose message names its rule is not prefixed a second time."""
    summaries = [str(e["summary"]) for e in vevents(client, bea).values()]
    assert "R-Z4: uitstelverzoek Schuldhulp X" in summaries
    assert not any(s.startswith("R-Z4: R-Z4") for s in summaries)


def test_repeated_get_with_if_none_match_is_304_and_head_has_no_body(client, world, bea):
    first = client.get(url(bea))
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]

    again = client.get(url(bea), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    since = client.get(url(bea), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304

    head = client.head(url(bea))
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == first["ETag"]
    assert int(head["Content-Length"]) == len(first.content)


def test_a_changed_feed_gets_a_new_etag(client, world, bea, march):
    first = client.get(url(bea))
    later(march, 5)
    flag_raise(key="test-r-m3", rule_id="R-M3", audience=FlagAudience.BUREAU,
               message="Schuldhulp X heeft geen geldig certificaat", today=D(2026, 3, 1),
               member=world.member, due_on=D(2026, 3, 20))
    changed = client.get(url(bea), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_desk_and_feed_agree_per_persona_r_n1(client, world, bea, xena, anna, member_x):
    """R-N1: the same items on the same dates on the desk and in the feed; a signal due since
    an earlier day is dated that day, not today."""
    today = D(2026, 3, 1)
    feed = {(e.decoded("dtstart"), str(e["uid"]).split("@")[0])
            for e in vevents(client, bea).values()}
    desk = {(d.on, d.uid) for d in bureau_deadlines(today=today)}
    assert desk == feed
    assert (D(2026, 2, 20), "flag-" + str(member_x.flags.get().pk)) in feed

    member_feed = {(e.decoded("dtstart"), str(e["uid"]).split("@")[0])
                   for e in vevents(client, xena.user).values()}
    timeline = {(t.on, t.uid) for t in member_timeline(member=member_x, today=today)
                if t.is_deadline}
    assert member_feed == timeline

    auditor_feed = {(e.decoded("dtstart"), str(e["uid"]).split("@")[0])
                    for e in vevents(client, anna.user).values()}
    auditor_desk = {(d.on, d.uid) for d in open_deadlines(
        today=today, audience=Audience.AUDITOR, body_id=anna.body_id)}
    assert auditor_feed == auditor_desk
    assert {e.uid for e in calendar_entries(user=anna.user, today=today)} == {
        uid for _on, uid in auditor_desk}
