"""Issue #11, R-N1: the daily inbox digest. One e-mail a day per staff member with work
waiting, through the outbox, from the daily sweep; once a day however often the sweep runs;
none for who opted out or has nothing waiting."""

import datetime as dt

import pytest
from django.urls import reverse

from core.exceptions import RuleViolation
from core.flags import flag_raise
from core.inbox import digest_preference_set, flag_assign
from core.models import FlagAudience, Role
from core.sweep import sweep_deadlines
from notifications.models import Notification
from overview.digest import inbox_digest_sweep
from tests.factories import UserFactory

TODAY = dt.date(2026, 3, 16)


def _flag(key, audience=FlagAudience.BUREAU, message="Bel het lid."):
    flag, _created = flag_raise(key=key, rule_id="R-M3", audience=audience, message=message,
                                today=TODAY, due_on=dt.date(2026, 4, 1))
    return flag


def _digests():
    return Notification.objects.filter(template="inbox-digest")


def test_r_n1_digest_lists_my_flags_once_a_day(bea, dirk):
    """R-N1: the digest names the flags assigned to the person; a second run the same day
    queues nothing new."""
    flag = _flag("a", message="Bel Stichting Alfa terug.")
    flag_assign(flag=flag, assignee=bea, actor=bea)
    assert inbox_digest_sweep(today=TODAY) == {"inbox_digests": 1}  # dirk has nothing
    digest = _digests().get()
    assert digest.recipient == bea
    assert "Bel Stichting Alfa terug." in digest.body_text
    assert "16 maart 2026" in digest.subject
    assert inbox_digest_sweep(today=TODAY) == {"inbox_digests": 1}
    assert _digests().count() == 1
    inbox_digest_sweep(today=TODAY + dt.timedelta(days=1))
    assert _digests().count() == 2


def test_r_n1_digest_counts_unassigned_team_work(bea, bram):
    """R-N1: unassigned flags of the team reach each member of the team; the Bestuur gets
    nothing about the bureau's flags."""
    _flag("b")
    inbox_digest_sweep(today=TODAY)
    assert [n.recipient for n in _digests()] == [bea]


def test_r_n1_opted_out_gets_no_digest(client, bea):
    """R-N1: who turned the digest off on the inbox page gets none."""
    _flag("c")
    client.force_login(bea)
    assert client.post(reverse("bureau:inbox_digest"), {}).status_code == 302
    bea.refresh_from_db()
    assert bea.daily_digest is False
    assert bea.history.latest("history_date").history_user == bea
    sweep_deadlines(TODAY)
    assert not _digests().exists()


def test_r_n1_digest_runs_from_the_daily_sweep(bea):
    """R-N1: the daily sweep queues the digest."""
    _flag("d")
    report = sweep_deadlines(TODAY)
    assert report["overview"] == {"inbox_digests": 1}


def test_r_n1_digest_preference_is_ones_own(bea):
    """R-N1: nobody changes another's preference."""
    other = UserFactory(email="bart@nvvk.example", roles=[Role.BUREAU])
    with pytest.raises(RuleViolation):
        digest_preference_set(user=other, enabled=False, actor=bea)


def test_r_n1_digest_in_english_for_english_readers(db):
    """R-N1: the digest is in the reader's language."""
    eve = UserFactory(email="eve@nvvk.example", roles=[Role.BUREAU], language="en")
    _flag("e")
    inbox_digest_sweep(today=TODAY)
    assert "Your inbox" in _digests().get(recipient=eve).subject
