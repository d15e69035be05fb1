"""Report documents (R-U2) and the four-eyes review (R-C4)."""

import datetime as dt

import pytest

from audits.models import AuditReport, AuditState, ReportVersion
from audits.services import audit_review, audit_upload_report
from core.exceptions import RuleViolation
from core.history import change_reason_text
from tests.audits.factories import PriorInvolvementFactory, add_report
from tests.factories import AuditFactory

pytestmark = pytest.mark.django_db

S = AuditState


@pytest.fixture
def concept_audit(member_x, body_a, anna, arie):
    audit = AuditFactory(member=member_x, body=body_a, state=S.CONCEPT_REPORT, lead_auditor=anna,
                         second_auditor=arie)
    add_report(audit, version=ReportVersion.CONCEPT, by=anna.user)
    return audit


def test_the_lead_auditor_cannot_do_the_second_review_r_c4(concept_audit, anna):
    """R-C4: the findings are reviewed by a second auditor, never by the lead auditor."""
    with pytest.raises(RuleViolation) as refused:
        audit_review(audit=concept_audit, reviewer=anna, notes="Zelf gecontroleerd.",
                     actor=anna.user, today=dt.date(2026, 3, 12))
    assert refused.value.rule_id == "R-C4"
    assert "leidend auditor" in refused.value.message
    concept_audit.refresh_from_db()
    assert concept_audit.state == S.CONCEPT_REPORT and concept_audit.reviewer is None


def test_second_auditor_of_the_same_body_reviews_r_c4(concept_audit, arie):
    """R-C4: second auditor of the same body reviews."""
    audit = audit_review(audit=concept_audit, reviewer=arie, notes="Bevindingen onderbouwd.",
                         actor=arie.user, today=dt.date(2026, 3, 12))
    assert audit.state == S.REVIEWED
    assert (audit.reviewer, audit.reviewed_on) == (arie, dt.date(2026, 3, 12))
    assert audit.review_notes == "Bevindingen onderbouwd."
    assert change_reason_text(audit.history.first().history_change_reason) == "intern getoetst door Arie Tweede (R-C4)"


def test_reviewer_from_another_body_is_refused_r_c4(concept_audit, bob):
    """R-C4: reviewer from another body is refused."""
    with pytest.raises(RuleViolation) as refused:
        audit_review(audit=concept_audit, reviewer=bob, notes="x", actor=bob.user)
    assert refused.value.rule_id == "R-C4"


def test_lead_cannot_record_a_review_in_someone_elses_name_r_c4(concept_audit, anna, arie):
    """R-C4: lead cannot record a review in someone else's name."""
    with pytest.raises(RuleViolation) as refused:
        audit_review(audit=concept_audit, reviewer=arie, notes="x", actor=anna.user)
    assert refused.value.rule_id == "R-C4"


def test_reviewer_must_be_independent_r_c3(concept_audit, arie):
    """R-C3: reviewer must be independent."""
    PriorInvolvementFactory(auditor=arie, member=concept_audit.member,
                            ended_on=dt.date(2025, 6, 30))
    with pytest.raises(RuleViolation) as refused:
        audit_review(audit=concept_audit, reviewer=arie, notes="x", actor=arie.user,
                     today=dt.date(2026, 3, 12))
    assert refused.value.rule_id == "R-C3"


@pytest.mark.parametrize("state", [S.ORAL_FEEDBACK, S.CONCEPT_REPORT])
def test_concept_report_upload_r_u2(member_x, body_a, anna, state):
    """R-U2: concept report upload."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)

    report = audit_upload_report(audit=audit, version=ReportVersion.CONCEPT,
                                 content=b"%PDF-1.7 concept", name="../../concept.pdf",
                                 actor=anna.user)

    assert report.version == ReportVersion.CONCEPT and report.uploaded_by == anna.user
    document = report.document
    assert document.member == member_x and document.mime_type == "application/pdf"
    assert document.original_name == "concept.pdf" and document.size == 16
    assert change_reason_text(report.history.first().history_change_reason) == "concept rapport geüpload (R-U2)"


@pytest.mark.parametrize("state", [s for s in S.values
                                   if s not in (S.ORAL_FEEDBACK, S.CONCEPT_REPORT)])
def test_concept_upload_refused_in_other_steps_r_u2(member_x, body_a, anna, state):
    """R-U2: concept upload refused in other steps."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    with pytest.raises(RuleViolation) as refused:
        audit_upload_report(audit=audit, version=ReportVersion.CONCEPT, content=b"x",
                            name="c.pdf", actor=anna.user)
    assert refused.value.rule_id == "R-U2"


@pytest.mark.parametrize("state", [s for s in S.values if s != S.PRESENTED])
def test_definitive_report_only_after_presentation_r_u2(member_x, body_a, anna, state):
    """R-U2: definitive report only after presentation."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    with pytest.raises(RuleViolation) as refused:
        audit_upload_report(audit=audit, version=ReportVersion.DEFINITIVE, content=b"x",
                            name="d.pdf", actor=anna.user)
    assert refused.value.rule_id == "R-U2"
    assert not AuditReport.objects.exists()


def test_one_definitive_report_r_u2(member_x, body_a, anna):
    """R-U2: one definitive report."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.PRESENTED)
    audit_upload_report(audit=audit, version=ReportVersion.DEFINITIVE, content=b"%PDF def",
                        name="d.pdf", actor=anna.user)
    with pytest.raises(RuleViolation) as refused:
        audit_upload_report(audit=audit, version=ReportVersion.DEFINITIVE, content=b"%PDF 2",
                            name="d2.pdf", actor=anna.user)
    assert refused.value.rule_id == "R-U2"


@pytest.mark.parametrize("person", ["bob", "bea", "xena"])
def test_only_the_bodys_auditors_upload_reports_r_a1(request, member_x, body_a, person):
    """R-A1: only the body's auditors upload reports."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK)
    actor = request.getfixturevalue(person)
    with pytest.raises(RuleViolation) as refused:
        audit_upload_report(audit=audit, version=ReportVersion.CONCEPT, content=b"x",
                            name="c.pdf", actor=getattr(actor, "user", actor))
    assert refused.value.rule_id == "R-A1"


def test_empty_upload_refused_r_u2(member_x, body_a, anna):
    """R-U2: empty upload refused."""
    audit = AuditFactory(member=member_x, body=body_a, state=S.ORAL_FEEDBACK)
    with pytest.raises(RuleViolation):
        audit_upload_report(audit=audit, version=ReportVersion.CONCEPT, content=b"",
                            name="c.pdf", actor=anna.user)
