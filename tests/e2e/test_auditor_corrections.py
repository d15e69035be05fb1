"""End-to-end (issue #9): in the auditor portal the auditor corrects a finding before the
report is definitive (R-U2, R-F1), and the second auditor sends the concept report back for
rework (R-C4); the lead replaces the concept before it counts and the review is done again."""

import pytest

from audits.models import Audit, AuditKind, AuditState
from core import dates
from findings.models import Finding, FindingKind
from notifications.models import Notification
from tests.factories import AuditFactory

from .conftest import main_text, messages_on, pdf_file, submit
from .flows import audit_step, second_auditor_review, upload_report


def _audit(member, body, lead, second, state):
    today = dates.today()
    audit = AuditFactory(member=member, body=body, kind=AuditKind.RECERTIFICATION, state=state,
                         lead_auditor=lead, second_auditor=second, fieldwork_starts_on=today,
                         fieldwork_ends_on=today, planned_days=2)
    audit.scope.set(member.scope.all())
    return audit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_auditor_corrects_a_finding_before_the_report_is_definitive(
        e2e, member_x, body_a, anna, arie):
    audit = _audit(member_x, body_a, anna, arie, AuditState.FIELDWORK)
    lead = e2e.login(anna.user, "auditor")
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/bevindingen/"))
    lead.select_option("#id_norm_code", "4.11")
    lead.check('input[name="kind"][value="nonconformity"]')
    lead.fill("#id_description", "Van 2 van de 12 dossiers ontbreekt de schuldenlijst.")
    submit(lead)
    finding = Finding.objects.get(audit=audit)

    # R-U2: before the report is definitive the finding can be corrected, with a reason.
    lead.get_by_role("link", name="Corrigeren of intrekken").click()
    lead.wait_for_url(f"**/bevindingen/{finding.pk}/corrigeren/")
    lead.check('input[name="correct-kind"][value="observation"]')
    lead.fill("#id_correct-reason", "Norm deels gehaald, geen risico: een kanttekening.")
    submit(lead)

    assert "gecorrigeerd" in messages_on(lead)
    assert "Norm deels gehaald, geen risico: een kanttekening." in main_text(lead)
    finding.refresh_from_db()
    assert finding.kind == FindingKind.OBSERVATION
    assert finding.corrections.get().corrected_by == anna.user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_second_auditor_sends_the_review_back_for_rework(e2e, member_x, body_a, anna,
                                                              arie):
    audit = _audit(member_x, body_a, anna, arie, AuditState.ORAL_FEEDBACK)
    lead = e2e.login(anna.user, "auditor")
    reviewer = e2e.login(arie.user, "auditor")

    # without a concept the submit step is shown disabled with what is missing.
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/"))
    form = lead.locator('form[action$="/stap/submit_concept/"]')
    assert form.locator("[type=submit]").is_disabled()
    assert "Upload eerst het conceptrapport." in form.inner_text()

    upload_report(e2e, lead, audit, "concept")
    audit_step(e2e, lead, audit, "submit_concept")

    # R-C4: the second auditor sends the concept back with the reason.
    reviewer.goto(e2e.url(f"/auditor/audits/{audit.pk}/toets/"))
    reviewer.fill("#id_send_back-reason", "De conclusie bij prestatiegebied 2 ontbreekt.")
    reviewer.check("#id_send_back-confirm")
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="Terugsturen voor herziening").click()
    assert "teruggestuurd" in messages_on(reviewer)
    audit = Audit.objects.get(pk=audit.pk)
    assert audit.state == AuditState.ORAL_FEEDBACK and audit.sent_back_by == arie
    assert Notification.objects.filter(template="review-sent-back",
                                       recipient_email=anna.user.email).exists()

    # R-U2: the lead replaces the concept (it does not count yet) and submits it again.
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/rapporten/"))
    lead.get_by_role("link", name="Bestand vervangen").click()
    lead.set_input_files('input[name="file"]', pdf_file("rapport-herzien.pdf"))
    lead.fill("#id_reason", "Conclusie bij prestatiegebied 2 toegevoegd.")
    submit(lead)
    assert "rapport-herzien.pdf" in main_text(lead)
    audit_step(e2e, lead, audit, "submit_concept")

    second_auditor_review(e2e, reviewer, audit, member_x.name)
    assert Audit.objects.get(pk=audit.pk).state == AuditState.REVIEWED
