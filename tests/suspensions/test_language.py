"""Issue #9: suspension texts read as Dutch in Dutch and as English in English — dates as
"31 januari 2026", real plurals, and the timeline worded at read time in the reader's language
(never "Bestuur: beroep upheld")."""

import datetime as dt

import pytest
from django.utils import translation

from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Decision
from core.timeline import member_timeline
from suspensions.services import appeal_file, appeal_rule
from tests.suspensions.factories import suspend

D = dt.date
MARCH_10 = D(2026, 3, 10)
pytestmark = pytest.mark.django_db


def _titles(member, language, today=MARCH_10):
    with translation.override(language):
        return [(e.title, e.detail) for e in member_timeline(member=member, today=today)]


def test_r_s4_the_timeline_is_worded_in_the_readers_language(suspended_x, xena, bram):
    """R-S4: an upheld appeal reads "Bestuur: beroep gegrond verklaard" in Dutch and "Board:
    appeal upheld" in English: the event is worded when it is read, not stored half-translated."""
    appeal = appeal_file(suspension=suspended_x, subject="suspension", announced_on=D(2026, 2, 3),
                         motivation="Wij zijn het oneens.", actor=xena.user, today=D(2026, 2, 3))
    appeal_rule(appeal=appeal, uphold=True, ruling="Gegrond.", actor=bram, today=D(2026, 3, 1))
    member = suspended_x.member
    dutch = dict(_titles(member, "nl"))
    english = dict(_titles(member, "en"))
    assert "Bestuur: beroep gegrond verklaard" in dutch
    assert "Beroep ingesteld tegen de schorsing" in dutch
    assert "Board: appeal upheld" in english
    assert "Appeal lodged against the suspension" in english
    assert not [t for t in english if "Bestuur" in t or "beroep" in t]
    assert dutch["Geschorst voor 3 maanden"] == "Tot en met 30 april 2026"
    assert english["Suspended for 3 months"] == "Up to and including 30 April 2026"


def test_r_s2_one_month_is_singular_and_dates_are_words(member_x, dirk):
    """R-S2: a one-month suspension says "1 maand" (not "maand(en)"), its decision record and
    history give the dates as "31 januari 2026", never ISO."""
    suspension = suspend(member_x, by=dirk, months=1)
    with translation.override("nl"):
        titles = [t for t, _d in _titles(member_x, "nl", today=D(2026, 2, 10))]
    assert "Geschorst voor 1 maand" in titles
    record = Decision.objects.get(kind="suspension")
    assert record.outcome == "Geschorst voor 1 maand: 31 januari 2026 tot en met 28 februari 2026"
    reasons = [change_reason_text(h.history_change_reason) for h in suspension.history.all()]
    assert "R-S2: geschorst voor 1 maand" in reasons
    assert not [t for t in titles if "(en)" in t]


def test_r_s3_a_refusal_names_its_date_in_words(suspended_x, xena):
    """R-S3: a late appeal is refused with the dates as people write them, in either
    language."""
    for language, words in (("nl", "31 januari 2026"), ("en", "31 January 2026")):
        with translation.override(language), pytest.raises(RuleViolation) as refused:
            appeal_file(suspension=suspended_x, subject="suspension",
                        announced_on=D(2026, 3, 2), motivation="…", actor=xena.user,
                        today=D(2026, 3, 2))
        assert words in refused.value.message
        assert "2026-01-31" not in refused.value.message
