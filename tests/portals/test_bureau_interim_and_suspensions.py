"""Imposing an interim audit from the member's file (R-T1, R-T2) and the notices of a
suspension (R-S7) in the bureau portal."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Audit, AuditKind, InterimTrigger
from core.models import Decision, DecisionKind
from members.models import MemberState
from suspensions.models import Appeal, AppealSubject, NoticeAudience, SuspensionNotice
from tests.factories import MemberFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    messages_of,
    suspension_of,
    text_of,
    travel,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


def test_the_bureau_imposes_an_interim_audit_for_an_organisational_change_r_t1(
        client, bea, member_x, body_a):
    """R-T1: imposed by NVVK, at the member's cost; R-T2: the trigger and its source are
    linked to the audit; R-0.3: a decision record."""
    client.force_login(bea)
    url = reverse("bureau:interim_audit_impose", kwargs={"pk": member_x.pk})
    with travel(TODAY):
        assert "R-T2" in text_of(client.get(url + "?aanleiding=organisational_change"))
        response = client.post(url, {
            "body": body_a.pk, "trigger": "organisational_change",
            "trigger_source": "Fusie met Schuldhulp Z per 1 maart 2026.",
            "motivation": "Ingrijpende wijziging.", "confirm": "on"})
    audit = Audit.objects.get(kind=AuditKind.INTERIM)
    assert response["Location"] == reverse("bureau:audit_detail", kwargs={"pk": audit.pk})
    assert audit.trigger == InterimTrigger.ORGANISATIONAL_CHANGE
    assert audit.trigger_source.startswith("Fusie") and audit.costs_for_member
    decision = Decision.objects.get(kind=DecisionKind.INTERIM_AUDIT)
    assert decision.rule_id == "R-T1" and decision.decided_by == bea


def test_an_interim_audit_without_its_source_stores_nothing_r_t2(client, bea, member_x, body_a):
    """R-T2: an interim audit without its source stores nothing."""
    client.force_login(bea)
    response = client.post(reverse("bureau:interim_audit_impose", kwargs={"pk": member_x.pk}), {
        "body": body_a.pk, "trigger": "organisational_change", "trigger_source": "",
        "motivation": "Reorganisatie.", "confirm": "on"})
    assert response.status_code == 400
    assert "Vermeld de bron van de aanleiding." in text_of(response)
    assert not Audit.objects.filter(kind=AuditKind.INTERIM).exists()


def test_an_applicant_gets_no_interim_audit_r_u1(client, bea, body_a):
    """R-U1: an applicant gets no interim audit."""
    applicant = MemberFactory(state=MemberState.APPLICANT, member_since=None)
    client.force_login(bea)
    with travel(TODAY):
        response = client.post(
            reverse("bureau:interim_audit_impose", kwargs={"pk": applicant.pk}), {
                "body": body_a.pk, "trigger": "scope_extension",
                "trigger_source": "Uitbreiding met beschermingsbewind.",
                "motivation": "Nieuwe dienst.", "confirm": "on"})
    assert response.status_code == 400
    assert any("R-U1" in m for m in messages_of(response))


# --- R-S7 notices -----------------------------------------------------------------------------


def test_suspension_list_shows_the_next_date_r_s3(client, bea, dirk, member_x):
    """R-S3: right after the notification the next date is the appeal window's last day."""
    suspension_of(member_x, starts_on=dt.date(2026, 3, 2), by=dirk)
    client.force_login(bea)
    with travel(TODAY):
        response = client.get(reverse("bureau:suspension_list"))
    row = response.context["rows"][0]
    assert row["next"][:2] == (dt.date(2026, 4, 2), "R-S3")
    assert "Mededeling versturen" in text_of(response)


def test_with_a_pending_appeal_the_board_deadline_is_next_r_s4_r_s5(client, bea, dirk,
                                                                     member_x):
    """R-S5: the directeur decides on the outcome only when no appeal is pending; until the
    Bestuur rules, its deadline (R-S4) is what comes next."""
    suspension = suspension_of(member_x, starts_on=dt.date(2026, 1, 5), by=dirk)
    Appeal.objects.create(suspension=suspension, subject=AppealSubject.SUSPENSION,
                          announced_on=dt.date(2026, 1, 20),
                          decision_notified_on=dt.date(2026, 1, 5), motivation="Oneens.",
                          filed_by=dirk, board_deadline=dt.date(2026, 4, 20))
    client.force_login(bea)
    with travel(TODAY):
        response = client.get(reverse("bureau:suspension_list"))
    assert response.context["rows"][0]["next"][:2] == (dt.date(2026, 4, 20), "R-S4")
    assert "20 april 2026" in text_of(response)


def test_the_bureau_sends_the_notice_once_per_audience_r_s7(client, bea, dirk, member_x):
    """R-S7: the bureau sends the notice once per audience."""
    suspension = suspension_of(member_x, starts_on=dt.date(2026, 3, 2), by=dirk)
    client.force_login(bea)
    url = reverse("bureau:suspension_notice", kwargs={"pk": suspension.pk})
    with travel(TODAY):
        assert "Schuldhulp X" in text_of(client.get(url))  # the prefilled text
        response = client.post(url, {"audience": "members",
                                     "text": "Schuldhulp X is geschorst."})
        assert response.status_code == 302
        page = text_of(client.get(url))
        assert 'value="members"' not in page and 'value="convenant_partners"' in page
        response = client.post(url, {"audience": "members",
                                     "text": "Nogmaals."})
    assert response.status_code == 400  # no longer a choice: the form refuses it
    notice = SuspensionNotice.objects.get(suspension=suspension)
    assert notice.audience == NoticeAudience.MEMBERS and notice.sent_by == bea
    assert notice.recipients == 0  # counted by the service: no other member has contacts


def test_the_notice_needs_a_text_and_stores_nothing_without_r_s7(client, bea, dirk, member_x):
    """R-S7: the notice needs a text and stores nothing without R-S7."""
    suspension = suspension_of(member_x, starts_on=dt.date(2026, 3, 2), by=dirk)
    client.force_login(bea)
    response = client.post(reverse("bureau:suspension_notice", kwargs={"pk": suspension.pk}),
                           {"audience": "members", "text": ""})
    assert response.status_code == 400
    assert not SuspensionNotice.objects.exists()


def test_the_director_cannot_send_the_bureaus_notice_r_s7(client, dirk, member_x):
    """R-S7: the bureau sends the notice (the directeur decides on publication outside)."""
    suspension = suspension_of(member_x, starts_on=dt.date(2026, 3, 2), by=dirk)
    client.force_login(dirk)
    response = client.post(reverse("bureau:suspension_notice", kwargs={"pk": suspension.pk}),
                           {"audience": "members", "text": "Tekst."})
    assert response.status_code == 400
    assert any("R-S7" in m for m in messages_of(response))


def test_suspension_list_queries_do_not_grow_with_rows(client, bea, dirk):
    def add_rows(n):
        for _ in range(n):
            member = MemberFactory(state=MemberState.SUSPENDED)
            suspension = suspension_of(member, starts_on=dt.date(2026, 3, 2), by=dirk)
            Appeal.objects.create(suspension=suspension, subject=AppealSubject.SUSPENSION,
                                  announced_on=dt.date(2026, 3, 10),
                                  decision_notified_on=dt.date(2026, 3, 2), motivation="Oneens.",
                                  filed_by=dirk, board_deadline=dt.date(2026, 6, 10))

    client.force_login(bea)
    with travel(TODAY):
        assert_constant_queries(client, reverse("bureau:suspension_list"), add_rows)
