"""Issue #9, "Dutch that reads as Dutch": what is stored as a text a reader sees later (a
decision's outcome, R-0.3; a flag's message and resolution, R-N1; a history row's change
reason, R-0.4) is kept as a catalogue key with parameters (``core.messages``) and read in
the reader's language, with dates as "3 december 2026" / "3 December 2026" and real plurals.
Rows written before keep showing their stored text."""

import datetime as dt
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.decisions import decision_record
from core.flags import flag_raise, flag_resolve
from core.history import change_reason_text, save_with_history
from core.messages import (
    REASON_PREFIX,
    choice,
    render_stored,
    stored,
    stored_label,
    stored_plural,
)
from core.models import Decision, DecisionKind, Flag, FlagAudience, Role

DAY = dt.date(2026, 12, 3)
SUSPENDED = ("Geschorst voor %(n)d maand: %(start)s tot en met %(end)s",
             "Geschorst voor %(n)d maanden: %(start)s tot en met %(end)s")


def _in(language, render):
    with translation.override(language):
        return render()


def test_a_stored_message_reads_in_the_active_language_with_its_date():
    message = stored("Schorsing opgeheven per %(on)s", on=DAY)
    assert _in("nl", message.render) == "Schorsing opgeheven per 3 december 2026"
    assert _in("en", message.render) == "Suspension lifted as of 3 December 2026"


def test_a_stored_plural_is_chosen_by_its_count_in_the_readers_language():
    one = stored_plural(*SUSPENDED, n=1, start=DAY, end=dt.date(2027, 1, 2))
    three = stored_plural(*SUSPENDED, n=3, start=DAY, end=dt.date(2027, 3, 2))
    assert _in("nl", one.render) == (
        "Geschorst voor 1 maand: 3 december 2026 tot en met 2 januari 2027")
    assert _in("en", three.render) == (
        "Suspended for 3 months: 3 December 2026 up to and including 2 March 2027")


def test_a_choice_is_stored_by_value_and_read_through_its_label():
    from suspensions.models import Publication

    message = stored_label(Publication, Publication.NONE)
    assert message.as_data()["a"]["label"]["c"][1] == "none"
    assert _in("nl", message.render) == str(_in("nl", lambda: str(Publication.NONE.label)))
    assert _in("en", message.render) == str(_in("en", lambda: str(Publication.NONE.label)))
    assert _in("nl", message.render) != _in("en", message.render)


def test_decimals_take_the_readers_separator():
    message = stored("%(fte)s fte", fte=__import__("decimal").Decimal("0.5"))
    assert _in("nl", message.render) == "0,5 fte"
    assert _in("en", message.render) == "0.5 fte"


def test_the_message_survives_json_and_renders_from_it():
    data = json.loads(json.dumps(stored_plural(*SUSPENDED, n=2, start=DAY, end=DAY).as_data()))
    assert _in("en", lambda: render_stored(data)).startswith("Suspended for 2 months: 3 Dec")


def test_r0_3_a_decision_taken_in_dutch_reads_in_english(member_x, dirk):
    """R-0.3: the record keeps the Dutch text (for search and the record) and the message."""
    with translation.override("nl"):
        decision = decision_record(
            kind=DecisionKind.LIFTING, rule_id="R-S5", actor=dirk, role=Role.DIRECTOR,
            subject=member_x, member=member_x, motivation="Certificaat behaald.",
            outcome=stored("Schorsing opgeheven per %(on)s", on=DAY))
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.outcome == "Schorsing opgeheven per 3 december 2026"
    assert _in("en", lambda: decision.outcome_text) == "Suspension lifted as of 3 December 2026"
    assert _in("nl", lambda: decision.outcome_text) == "Schorsing opgeheven per 3 december 2026"


def test_r0_3_a_decision_taken_in_english_keeps_its_record_in_dutch(member_x, dirk):
    """R-0.3: the Dutch text of the record does not depend on who was reading."""
    with translation.override("en"):
        decision = decision_record(
            kind=DecisionKind.SUSPENSION, rule_id="R-S1", actor=dirk, role=Role.DIRECTOR,
            subject=member_x, member=member_x, motivation="Geen certificaat.",
            outcome=stored_plural(*SUSPENDED, n=2, start=DAY, end=dt.date(2027, 2, 2)))
    assert Decision.objects.get(pk=decision.pk).outcome == (
        "Geschorst voor 2 maanden: 3 december 2026 tot en met 2 februari 2027")


def test_r0_3_an_old_decision_without_a_message_shows_its_text(member_x, dirk):
    """R-0.3: a record written before messages were kept shows its stored text."""
    decision = decision_record(
        kind=DecisionKind.ADMISSION, outcome="toegelaten", rule_id="R-M2", actor=dirk,
        role=Role.DIRECTOR, subject=member_x, member=member_x, motivation="Voldoet.")
    assert decision.outcome_message is None
    assert _in("en", lambda: Decision.objects.get(pk=decision.pk).outcome_text) == "toegelaten"


def test_r_n1_a_flag_raised_in_dutch_reads_in_english_and_so_does_its_resolution(member_x):
    """R-N1: the flag and why it was resolved read in the reader's language."""
    with translation.override("nl"):
        flag, _created = flag_raise(
            key="R-S7:test", rule_id="R-S7", audience=FlagAudience.BUREAU, today=DAY,
            member=member_x,
            message=stored("Maak de schorsing van %(member)s bekend aan de leden en de "
                           "convenantpartners.", member=member_x))
        flag_resolve(key="R-S7:test", today=DAY,
                     reason=stored("Schorsing opgeheven per %(on)s", on=DAY))
    flag = Flag.objects.get(pk=flag.pk)
    assert flag.message.startswith("Maak de schorsing van")
    assert _in("en", lambda: flag.message_text).startswith(f"Announce the suspension of {member_x}")
    assert _in("en", lambda: flag.resolution_text) == "Suspension lifted as of 3 December 2026"
    assert _in("nl", lambda: flag.resolution_text) == "Schorsing opgeheven per 3 december 2026"


def test_r_n1_an_old_flag_without_a_message_shows_its_text(member_x):
    """R-N1: a flag raised before messages were kept shows its stored text."""
    flag, _created = flag_raise(key="old", rule_id="R-M3", audience=FlagAudience.BUREAU,
                                today=DAY, message="Neem contact op met het lid.")
    Flag.objects.filter(pk=flag.pk).update(message_data=None)
    flag = Flag.objects.get(pk=flag.pk)
    assert _in("en", lambda: flag.message_text) == "Neem contact op met het lid."


def test_r0_4_a_history_reason_given_in_dutch_reads_in_english(member_x, bea):
    """R-0.4: the reason is kept as its message and read in the reader's language."""
    with translation.override("nl"):
        save_with_history(member_x, actor=bea, reason=stored_plural(
            "R-S2: verlengd met %(n)d maand", "R-S2: verlengd met %(n)d maanden", n=2))
    reason = member_x.history.first().history_change_reason
    assert reason.startswith(REASON_PREFIX)
    assert _in("en", lambda: change_reason_text(reason)) == "R-S2: extended by 2 months"
    assert _in("nl", lambda: change_reason_text(reason)) == "R-S2: verlengd met 2 maanden"


def test_r0_4_a_long_free_text_is_kept_whole_in_the_history(member_x, bea):
    """R-0.4: the change reason column is a text (SIMPLE_HISTORY_..._USE_TEXT_FIELD), so the
    message keeps the user's words whole."""
    words = "lang verhaal " * 20
    save_with_history(member_x, actor=bea, reason=stored(
        "geannuleerd: %(reason)s", reason=words))
    reason = member_x.history.first().history_change_reason
    assert _in("nl", lambda: change_reason_text(reason)) == f"geannuleerd: {words}"
    assert _in("en", lambda: change_reason_text(reason)) == f"cancelled: {words}"


def test_r0_4_a_message_for_a_short_column_is_shortened_inside_not_cut_through():
    """R-0.4: where a column is short, the user's words are shortened and the JSON stays
    readable."""
    from core.messages import reason_text

    reason = reason_text(stored("geannuleerd: %(reason)s", reason="lang verhaal " * 20), 100)
    assert len(reason) <= 100
    text = _in("nl", lambda: change_reason_text(reason))
    assert text.startswith("geannuleerd: lang verhaal") and text.endswith("…")


def test_r0_4_an_old_history_reason_reads_as_stored(member_x, bea):
    """R-0.4: a plain reason (and every row written before) reads as stored."""
    save_with_history(member_x, actor=bea, reason="aanmelding ontvangen (R-M1 stap 1)")
    reason = member_x.history.first().history_change_reason
    assert reason == "aanmelding ontvangen (R-M1 stap 1)"
    assert _in("en", lambda: change_reason_text(reason)) == reason


def test_choice_helper_lower_cases_inside_a_sentence():
    from findings.models import FindingKind

    message = stored("%(old)s wordt %(new)s", old=choice(FindingKind, FindingKind.OBSERVATION,
                                                         lower=True),
                     new=choice(FindingKind, FindingKind.NONCONFORMITY, lower=True))
    text = _in("nl", message.render)
    assert text == text.lower()


# --- pages: an English reader reads no Dutch outcome (issue #9) -----------------------------

@pytest.fixture
def suspended_x(member_x, dirk):
    from tests.suspensions.factories import suspend

    with translation.override("nl"):
        return suspend(member_x, by=dirk, starts_on=dt.date.today() - dt.timedelta(days=10))


def _page(client, user, url, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_directors_decision_list_reads_in_the_readers_language(
        client, dirk, suspended_x, language):
    """R-0.3: the suspension decided in Dutch reads "Suspended for 3 months" in English."""
    html = _page(client, dirk, reverse("director:decisions"), language)
    if language == "en":
        assert "Suspended for 3 months" in html
        assert "Geschorst voor" not in html
    else:
        assert "Geschorst voor 3 maanden" in html


def test_the_director_member_page_shows_decisions_and_flags_in_english(
        client, dirk, member_x, suspended_x):
    html = _page(client, dirk, reverse("director:member", args=[member_x.pk]), "en")
    assert "Suspended for 3 months" in html
    assert "Geschorst voor" not in html


def test_the_bureau_flag_list_shows_flags_in_english(client, bea, member_x, suspended_x):
    """R-S7: the bureau's flag "announce the suspension" reads in English for an English
    reader, though raised while Dutch was active."""
    html = _page(client, bea, reverse("bureau:member_detail", args=[member_x.pk]), "en")
    assert "Announce the suspension" in html
    assert "Maak de schorsing" not in html


@pytest.mark.parametrize(("language", "expected", "other"), [
    ("en", "R-S2: suspended for 3 months", "geschorst voor"),
    ("nl", "R-S2: geschorst voor 3 maanden", "suspended for"),
])
def test_r0_4_the_admin_history_page_shows_reasons_in_the_readers_language(
        client, suspended_x, language, expected, other):
    """R-0.4: the history of a suspension (django-simple-history's admin page) reads the
    change reason in the reader's language, not as stored JSON."""
    from core.models import User

    admin = User.objects.create_superuser("beheer@nvvk.example", "beheer-wachtwoord")
    html = _page(client, admin, reverse("admin:suspensions_suspension_history",
                                        args=[suspended_x.pk]), language)
    assert expected in html
    assert other not in html
    assert REASON_PREFIX not in html


@pytest.mark.parametrize("persona", ["bea", "xena"])
def test_r_m4_the_member_timeline_reads_the_pause_decision_in_english(
        client, member_x, dirk, request, persona):
    """R-M4, issue #9: a pause decided while Dutch was active reads "Pause decision:
    membership paused" on the member timeline for an English reader (the bureau's member
    page and the member's own home)."""
    from members.services import member_pause

    with translation.override("nl"):
        member_pause(member=member_x, motivation="Certificaat verlopen.", actor=dirk)
    user = request.getfixturevalue(persona)
    user = getattr(user, "user", user)
    url = (reverse("bureau:member_detail", args=[member_x.pk]) if persona == "bea"
           else reverse("member:home"))
    html = _page(client, user, url, "en")
    assert "Pause decision: membership paused" in html
    assert "lidmaatschap gepauzeerd" not in html
