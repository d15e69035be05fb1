"""Change history in the portals (R-0.4, issue #11 "History in the portals"): per page kind a
change shows who, when, the field from → to and the reason in the reader's language, with its
decision record (R-0.3) linked; the bureau-wide activity log is filtered by person, object
kind and period; query counts do not grow with the rows."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from core.decisions import decision_record
from core.history import save_with_history
from core.messages import stored
from core.models import DecisionKind, Role
from suspensions.models import Appeal, AppealSubject
from tests.complaints.factories import register
from tests.factories import AuditFactory, CertificateFactory, FindingFactory
from tests.portals.bureau_helpers import assert_constant_queries, text_of
from tests.suspensions.factories import suspend

pytestmark = pytest.mark.django_db

REASON_NL, REASON_EN = "contactpersoon gewijzigd", "contact changed"


def _get(client, url, language="nl", **params):
    with translation.override(language):
        response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return text_of(response)


def _change(obj, field, value, actor):
    setattr(obj, field, value)
    save_with_history(obj, actor=actor, reason=stored(REASON_NL))
    return obj


def _member(world):
    return world["member_x"], "name", "Schuldhulp X Nieuw", "Schuldhulp X Nieuw"


def _audit(world):
    audit = AuditFactory(member=world["member_x"], body=world["body_a"])
    return audit, "fieldwork_ends_on", dt.date(2026, 3, 4), "4 maart 2026"


def _finding(world):
    finding = FindingFactory(audit__member=world["member_x"], audit__body=world["body_a"])
    return finding, "description", "Dossiers zijn nu volledig.", "Dossiers zijn nu volledig."


def _certificate(world):
    certificate = CertificateFactory(audit__member=world["member_x"],
                                     audit__body=world["body_a"])
    return certificate, "valid_until", dt.date(2026, 8, 31), "31 augustus 2026"


def _suspension(world):
    suspension = suspend(world["member_x"], by=world["dirk"])
    return suspension, "ends_on", dt.date(2026, 6, 30), "30 juni 2026"


def _appeal(world):
    suspension = suspend(world["member_x"], by=world["dirk"])
    appeal = Appeal.objects.create(
        suspension=suspension, subject=AppealSubject.SUSPENSION,
        announced_on=dt.date(2026, 2, 10), decision_notified_on=dt.date(2026, 1, 31),
        motivation="Het lid is het er niet mee eens.", filed_by=world["dirk"],
        board_deadline=dt.date(2026, 4, 10))
    return appeal, "ruling", "Beroep ongegrond.", "Beroep ongegrond."


def _complaint(world):
    complaint = register(by=world["bea"], member=world["member_x"])
    return complaint, "content", "Toch opgelost.", "Toch opgelost."


def _body(world):
    return world["body_a"], "name", "CI Anders", "CI Anders"


PAGES = {"lid": _member, "audit": _audit, "bevinding": _finding, "certificaat": _certificate,
         "schorsing": _suspension, "beroep": _appeal, "klacht": _complaint,
         "instelling": _body}


@pytest.mark.parametrize("kind", list(PAGES))
def test_r_0_4_each_page_kind_shows_a_change_from_to_with_its_reason_in_nl_and_en(
        client, bea, dirk, member_x, body_a, kind):
    """R-0.4: on the history page of each kind a change shows who made it, the field's name,
    the old and the new value (dates in Dutch) and the reason in the reader's language."""
    world = {"bea": bea, "dirk": dirk, "member_x": member_x, "body_a": body_a}
    obj, field, value, shown = PAGES[kind](world)
    old = getattr(obj, field)
    _change(obj, field, value, bea)
    client.force_login(bea)
    url = reverse("bureau:history", args=[kind, obj.pk])
    page = _get(client, url)
    label = str(type(obj)._meta.get_field(field).verbose_name)
    assert label.capitalize() in page and shown in page and str(bea) in page
    assert "<del>" in page and REASON_NL in page
    if isinstance(old, dt.date):
        with translation.override("nl"):
            assert date_format(old, "j F Y") in page
    english = _get(client, url, "en")
    assert REASON_EN in english and REASON_NL not in english


def test_r_0_4_owned_objects_and_foreign_keys_and_choices_read_as_text(client, bea, member_x,
                                                                        body_a, anna):
    """R-0.4: an audit's page holds its findings' changes too; a foreign key shows as its
    object's text and a choice by its label, never as a number or code."""
    audit = AuditFactory(member=member_x, body=body_a)
    finding = FindingFactory(audit=audit, member=member_x)
    _change(audit, "lead_auditor", anna, bea)
    _change(audit, "kind", "interim", bea)
    _change(finding, "description", "Aangevuld.", bea)
    client.force_login(bea)
    page = _get(client, reverse("bureau:history", args=["audit", audit.pk]))
    assert anna.name in page and "Leidend auditor" in page
    english = _get(client, reverse("bureau:history", args=["audit", audit.pk]), "en")
    assert "Lead auditor" in english and "Interim audit" in english
    assert "Hercertificeringsaudit" in page and "Tussentijdse audit" in page
    assert "Aangevuld." in page and reverse("bureau:history", args=["bevinding", finding.pk]) \
        in page


def test_r_0_3_a_change_links_the_decision_taken_in_the_same_act(client, bea, dirk, member_x):
    """R-0.3/R-0.4: a history row by the person who recorded a decision about the same object
    at that moment links to the decision record, which shows the outcome and motivation."""
    member_x.name = "Schuldhulp X Gepauzeerd"
    save_with_history(member_x, actor=dirk, reason=stored(REASON_NL))
    decision = decision_record(kind=DecisionKind.PAUSE, outcome=stored(REASON_NL),
                               rule_id="R-M4", actor=dirk, role=Role.DIRECTOR,
                               subject=member_x, motivation="Tijdelijk geen dienstverlening.",
                               member=member_x)
    client.force_login(bea)
    page = _get(client, reverse("bureau:history", args=["lid", member_x.pk]))
    link = reverse("bureau:decision", args=[decision.pk])
    assert link in page
    detail = _get(client, link)
    assert "Tijdelijk geen dienstverlening." in detail and "R-M4" in detail


def test_r_0_4_the_history_pages_are_linked_from_the_staff_pages(client, bea, dirk, member_x):
    """R-0.4: the bureau's and the director's member page link to the member's history."""
    link = reverse("bureau:history", args=["lid", member_x.pk])
    client.force_login(bea)
    assert link in _get(client, reverse("bureau:member_detail", args=[member_x.pk]))
    client.force_login(dirk)
    assert link in _get(client, reverse("director:member", args=[member_x.pk]))
    assert link in _get(client, link)


def test_r_0_4_an_unknown_kind_or_object_is_not_found(client, bea, member_x):
    """R-0.4/R-A1: a kind that has no history page, or an object that does not exist, is a
    404."""
    client.force_login(bea)
    assert client.get(reverse("bureau:history", args=["gebruiker", member_x.pk])).status_code \
        == 404
    assert client.get(reverse("bureau:history", args=["lid", 999999])).status_code == 404


def test_r_0_4_the_activity_log_filters_by_person_kind_and_period(client, bea, dirk, member_x,
                                                                   body_a):
    """R-0.4: the activity log lists every change, newest first; the person, the object kind
    and the period narrow it; a bad date is a field error, not a 500."""
    _change(member_x, "name", "Door Bea", bea)
    _change(body_a, "name", "Door Dirk", dirk)
    client.force_login(bea)
    url = reverse("bureau:activity")
    everything = _get(client, url)
    assert "Door Bea" in everything and "Door Dirk" in everything
    by_dirk = _get(client, url, persoon=dirk.pk)
    assert "Door Dirk" in by_dirk and "Door Bea" not in by_dirk
    members = _get(client, url, soort="members.member")
    assert "Door Bea" in members and "Door Dirk" not in members
    today = dt.date.today()
    assert "Door Bea" not in _get(client, url, van=(today + dt.timedelta(days=1)).isoformat())
    assert "Door Bea" in _get(client, url, van=today.isoformat(), tot=today.isoformat())
    bad = _get(client, url, van="morgen")
    assert "Door Bea" in bad and "errorlist" in bad


def test_r_0_4_history_and_activity_pages_keep_their_query_count(client, bea, member_x):
    """R-0.4: the member's history and the activity log issue as many queries for 3 rows as for
    30."""
    counter = {"n": 0}

    def add_rows(n):
        for _ in range(n):
            counter["n"] += 1
            _change(member_x, "name", f"Schuldhulp X {counter['n']}", bea)

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:history", args=["lid", member_x.pk]),
                            add_rows)
    assert_constant_queries(client, reverse("bureau:activity") + "?soort=members.member",
                            add_rows)


def test_r_0_4_the_activity_log_keeps_its_query_count_over_several_kinds(client, bea, dirk,
                                                                        member_x, body_a):
    """R-0.4: with changes of members, bodies and complaints mixed, the activity log issues as
    many queries for 3 rows of each as for 30 (the count follows the kinds of object on the
    page, not the rows: here the same three kinds, by the two people)."""
    counter = {"n": 0}
    complaint = register(by=bea, member=member_x, received_at=dt.datetime(2026, 3, 6, 9, 0,
                                                                          tzinfo=dt.UTC))

    def add_rows(n):
        with time_machine.travel(dt.datetime(2027, 1, 4, 10, 0, tzinfo=dt.UTC)):
            for _ in range(n):
                counter["n"] += 1
                _change(member_x, "name", f"Schuldhulp X {counter['n']}", bea)
                _change(body_a, "name", f"CI {counter['n']}", dirk)
                _change(complaint, "content", f"Klacht {counter['n']}", bea)

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:activity") + "?van=2027-01-04", add_rows)


def test_r_0_4_a_change_shows_when_in_amsterdam_time_in_dutch(client, bea, member_x):
    """R-0.4/R-0.1: the moment of a change reads "3 december 2026 14:05" (Amsterdam time)."""
    with time_machine.travel(dt.datetime(2026, 12, 3, 13, 5, tzinfo=dt.UTC), tick=False):
        _change(member_x, "name", "Schuldhulp X December", bea)
    client.force_login(bea)
    page = _get(client, reverse("bureau:history", args=["lid", member_x.pk]))
    assert "3 december 2026 14:05" in page


@pytest.mark.parametrize("persona", ["anna", "xena", "bram", "kim"])
def test_r_0_4_only_staff_read_the_history(client, member_x, body_a, persona, request):
    """R-0.4/SPEC §1: the history and the activity log are the bureau's and the directeur's;
    an auditor, a member's contact, the board and the quality team are refused."""
    person = request.getfixturevalue(persona)
    client.force_login(getattr(person, "user", person))
    assert client.get(reverse("bureau:history", args=["lid", member_x.pk])).status_code == 403
    assert client.get(reverse("bureau:activity")).status_code == 403


def test_r_0_4_a_stored_message_field_reads_in_the_readers_language(client, bea, member_x):
    """R-0.4 (issue #9): a signal's message, kept as a stored message beside its Dutch text,
    reads in English in the English activity log."""
    from core.models import Flag, FlagAudience

    Flag.objects.create(key="history-flag", rule_id="R-M3", audience=FlagAudience.BUREAU,
                        message=REASON_NL, message_data=stored(REASON_NL).as_data(),
                        member=member_x, raised_on=dt.date.today())
    client.force_login(bea)
    url = reverse("bureau:activity")
    assert REASON_NL in _get(client, url, soort="core.flag")
    english = _get(client, url, "en", soort="core.flag")
    assert REASON_EN in english and REASON_NL not in english


def test_r_0_4_the_activity_log_downloads_with_its_filters(client, bea, dirk, member_x, body_a):
    """R-0.4 (issue #11): the activity log downloads as CSV with the current filters, one line
    per change, the fields from → to and the reason."""
    _change(member_x, "name", "Door Bea", bea)
    _change(body_a, "name", "Door Dirk", dirk)
    client.force_login(bea)
    response = client.get(reverse("bureau:activity"), {"persoon": bea.pk, "export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Door Bea" in text and "Door Dirk" not in text and REASON_NL in text
    assert "Schuldhulp X → Door Bea" in text


def test_r_0_3_the_directors_decision_list_opens_each_record(client, dirk, member_x):
    """R-0.3: each decision on the directeur's list links to its record."""
    decision = decision_record(kind=DecisionKind.PAUSE, outcome=stored(REASON_NL),
                               rule_id="R-M4", actor=dirk, role=Role.DIRECTOR,
                               subject=member_x, member=member_x)
    client.force_login(dirk)
    page = _get(client, reverse("director:decisions"))
    assert reverse("bureau:decision", args=[decision.pk]) in page
