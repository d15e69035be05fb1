"""The one document policy (issue #8, SPEC §1, R-A1): who may open a stored document is
decided by :func:`core.documents.documents_for`, filled per kind by the apps. Each test below
names a leak of the download view before the policy (``/documenten/<pk>/``) and would have
caught it."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditKind, AuditReport, AuditState, ReportVersion
from core.documents import (
    document_kind,
    document_kinds,
    document_store,
    documents_for,
    documents_of_kind,
    kinds_of,
)
from core.models import DecisionKind, Role
from tests.factories import AuditFactory, CertificateFactory, UserFactory


def _document(member, label, *, by):
    return document_store(content=f"%PDF-1.4 {label}".encode(), name=f"{label}.pdf",
                          mime_type="application/pdf", actor=by, member=member, title=label)


def _report(audit, version, *, by):
    document = _document(audit.member, f"{version}-{audit.pk}", by=by)
    AuditReport.objects.create(audit=audit, version=version, document=document, uploaded_by=by)
    return document


def _status(client, user, document):
    client.force_login(user)
    return client.get(reverse("document_download", kwargs={"pk": document.pk})).status_code


# --- the four leaks of issue #8 -----------------------------------------------------------------


@pytest.mark.parametrize("version", [ReportVersion.CONCEPT, ReportVersion.DEFINITIVE])
def test_r_a1_an_auditor_of_another_body_that_audits_the_member_later_gets_404(
        client, anna, bob, member_x, body_a, body_b, version):
    """R-A1 (issue #8 leak 1): member X chose CI B for its next audit; CI B's auditor still
    cannot open CI A's reports on member X (nothing of other bodies), CI A's auditor can."""
    audit_a = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    report = _report(audit_a, version, by=anna.user)
    AuditFactory(member=member_x, body=body_b, state=AuditState.PREPARATION, lead_auditor=bob)
    assert _status(client, bob.user, report) == 404
    assert _status(client, anna.user, report) == 200


def test_r_m1_the_quality_team_opens_only_the_reports_of_the_cases_it_advises_on(
        client, kim, anna, member_x, body_a):
    """R-M1/SPEC §1 (issue #8 leak 2): a definitive admission report of a member that is no
    (longer a) kernteam case — member X was admitted years ago — is a 404 for the kernteam."""
    audit = AuditFactory(member=member_x, body=body_a, kind=AuditKind.ADMISSION,
                         state=AuditState.DECIDED)
    report = _report(audit, ReportVersion.DEFINITIVE, by=anna.user)
    assert _status(client, kim, report) == 404


def test_r_m1_the_quality_team_opens_the_report_of_its_case(client, kim, anna, body_a):
    """R-M1 step 3: the report of an applicant in the admission audit is the kernteam's case."""
    from members.models import Admission, MemberState
    from tests.factories import MemberFactory

    applicant = MemberFactory(state=MemberState.ADMISSION_AUDIT, member_since=None)
    Admission.objects.create(member=applicant, submitted_on=dt.date.today(),
                             conditions_accepted_on=dt.date.today())
    audit = AuditFactory(member=applicant, body=body_a, kind=AuditKind.ADMISSION,
                         state=AuditState.DEFINITIVE)
    report = _report(audit, ReportVersion.DEFINITIVE, by=anna.user)
    assert _status(client, kim, report) == 200
    concept = _report(audit, ReportVersion.CONCEPT, by=anna.user)
    assert _status(client, kim, concept) == 404


@pytest.mark.parametrize("state", [AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT,
                                   AuditState.REVIEWED])
def test_r_u2_a_member_opens_no_concept_report_before_it_is_presented(
        client, xena, anna, member_x, body_a, state):
    """R-U2/R-C4 (issue #8 leak 3): at the oral-feedback step (and in the internal review) the
    concept report is the body's working document: the member's contact gets 404."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    concept = _report(audit, ReportVersion.CONCEPT, by=anna.user)
    assert _status(client, xena.user, concept) == 404
    assert _status(client, anna.user, concept) == 200


@pytest.mark.parametrize("state", [AuditState.PRESENTED, AuditState.DEFINITIVE,
                                   AuditState.FOLLOW_UP, AuditState.DECIDED])
def test_r_u2_a_member_opens_the_concept_report_once_it_is_presented(
        client, xena, anna, member_x, body_a, state):
    """R-U2: from the step *presented* on the concept report is the member's too."""
    audit = AuditFactory(member=member_x, body=body_a, state=state)
    concept = _report(audit, ReportVersion.CONCEPT, by=anna.user)
    assert _status(client, xena.user, concept) == 200


def test_r_a1_a_deactivated_auditor_opens_none_of_its_bodys_documents(
        client, anna, member_x, body_a, xena):
    """R-A1/R-C1 (issue #8 leak 4): once the bureau deactivated the auditor, its body's
    reports, the member's documents, plans and certificate are a 404 for it."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                         lead_auditor=anna)
    report = _report(audit, ReportVersion.DEFINITIVE, by=anna.user)
    delivered = _document(member_x, "jaarverslag", by=xena.user)
    certificate = CertificateFactory(audit=AuditFactory(member=member_x, body=body_a,
                                                        state=AuditState.DECIDED))
    certificate.pdf = _document(member_x, "certificaat", by=anna.user)
    certificate.save(update_fields=["pdf"])
    for document in (report, delivered, certificate.pdf):
        assert _status(client, anna.user, document) == 200
    anna.active = False
    anna.save(update_fields=["active"])
    for document in (report, delivered, certificate.pdf):
        assert _status(client, anna.user, document) == 404
    assert not documents_for(user=anna.user).exists()


def test_r_a1_a_deactivated_login_opens_nothing(client, bea, anna, member_x, body_a):
    """R-A1: a login that was deactivated opens no document, whatever its role."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    report = _report(audit, ReportVersion.DEFINITIVE, by=anna.user)
    for user in (bea, anna.user):
        user.is_active = False
        user.save(update_fields=["is_active"])
        assert not documents_for(user=user).filter(pk=report.pk).exists()


# --- the Bestuur: appeals and their decisions only (SPEC §1) ------------------------------------


def _appeal_with_documents(member, *, dirk, bram, xena):
    from core.decisions import decision_record
    from suspensions.deadlines import board_deadline
    from suspensions.models import Appeal, AppealSubject
    from tests.suspensions.factories import suspend

    suspension = suspend(member, by=dirk)
    announced = suspension.notified_on + dt.timedelta(days=5)
    appeal = Appeal.objects.create(
        suspension=suspension, subject=AppealSubject.SUSPENSION, announced_on=announced,
        decision_notified_on=suspension.notified_on, motivation="Oneens.", filed_by=xena.user,
        board_deadline=board_deadline(announced))
    documents = {}
    for kind, subject, actor, role, rule in (
            (DecisionKind.SUSPENSION, suspension, dirk, Role.DIRECTOR, "R-S1"),
            (DecisionKind.APPEAL_RULING, appeal, bram, Role.BOARD, "R-S4"),
            (DecisionKind.EXTENSION, suspension, dirk, Role.DIRECTOR, "R-S2")):
        documents[kind] = _document(member, kind, by=actor)
        decision_record(kind=kind, outcome=kind, rule_id=rule, actor=actor, role=role,
                        subject=subject, member=member, documents=[documents[kind]])
    return documents


def test_spec_1_the_board_opens_the_documents_of_appeals_and_their_decisions(
        client, bram, dirk, xena, member_x):
    """SPEC §1/R-S4: the Bestuur opens the documents of its ruling and of the decision
    appealed against; not those of a decision nobody appealed."""
    documents = _appeal_with_documents(member_x, dirk=dirk, bram=bram, xena=xena)
    assert _status(client, bram, documents[DecisionKind.SUSPENSION]) == 200
    assert _status(client, bram, documents[DecisionKind.APPEAL_RULING]) == 200
    assert _status(client, bram, documents[DecisionKind.EXTENSION]) == 404
    for document in documents.values():  # the member's own decisions
        assert _status(client, xena.user, document) == 200


def test_spec_1_the_board_opens_no_report_plan_member_document_or_certificate(
        client, bram, anna, xena, member_x, body_a):
    """SPEC §1 (issue #8): the Bestuur used to open every document; a member's reports, its
    own documents and its certificate are not about appeals and decisions: 404."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    certificate = CertificateFactory(audit=AuditFactory(member=member_x, body=body_a,
                                                        state=AuditState.DECIDED))
    certificate.pdf = _document(member_x, "certificaat", by=anna.user)
    certificate.save(update_fields=["pdf"])
    for document in (_report(audit, ReportVersion.CONCEPT, by=anna.user),
                     _report(audit, ReportVersion.DEFINITIVE, by=anna.user),
                     _document(member_x, "jaarverslag", by=xena.user), certificate.pdf):
        assert _status(client, bram, document) == 404
    assert not documents_for(user=bram).exists()


def test_spec_1_the_bureau_and_the_director_open_every_document(bea, dirk, anna):
    """SPEC §1: the bureau and the directeur see everything, also a document of no kind."""
    loose = document_store(content=b"x", name="los.pdf", mime_type="application/pdf",
                           actor=anna.user)
    for user in (bea, dirk):
        assert documents_for(user=user).filter(pk=loose.pk).exists()


# --- the registry -------------------------------------------------------------------------------


def test_r_a1_every_kind_of_document_has_one_rule_registered_by_its_app():
    """R-A1 (issue #8): each app registers its kinds; there is one residual kind, the
    member's own documents."""
    keys = [kind.key for kind in document_kinds()]
    assert keys == sorted([
        "audits.concept_report", "audits.definitive_report", "audits.member_document",
        "audits.replaced_report",
        "certificates.certificate", "findings.plan", "members.decision", "suspensions.appeal"])
    assert [kind.key for kind in document_kinds() if kind.residual] == ["audits.member_document"]
    assert all(kind.rule_id.startswith("R-") for kind in document_kinds())


def test_a_kind_cannot_be_registered_twice_nor_a_second_residual_kind():
    with pytest.raises(ValueError, match="twice"):
        document_kind("findings.plan", rule_id="R-F3", label="x", documents=lambda: [])(
            lambda user: None)
    with pytest.raises(ValueError, match="residual"):
        document_kind("elsewhere.residual", rule_id="R-A1", label="x")(lambda user: None)


def test_r_u2_a_member_document_is_what_no_other_kind_claims(anna, xena, member_x, body_a):
    """R-U2: a report stored with the member is a report, not one of the member's own
    documents; an upload of the member is."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    report = _report(audit, ReportVersion.DEFINITIVE, by=anna.user)
    delivered = _document(member_x, "jaarverslag", by=xena.user)
    assert kinds_of(report) == ["audits.definitive_report"]
    assert kinds_of(delivered) == ["audits.member_document"]
    assert not documents_of_kind("audits.member_document").filter(pk=report.pk).exists()


def test_r_a1_anonymous_opens_nothing(db):
    """R-A1: no login, no document."""
    from django.contrib.auth.models import AnonymousUser

    assert not documents_for(user=AnonymousUser()).exists()
    assert not documents_for(user=None).exists()


def test_r_a1_a_user_without_a_role_opens_nothing(anna, member_x):
    """R-A1: a login without a role opens no document of any kind."""
    _document(member_x, "jaarverslag", by=anna.user)
    assert not documents_for(user=UserFactory(roles=[])).exists()


# --- the portal pages list by the same policy ---------------------------------------------------


def test_r_u2_the_member_portal_lists_no_concept_report_before_it_is_presented(
        client, xena, anna, member_x, body_a):
    """R-U2 (issue #8): the member's documents page and the audit's page list what the
    download lets it open: no concept report at the oral-feedback step, a presented one."""
    early = AuditFactory(member=member_x, body=body_a, state=AuditState.ORAL_FEEDBACK)
    hidden = _report(early, ReportVersion.CONCEPT, by=anna.user)
    late = AuditFactory(member=member_x, body=body_a, state=AuditState.PRESENTED)
    shown = _report(late, ReportVersion.CONCEPT, by=anna.user)
    client.force_login(xena.user)
    page = client.get(reverse("member:documents")).content.decode()
    assert reverse("document_download", kwargs={"pk": shown.pk}) in page
    assert reverse("document_download", kwargs={"pk": hidden.pk}) not in page
    page = client.get(reverse("member:audit_detail", kwargs={"pk": early.pk})).content.decode()
    assert reverse("document_download", kwargs={"pk": hidden.pk}) not in page
    page = client.get(reverse("member:audit_detail", kwargs={"pk": late.pk})).content.decode()
    assert reverse("document_download", kwargs={"pk": shown.pk}) in page
