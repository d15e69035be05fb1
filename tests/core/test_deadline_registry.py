"""Issue #10: every legal clock is defined once (``core.deadlines``), and every reader (the
bureau's dashboard, the ICS feeds, the member timeline, the auditor's feed) shows the same
deadlines on the same dates — here on the whole demo association."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from audits.models import Auditor
from core import dates
from core.deadlines import Audience, clock, clocks, open_deadlines
from core.models import User
from members.models import Member
from tests.deadline_views import (
    assert_auditor_views_agree,
    assert_member_views_agree,
    assert_staff_views_agree,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo association, built once for this module and rolled back afterwards."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        with transaction.atomic():
            call_command("seed_demo", stdout=StringIO())
            yield dates.today()
            transaction.set_rollback(True)


def test_every_clock_names_a_rule_and_who_watches_it():
    keys = [c.key for c in clocks()]
    assert len(keys) >= 14 and len(set(keys)) == len(keys)
    for item in clocks():
        assert re.fullmatch(r"R-[0-9A-Z]+(\.\d+)?", item.rule_id), item.key
        assert item.audiences and item.audiences <= Audience.ALL, item.key
        assert item.description, item.key  # what the clock is, in one sentence
    # Each app that owns deadlines defines them (imports run down: the apps register).
    assert {key.split(".")[0] for key in keys} == {
        "core", "audits", "findings", "certificates", "suspensions", "complaints"}


def test_a_clock_cannot_be_registered_twice_or_for_an_unknown_audience():
    with pytest.raises(ValueError, match="registered twice"):
        clock("findings.plan", rule_id="R-F3", audiences={Audience.MEMBER})(lambda q: [])
    with pytest.raises(ValueError, match="unknown audiences"):
        clock("x.y", rule_id="R-F3", audiences={"public"})


def test_no_reader_computes_a_deadline_of_its_own():
    """The readers ask the registry: none imports another app's deadline arithmetic."""
    for reader in ("overview/dashboard.py", "core/calendar.py", "core/timeline.py",
                   "overview/pdf.py", "complaints/views/bureau.py"):
        text = (ROOT / reader).read_text()
        assert "open_deadlines" in text, reader
        assert not re.search(r"from (?!core\.)\w+\.deadlines import", text), reader
    reminders = (ROOT / "notifications/reminders.py").read_text()
    for model in ("Finding", "AdditionalInvestigation", "Appeal", "Complaint"):
        assert f"{model}.objects" not in reminders, model


@pytest.mark.django_db
def test_the_demo_association_every_reader_agrees(demo):
    """Dashboard, ICS feeds and timeline: the same items on the same dates, for every member,
    the bureau and every auditor of the demo."""
    today = demo
    seen_clocks = set()
    for member in Member.objects.all():
        contact = (User.objects.filter(member_contacts__member=member, is_active=True)
                   .order_by("pk").first())
        views = assert_member_views_agree(member, today, contact_user=contact)
        seen_clocks |= {uid.rsplit("-", 1)[0] for uid, _on in views["registry"]}
    bureau = User.objects.get(email="bureau@nvvk.example")
    assert assert_staff_views_agree(bureau, today)
    for auditor in Auditor.objects.filter(user__isnull=False, active=True):
        assert_auditor_views_agree(auditor, today)
    # The demo exercises most clocks, so the agreement above is not vacuous.
    every = {d.clock for d in open_deadlines(today=today)}
    assert len(every) >= 8, every
    assert len(seen_clocks) >= 5, seen_clocks
