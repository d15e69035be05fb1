"""The audit page of the auditor portal: the facts, the R-U2 step list, and the step services
as POST forms with a confirmation; a refusal shows its rule id (R-0.5)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import Audit, AuditState
from tests.members.factories import CoreDataFactory
from tests.portals.auditor_helpers import PDF, audit_in, messages_of, travel


def _step_url(audit, step):
    return reverse("auditor:audit_step", args=[audit.pk, step])


def test_audit_page_shows_member_kind_team_plan_scope_levels_and_core_data(
        client, anna, arie, body_a, member_x):
    audit = audit_in(AuditState.PREPARATION, member=member_x, body=body_a, lead=anna,
                     second=arie, planned_days=3, development_levels=True)
    audit.scope.set(member_x.scope.all())
    CoreDataFactory(member=member_x, audit=audit, address="Stationsplein 1, Zwolle")
    client.force_login(anna.user)

    response = client.get(reverse("auditor:audit_detail", args=[audit.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Schuldhulp X", "Hercertificeringsaudit", "Anna Auditor (leidend)",
                 "Arie Tweede", "3,0", "ja, onderdeel van deze audit",
                 "Stationsplein 1, Zwolle", "2 maart 2026"):
        assert text in html, text
    assert "Stap ontwikkelniveaus starten" in html  # R-U4: the next step with levels on
    assert '<svg' in html and "radar-" in html  # the Kwaliteitskader picture


def test_step_list_marks_done_current_and_next_r_u2(client, anna, body_a, member_x):
    """R-U2: step list marks done current and next."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    steps = client.get(reverse("auditor:audit_detail", args=[audit.pk])).context["steps"]

    status = {s.state: s.status for s in steps}
    assert AuditState.DEVELOPMENT_LEVELS not in status  # R-U4: not part of this audit
    assert status[AuditState.PREPARATION] == "done"
    assert status[AuditState.FIELDWORK] == "current"
    assert status[AuditState.ORAL_FEEDBACK] == "next"
    assert status[AuditState.DECIDED] == "todo"


def test_a_step_is_taken_by_post_with_confirmation_r_u2(client, anna, body_a, member_x):
    """R-U2: a step is taken by post with confirmation."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a, lead=anna)
    audit.scope.set(member_x.scope.all())
    client.force_login(anna.user)

    with travel():
        page = client.get(_step_url(audit, "agree_quote"))
        response = client.post(_step_url(audit, "agree_quote"),
                               {"agree_quote-on": "2026-03-09", "agree_quote-confirm": "on"})

    assert page.status_code == 200 and "Offerte en scope akkoord" in page.content.decode()
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.state == AuditState.QUOTE_AGREED
    assert audit.quote_agreed_on == dt.date(2026, 3, 9)


def test_without_confirmation_nothing_changes(client, anna, body_a, member_x):
    audit = audit_in(AuditState.QUOTE_AGREED, member=member_x, body=body_a, lead=anna)
    history = audit.history.count()
    client.force_login(anna.user)

    response = client.post(_step_url(audit, "start_preparation"), {})

    assert response.status_code == 400
    assert "Bevestig deze stap" in response.content.decode()
    audit.refresh_from_db()
    assert audit.state == AuditState.QUOTE_AGREED
    assert audit.history.count() == history


def test_a_skipped_step_is_refused_naming_r_u2(client, anna, body_a, member_x):
    """R-U2: a skipped step is refused naming R-U2."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    response = client.post(_step_url(audit, "start_follow_up"),
                           {"start_follow_up-confirm": "on"})

    assert response.status_code == 400
    assert any("R-U2" in m for m in messages_of(response))
    assert "R-U2" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).state == AuditState.BODY_CHOSEN


def test_fieldwork_without_a_team_is_refused_naming_r_c4(client, anna, body_a, member_x):
    """R-C4: fieldwork without a team is refused naming R-C4."""
    audit = audit_in(AuditState.PREPARATION, member=member_x, body=body_a, planned_days=2)
    client.force_login(anna.user)

    with travel():
        response = client.post(_step_url(audit, "start_fieldwork"),
                               {"start_fieldwork-confirm": "on"})

    assert "R-C4" in response.content.decode()
    assert "leidend auditor" in response.content.decode()
    assert Audit.objects.get(pk=audit.pk).state == AuditState.PREPARATION


def test_the_whole_walk_of_r_u2_through_the_portal(client, anna, arie, body_a, member_x):
    """R-U2/R-C4: every step service is offered on the audit page as a POST form, from the
    agreed quote to the follow-up; the reports are uploaded and the second auditor reviews."""
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a, lead=anna,
                     second=arie, planned_days=2)
    audit.scope.set(member_x.scope.all())

    def step(key, on=None, *, by=anna):
        client.force_login(by.user)
        detail = client.get(reverse("auditor:audit_detail", args=[audit.pk])).content.decode()
        assert f'action="{_step_url(audit, key)}"' in detail, key
        data = {f"{key}-confirm": "on"}
        if on:
            data[f"{key}-on"] = on
        response = client.post(_step_url(audit, key), data)
        assert response.status_code == 302, (key, messages_of(response))

    def upload(version):
        client.force_login(anna.user)
        response = client.post(reverse("auditor:audit_reports", args=[audit.pk]), {
            "version": version,
            "file": SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")})
        assert response.status_code == 302, messages_of(response)

    with travel(dt.date(2026, 3, 2)):
        step("agree_quote", "2026-02-01")
        step("start_preparation")
        step("start_fieldwork")
    with travel(dt.date(2026, 3, 3)):
        step("give_oral_feedback", "2026-03-03")
        upload("concept")
        step("submit_concept")
        client.force_login(arie.user)
        review = client.post(reverse("auditor:audit_review", args=[audit.pk]),
                             {"notes": "Akkoord.", "confirm": "on"})
        assert review.status_code == 302
        step("present", "2026-03-03")
        upload("definitive")
        step("make_definitive", "2026-03-03")
        step("start_follow_up")

    audit.refresh_from_db()
    assert audit.state == AuditState.FOLLOW_UP
    assert audit.reviewer == arie


def test_unknown_step_is_404(client, anna, body_a, member_x):
    audit = audit_in(AuditState.BODY_CHOSEN, member=member_x, body=body_a)
    client.force_login(anna.user)
    assert client.get(_step_url(audit, "decide")).status_code == 404
