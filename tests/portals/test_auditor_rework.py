"""Issue #9 in the auditor portal: refused before the click (each R-U2 step offered on the
audit page exactly when its POST succeeds), the second auditor sends the review back (R-C4),
a wrong report is replaced before it counts and the report version has no default (R-U2)."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audits.models import AuditReport, AuditState, ReportVersion
from audits.views.auditor import STEPS
from notifications.models import Notification
from tests.audits.factories import add_report
from tests.portals.auditor_helpers import PDF, TODAY, audit_in, messages_of, travel

pytestmark = pytest.mark.django_db

S = AuditState
PAST, FUTURE = TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=5)


def _scenario(name, member, body, lead, second):
    """An audit in one situation of R-U2 (some steps possible, some blocked)."""
    team = {"lead": lead, "second": second}
    plan = {"fieldwork_starts_on": PAST, "planned_days": 3}
    if name == "chosen_without_scope":
        return audit_in(S.BODY_CHOSEN, member=member, body=body)
    if name == "chosen_with_scope":
        audit = audit_in(S.BODY_CHOSEN, member=member, body=body)
        audit.scope.set(member.scope.all())
        return audit
    if name == "quote_agreed":
        return audit_in(S.QUOTE_AGREED, member=member, body=body)
    if name == "preparation_without_team":
        return audit_in(S.PREPARATION, member=member, body=body, **plan)
    if name == "preparation_without_plan":
        return audit_in(S.PREPARATION, member=member, body=body, **team)
    if name == "preparation_before_the_planned_day":
        return audit_in(S.PREPARATION, member=member, body=body, **team,
                        fieldwork_starts_on=FUTURE, planned_days=3)
    if name == "preparation_ready":
        return audit_in(S.PREPARATION, member=member, body=body, **team, **plan)
    if name == "preparation_with_levels":
        return audit_in(S.PREPARATION, member=member, body=body, **team, **plan,
                        development_levels=True)
    if name == "levels_ready":
        return audit_in(S.DEVELOPMENT_LEVELS, member=member, body=body, **team, **plan,
                        development_levels=True)
    if name == "fieldwork":
        return audit_in(S.FIELDWORK, member=member, body=body, **team, **plan)
    if name == "oral_feedback_without_concept":
        return audit_in(S.ORAL_FEEDBACK, member=member, body=body, **team, **plan)
    if name == "oral_feedback_with_concept":
        audit = audit_in(S.ORAL_FEEDBACK, member=member, body=body, **team, **plan)
        add_report(audit, by=lead.user)
        return audit
    if name == "reviewed":
        return audit_in(S.REVIEWED, member=member, body=body, **team, **plan)
    if name == "presented_without_definitive":
        return audit_in(S.PRESENTED, member=member, body=body, **team, **plan)
    if name == "presented_with_definitive":
        audit = audit_in(S.PRESENTED, member=member, body=body, **team, **plan)
        add_report(audit, version=ReportVersion.DEFINITIVE, by=lead.user)
        return audit
    if name == "definitive":
        return audit_in(S.DEFINITIVE, member=member, body=body, **team, **plan)
    raise AssertionError(name)


SCENARIOS = ["chosen_without_scope", "chosen_with_scope", "quote_agreed",
             "preparation_without_team", "preparation_without_plan",
             "preparation_before_the_planned_day", "preparation_ready",
             "preparation_with_levels", "levels_ready", "fieldwork",
             "oral_feedback_without_concept", "oral_feedback_with_concept", "reviewed",
             "presented_without_definitive", "presented_with_definitive", "definitive"]


def _offered(page: str, audit, key) -> str:
    """'enabled', 'disabled' or 'absent': how the audit page offers step ``key``."""
    action = reverse("auditor:audit_step", args=[audit.pk, key])
    match = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page,
                      re.S)
    if match is None:
        return "absent"
    button = re.search(r"<button[^>]*>", match.group(0)).group(0)
    return "disabled" if "disabled" in button else "enabled"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_audit_page_offers_a_step_exactly_when_its_post_succeeds_r_u2(
        client, anna, arie, body_a, member_x, scenario):
    """R-U2 (and R-U4, R-U6, R-C4): for every step, what the audit page offers (enabled,
    disabled with its blockers, or not at all) agrees with what the POST of that step does."""
    client.force_login(anna.user)
    enabled_somewhere = False
    for key in STEPS:
        audit = _scenario(scenario, member_x, body_a, anna, arie)
        with travel():
            page = client.get(reverse("auditor:audit_detail", args=[audit.pk])).content.decode()
            offered = _offered(page, audit, key)
            before = audit.state
            response = client.post(reverse("auditor:audit_step", args=[audit.pk, key]),
                                   {f"{key}-confirm": "on"})
        audit.refresh_from_db()
        succeeded = response.status_code == 302 and audit.state != before
        assert succeeded == (offered == "enabled"), (scenario, key, offered,
                                                      messages_of(response))
        if offered == "disabled":
            # The page names the rule that the POST refused with.
            [refusal] = messages_of(response)
            rule = re.search(r"R-[A-Z0-9.]+", refusal).group(0)
            form = page.split(reverse("auditor:audit_step", args=[audit.pk, key]))[1]
            assert "Wat staat deze stap in de weg?" in form.split("</form>")[0]
            assert f'<span class="rule">{rule}</span>' in form.split("</form>")[0]
        enabled_somewhere |= offered == "enabled"
    expect_some = scenario in {"chosen_with_scope", "quote_agreed", "preparation_ready",
                               "preparation_with_levels", "levels_ready", "fieldwork",
                               "oral_feedback_with_concept", "reviewed",
                               "presented_with_definitive", "definitive"}
    assert enabled_somewhere == expect_some


def test_the_blocked_step_shows_what_is_missing_before_the_click_r_u6(client, anna, arie,
                                                                    body_a, member_x):
    """R-U6: without a plan the fieldwork button is disabled and the page says what is
    missing, in the words the service refuses with."""
    audit = _scenario("preparation_without_plan", member_x, body_a, anna, arie)
    client.force_login(anna.user)
    with travel():
        page = client.get(reverse("auditor:audit_detail", args=[audit.pk])).content.decode()
    assert _offered(page, audit, "start_fieldwork") == "disabled"
    assert "Plan eerst de audit: data op locatie en het aantal auditdagen." in page


def _upload(client, audit, *, version=None):
    data = {"file": SimpleUploadedFile("rapport.pdf", PDF, content_type="application/pdf")}
    if version:
        data["version"] = version
    return client.post(reverse("auditor:audit_reports", args=[audit.pk]), data)


def test_the_report_version_has_no_default_and_must_be_chosen_r_u2(client, anna, body_a,
                                                                  member_x):
    """R-U2: the upload form preselects no version (a definitive file never silently becomes
    a concept); without a choice nothing is stored."""
    audit = audit_in(S.PRESENTED, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    page = client.get(reverse("auditor:audit_reports", args=[audit.pk])).content.decode()
    response = _upload(client, audit)

    radios = re.findall(r'<input type="radio" name="version"[^>]*>', page)
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)
    assert response.status_code == 400
    assert "Kies of dit het conceptrapport of het definitieve rapport is." in \
        response.content.decode()
    assert not AuditReport.objects.exists()


def test_a_wrong_upload_is_replaced_from_the_reports_page_r_u2(client, anna, body_a,
                                                               member_x):
    """R-U2: the reports page offers to replace a concept before it is submitted; the new
    file replaces it with the reason and the earlier file stays listed."""
    audit = audit_in(S.ORAL_FEEDBACK, member=member_x, body=body_a, lead=anna)
    report = add_report(audit, by=anna.user)
    first = report.document
    client.force_login(anna.user)
    url = reverse("auditor:audit_report_replace", args=[audit.pk, report.pk])

    page = client.get(reverse("auditor:audit_reports", args=[audit.pk])).content.decode()
    refused = client.post(url, {"file": SimpleUploadedFile("goed.pdf", PDF), "reason": ""})
    response = client.post(url, {"file": SimpleUploadedFile("goed.pdf", PDF),
                                 "reason": "Rapport van een ander lid geüpload."})

    assert url in page
    assert refused.status_code == 400
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.document != first
    assert report.replacement_reason == "Rapport van een ander lid geüpload."
    listing = client.get(reverse("auditor:audit_reports", args=[audit.pk])).content.decode()
    assert "Rapport van een ander lid geüpload." in listing
    assert reverse("document_download", args=[first.pk]) in listing


def test_a_submitted_concept_is_not_offered_for_replacement_r_u2(client, anna, body_a,
                                                                 member_x):
    """R-U2: once the concept is submitted (it counts) the page offers no replacement and the
    replace page shows it disabled with the reason; a POST is refused."""
    audit = audit_in(S.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna)
    report = add_report(audit, by=anna.user)
    client.force_login(anna.user)
    url = reverse("auditor:audit_report_replace", args=[audit.pk, report.pk])

    listing = client.get(reverse("auditor:audit_reports", args=[audit.pk])).content.decode()
    page = client.get(url).content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("x.pdf", PDF), "reason": "x"})

    assert url not in listing
    assert "Wat staat het vervangen in de weg?" in page and " disabled>" in page
    assert response.status_code == 400
    assert any("R-U2" in m for m in messages_of(response))


def test_the_second_auditor_sends_the_review_back_from_the_review_page_r_c4(
        client, anna, arie, body_a, member_x, django_capture_on_commit_callbacks):
    """R-C4: the second auditor sends the concept back with a reason; the lead auditor is
    e-mailed and the audit is back at the oral-feedback step."""
    audit = audit_in(S.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna, second=arie)
    add_report(audit, by=anna.user)
    client.force_login(arie.user)
    page = client.get(reverse("auditor:audit_review", args=[audit.pk])).content.decode()
    with travel(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("auditor:audit_send_back", args=[audit.pk]), {
            "send_back-reason": "Conclusie bij prestatiegebied 2 ontbreekt.",
            "send_back-confirm": "on"})

    assert "Terugsturen voor herziening" in page
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.state == S.ORAL_FEEDBACK and audit.sent_back_by == arie
    assert Notification.objects.filter(template="review-sent-back",
                                       recipient_email=anna.user.email).exists()


def test_the_lead_auditor_sees_send_back_disabled_and_is_refused_r_c4(client, anna, arie,
                                                                     body_a, member_x):
    """R-C4: the lead auditor's send-back button is disabled, and a POST is refused."""
    audit = audit_in(S.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna, second=arie)
    client.force_login(anna.user)
    page = client.get(reverse("auditor:audit_review", args=[audit.pk])).content.decode()
    response = client.post(reverse("auditor:audit_send_back", args=[audit.pk]),
                           {"send_back-reason": "Zelf.", "send_back-confirm": "on"})

    send_back = page.split(reverse("auditor:audit_send_back", args=[audit.pk]))[1]
    assert " disabled>" in send_back.split("</form>")[0]
    assert response.status_code == 400
    assert any("R-C4" in m for m in messages_of(response))
    audit.refresh_from_db()
    assert audit.state == S.CONCEPT_REPORT


def test_another_bodys_auditor_cannot_send_back_r_a1(client, anna, arie, bob, body_a,
                                                     member_x):
    """R-A1: another body's audit is a 404, also for the send-back POST."""
    audit = audit_in(S.CONCEPT_REPORT, member=member_x, body=body_a, lead=anna, second=arie)
    client.force_login(bob.user)
    response = client.post(reverse("auditor:audit_send_back", args=[audit.pk]),
                           {"send_back-reason": "x", "send_back-confirm": "on"})
    assert response.status_code == 404
    audit.refresh_from_db()
    assert audit.state == S.CONCEPT_REPORT
