"""Issue #9: the second auditor sends the review back for rework (R-C4), a wrong report upload
is replaced before it counts (R-U2), and a step's blockers are the service's refusal."""

import datetime as dt

import pytest

from audits.models import AuditReport, AuditState, ReportVersion
from audits.services import (
    audit_replace_report,
    audit_send_back,
    audit_submit_concept,
    audit_upload_report,
    step_blockers,
)
from core.exceptions import RuleViolation
from core.history import change_reason_text
from notifications.models import Notification
from tests.audits.factories import add_report
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db

S = AuditState
DAY = dt.date(2026, 3, 12)


@pytest.fixture
def concept_audit(member_x, body_a, anna, arie):
    audit = AuditFactory(member=member_x, body=body_a, state=S.CONCEPT_REPORT, lead_auditor=anna,
                         second_auditor=arie)
    add_report(audit, version=ReportVersion.CONCEPT, by=anna.user)
    return audit


def test_the_second_auditor_sends_the_review_back_with_reason_history_and_mail_r_c4(
        concept_audit, anna, arie, django_capture_on_commit_callbacks):
    """R-C4: the second auditor sends the concept back to the lead: the audit returns to the
    oral-feedback step, the reason and the reviewer are kept, the history says so and the lead
    auditor gets an e-mail with the reason."""
    with django_capture_on_commit_callbacks(execute=True):
        audit = audit_send_back(audit=concept_audit, reviewer=arie, actor=arie.user,
                                reason="Onderbouwing bij norm 3.2 ontbreekt.", today=DAY)

    assert audit.state == S.ORAL_FEEDBACK
    assert (audit.sent_back_by, audit.sent_back_on, audit.rework_reason) == (
        arie, DAY, "Onderbouwing bij norm 3.2 ontbreekt.")
    assert audit.reviewer is None and audit.reviewed_on is None
    row = audit.history.first()
    assert row.history_user == arie.user
    assert change_reason_text(row.history_change_reason).startswith("teruggestuurd door Arie Tweede (R-C4)")
    [mail] = Notification.objects.filter(template="review-sent-back")
    assert mail.recipient_email == anna.user.email
    assert "norm 3.2" in mail.body_text
    # The lead uploads a new concept and submits it again: a second round of review.
    audit_upload_report(audit=audit, version=ReportVersion.CONCEPT, content=b"%PDF-1.4 v2",
                        name="v2.pdf", actor=anna.user)
    assert audit_submit_concept(audit=audit, actor=anna.user).state == S.CONCEPT_REPORT


def test_the_lead_auditor_cannot_send_the_review_back_r_c4(concept_audit, anna):
    """R-C4: the lead auditor does not review the own report, so cannot send it back."""
    with pytest.raises(RuleViolation) as refused:
        audit_send_back(audit=concept_audit, reviewer=anna, actor=anna.user, reason="x")
    assert refused.value.rule_id == "R-C4"
    concept_audit.refresh_from_db()
    assert concept_audit.state == S.CONCEPT_REPORT


def test_sending_back_needs_a_reason_and_the_review_step_r_c4(concept_audit, arie, member_x,
                                                               body_a, anna):
    """R-C4: no reason, no send-back; R-U2: only from the review step (concept report)."""
    with pytest.raises(RuleViolation) as refused:
        audit_send_back(audit=concept_audit, reviewer=arie, actor=arie.user, reason="  ")
    assert refused.value.rule_id == "R-C4"
    reviewed = AuditFactory(member=member_x, body=body_a, state=S.REVIEWED, lead_auditor=anna,
                            second_auditor=arie)
    with pytest.raises(RuleViolation) as refused:
        audit_send_back(audit=reviewed, reviewer=arie, actor=arie.user, reason="Te laat.")
    assert refused.value.rule_id == "R-U2"


def test_the_send_back_guard_names_r_c4():
    """R-C4: the transition's own condition names its rule (core.fsm.refusal)."""
    from audits.models.audits import sent_back_by_second_auditor

    assert sent_back_by_second_auditor.rule_id == "R-C4"


def test_a_wrong_concept_is_replaced_before_it_is_submitted_r_u2(member_x, body_a, anna):
    """R-U2: a wrong concept upload is replaced before it is submitted for review; the earlier
    file stays stored and in the history, with the reason."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK, lead_auditor=anna)
    report = add_report(audit, by=anna.user)
    first = report.document

    replaced = audit_replace_report(report=report, content=b"%PDF-1.4 goed", name="goed.pdf",
                                    reason="Verkeerde organisatie geüpload.", actor=anna.user,
                                    today=DAY)

    assert replaced.document != first and replaced.document.original_name == "goed.pdf"
    assert (replaced.replaced_on, replaced.replacement_reason) == (
        DAY, "Verkeerde organisatie geüpload.")
    assert AuditReport.objects.filter(audit=audit).count() == 1
    assert [h.document_id for h in replaced.history.order_by("history_date")] == [
        first.pk, replaced.document.pk]
    assert change_reason_text(replaced.history.first().history_change_reason).startswith(
        "concept rapport vervangen (R-U2)")


@pytest.mark.parametrize("version,state", [
    (ReportVersion.CONCEPT, S.CONCEPT_REPORT),
    (ReportVersion.DEFINITIVE, S.DEFINITIVE),
])
def test_a_report_that_counts_is_not_replaced_r_u2(member_x, body_a, anna, version, state):
    """R-U2: once it counts (the concept submitted, the definitive report made definitive) the
    file is not replaced."""
    audit = AuditFactory(member=member_x, body=body_a, state=state, lead_auditor=anna)
    report = add_report(audit, version=version, by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_replace_report(report=report, content=b"%PDF-1.4 x", name="x.pdf", reason="r",
                             actor=anna.user)
    assert refused.value.rule_id == "R-U2"
    report.refresh_from_db()
    assert report.replaced_on is None


def test_the_definitive_report_is_replaced_before_make_definitive_r_u2(member_x, body_a, anna):
    """R-U2: the definitive report is replaced while the audit is still presented."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.PRESENTED, lead_auditor=anna)
    report = add_report(audit, version=ReportVersion.DEFINITIVE, by=anna.user)
    replaced = audit_replace_report(report=report, content=b"%PDF-1.4 def", name="def.pdf",
                                    reason="Bijlage ontbrak.", actor=anna.user)
    assert replaced.version == ReportVersion.DEFINITIVE and replaced.replaced_on


def test_replacing_needs_a_reason_r_u2(member_x, body_a, anna):
    """R-U2: a replacement states why."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK, lead_auditor=anna)
    report = add_report(audit, by=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_replace_report(report=report, content=b"%PDF-1.4 x", name="x.pdf", reason="",
                             actor=anna.user)
    assert refused.value.rule_id == "R-U2"


def test_step_blockers_are_the_refusal_of_the_service_r_u2(member_x, body_a, anna):
    """R-U2: what the page shows as standing in the way is what the service refuses with."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK, lead_auditor=anna)
    blockers = step_blockers(audit, "submit_concept", today=DAY)
    assert blockers == [("R-U2", "Upload eerst het conceptrapport.")]
    with pytest.raises(RuleViolation) as refused:
        audit_submit_concept(audit=audit, actor=anna.user)
    assert (refused.value.rule_id, refused.value.message) == blockers[0]


def test_a_replaced_file_opens_for_the_body_only_r_u2(member_x, body_a, anna, xena, bob):
    """R-U2/R-A1: the replaced (wrong) file stays the body's own record: its active auditors
    open it, the member's contacts and another body's auditors do not."""
    from core.documents import documents_for, kinds_of

    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK, lead_auditor=anna)
    report = add_report(audit, by=anna.user)
    first = report.document
    audit_replace_report(report=report, content=b"%PDF-1.4 goed", name="goed.pdf",
                         reason="Verkeerd bestand.", actor=anna.user)

    assert kinds_of(first) == ["audits.replaced_report"]
    assert documents_for(user=anna.user).filter(pk=first.pk).exists()
    assert not documents_for(user=xena.user).filter(pk=first.pk).exists()
    assert not documents_for(user=bob.user).filter(pk=first.pk).exists()
