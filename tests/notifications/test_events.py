"""E-mail for the events users must know (issue #5): each service's change queues the right
template to the right people — only after the commit, once, in their language — and a failure
while queueing never breaks the service."""

import datetime as dt
import logging

import pytest
from django.core import mail

from audits.models import AuditKind, AuditState, ReportVersion
from audits.services import audit_make_definitive, audit_start_preparation
from certificates import documents
from certificates.models import Postponement
from certificates.services import certificate_decide, postponement_decide
from complaints.services import complaint_acknowledge
from core.exceptions import RuleViolation
from core.models import Flag, Role
from core.timeline import member_timeline
from findings import emails as finding_emails
from findings.models import FindingKind
from findings.services import (
    advice_give,
    finding_record,
    findings_sweep,
    plan_approve,
    plan_reject,
)
from members.models import MemberState
from members.services import member_admit, member_apply, member_reject
from notifications.models import Notification, NotificationStatus
from suspensions.models import AppealSubject, NoticeAudience, SummonsMethod
from suspensions.services import (
    appeal_file,
    appeal_rule,
    hearing_summon,
    suspension_send_notice,
)
from tests.audits.factories import add_advice, add_report
from tests.complaints.factories import at, register
from tests.factories import (
    AuditFactory,
    CertificateFactory,
    ContactFactory,
    FindingFactory,
    MemberFactory,
    UserFactory,
)
from tests.findings.factories import PlanFactory
from tests.members.factories import ready_for_admission
from tests.suspensions.factories import suspend

D = dt.date
pytestmark = pytest.mark.django_db


def queued(template):
    return list(Notification.objects.filter(template=template).order_by("recipient_email"))


def addresses(template):
    return [n.recipient_email for n in queued(template)]


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a service and then its on-commit callbacks, as a real commit would."""

    def _run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return _run


# --- admission (R-M1, R-M2) -------------------------------------------------------------------

def test_application_received_is_confirmed_to_the_new_contact_after_the_commit_r_m1(
        django_capture_on_commit_callbacks):
    """R-M1: application received is confirmed to the new contact after the commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        member = member_apply(
            name="Schuldhulp Z", city="Deventer", website="", contact_name="Zoë Zorg",
            contact_email="zoe@z.example", contact_phone="", motivation="Graag lid.",
            scope_numbers=[1, 2], conditions_accepted=True, today=D(2026, 1, 12))
    assert not Notification.objects.exists()  # nothing before the commit

    with django_capture_on_commit_callbacks(execute=True):  # the commit
        for callback in callbacks:
            callback()

    [message] = queued("application-received")
    assert message.recipient_email == "zoe@z.example"
    assert message.member == member
    assert message.key.startswith(f"event:application-received:{member.admission.pk}:")
    assert "12 januari 2026" in message.body_text
    assert message.status == NotificationStatus.SENT
    assert mail.outbox[0].to == ["zoe@z.example"]


def test_an_admission_is_announced_to_the_contacts_r_m2(run, body_a, anna, dirk):
    """R-M2: an admission is announced to the contacts."""
    member = ready_for_admission(body=body_a, by=anna.user)
    contact = ContactFactory(member=member, email="nieuw@lid.example")

    run(member_admit, member=member, motivation="Positief advies.", actor=dirk,
        today=D(2026, 5, 4))

    [message] = queued("application-decided")
    assert message.recipient_email == contact.email
    assert "toegelaten als lid" in message.subject
    member.refresh_from_db()
    assert member.member_number in message.body_text


def test_a_rejection_is_announced_with_its_motivation_r_m2(run, body_a, anna, dirk):
    """R-M2: a rejection is announced with its motivation."""
    member = ready_for_admission(body=body_a, by=anna.user, advice="negative")
    ContactFactory(member=member, email="aanvrager@lid.example")

    run(member_reject, member=member, motivation="Negatief advies van de CI.", actor=dirk,
        today=D(2026, 5, 4))

    [message] = queued("application-decided")
    assert "af te wijzen" in message.body_text
    assert "Negatief advies van de CI." in message.body_text


# --- audits (R-U2, R-F7) ----------------------------------------------------------------------

def test_audit_planned_goes_to_the_member_and_the_team_r_u2(run, member_x, body_a, xena,
                                                            anna, arie):
    """R-U2: audit planned goes to the member and the team."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.QUOTE_AGREED,
                         lead_auditor=anna, second_auditor=arie)

    run(audit_start_preparation, audit=audit, actor=anna.user)

    assert addresses("audit-planned") == ["anna@alfa.example", "arie@alfa.example",
                                          "xena@x.example"]
    to_xena = Notification.objects.get(template="audit-planned", recipient_email=xena.email)
    to_anna = Notification.objects.get(template="audit-planned", recipient_email=anna.email)
    assert "2 maart 2026" in to_xena.body_text  # the fieldwork date
    assert "zelfscan" in to_xena.body_text and "auditteam" in to_anna.body_text
    assert to_anna.recipient == anna.user


def test_report_definitive_is_announced_to_the_member_r_u2(run, member_x, body_a, xena, anna):
    """R-U2: report definitive is announced to the member."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.PRESENTED,
                         lead_auditor=anna)
    add_report(audit, version=ReportVersion.DEFINITIVE, by=anna.user)

    run(audit_make_definitive, audit=audit, actor=anna.user, on=D(2026, 3, 20),
        today=D(2026, 3, 20))

    [message] = queued("report-definitive")
    assert message.recipient_email == xena.email
    assert "20 maart 2026" in message.body_text


def test_advice_goes_to_the_member_and_the_director_r_f7(run, member_x, body_a, xena, anna,
                                                        dirk):
    """R-F7: advice goes to the member and the director."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                         lead_auditor=anna)

    run(advice_give, audit=audit, kind="positive", motivation="Voldoet.", actor=anna.user,
        today=D(2026, 4, 20))

    assert addresses("advice-given") == ["dirk@nvvk.example", "xena@x.example"]
    to_dirk = Notification.objects.get(template="advice-given", recipient=dirk)
    assert "Het besluit over de certificering ligt nu bij u" in to_dirk.body_text
    assert to_dirk.context["audience"] == "director"


# --- findings (R-F1, R-F3, R-F8) --------------------------------------------------------------

@pytest.fixture
def follow_up_x(member_x, body_a, anna):
    return AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                        lead_auditor=anna)


def test_a_finding_is_announced_with_its_plan_deadline_r_f1_r_f3(run, follow_up_x, xena, anna):
    """R-F1, R-F3: a finding is announced with its plan deadline."""
    finding = run(finding_record, audit=follow_up_x, norm_code="4.11",
                  kind=FindingKind.NONCONFORMITY, description="Dossiers zijn niet volledig.",
                  actor=anna.user, today=D(2026, 1, 31))

    [message] = queued("finding-recorded")
    assert message.recipient_email == xena.email
    assert message.member == finding.member
    assert "Afwijking" in message.subject and "4.11" in message.subject
    # R-F3: two months from 31 January is 31 March.
    assert "uiterlijk op 31 maart 2026 een plan van aanpak" in message.body_text


def test_a_tekortkoming_is_announced_with_its_six_months_r_f5(run, follow_up_x, xena, anna):
    """R-F5: a tekortkoming is announced with its six months."""
    run(finding_record, audit=follow_up_x, norm_code="4.11", kind=FindingKind.MAJOR,
        description="Geen schuldenoverzicht.", actor=anna.user, today=D(2026, 1, 31))

    [message] = queued("finding-recorded")
    assert "uiterlijk op 31 juli 2026 zijn opgelost" in message.body_text


def test_plan_approved_and_rejected_are_announced_r_f3(run, follow_up_x, xena, anna):
    """R-F3: plan approved and rejected are announced."""
    finding = FindingFactory(audit=follow_up_x, recorded_by=anna.user,
                             recorded_on=D(2026, 1, 31))
    first = PlanFactory(finding=finding, submitted_by=xena.user)
    run(plan_reject, plan=first, assessment="Te vaag.", actor=anna.user, today=D(2026, 3, 2))
    second = PlanFactory(finding=finding, submitted_by=xena.user, submitted_on=D(2026, 3, 9))
    run(plan_approve, plan=second, assessment="Akkoord.", actor=anna.user, today=D(2026, 3, 16))

    rejected, approved = (Notification.objects.get(key__startswith=f"event:plan-assessed:{p.pk}:")
                          for p in (first, second))
    assert "afgekeurd" in rejected.subject
    assert "tot en met 31 maart 2026 een nieuw plan" in rejected.body_text
    assert "Te vaag." in rejected.body_text
    assert "goedgekeurd" in approved.subject


def test_escalation_by_the_sweep_goes_to_the_member_and_the_lead_auditor_r_f8_r_f3(
        follow_up_x, xena, anna, django_capture_on_commit_callbacks):
    """R-F8, R-F3: escalation by the sweep goes to the member and the lead auditor."""
    finding = FindingFactory(audit=follow_up_x, recorded_by=anna.user,
                             recorded_on=D(2026, 1, 31))

    with django_capture_on_commit_callbacks(execute=True):
        findings_sweep(today=D(2026, 4, 1))  # the plan deadline was 31 March

    finding.refresh_from_db()
    assert finding.kind == FindingKind.MAJOR
    assert addresses("finding-escalated") == [anna.email, xena.email]
    message = Notification.objects.get(template="finding-escalated", recipient_email=xena.email)
    assert "tekortkoming" in message.subject
    assert "1 april 2026" in message.body_text
    assert "R-F3" in message.body_text  # the rule of the change
    assert Notification.objects.get(template="finding-escalated",
                                    recipient_email=anna.email).context["audience"] == "auditor"


# --- certificates (R-Z4, R-Z7) ----------------------------------------------------------------

def test_certificate_issued_stores_the_pdf_and_attaches_it_after_the_commit_r_z7(
        run, member_x, body_a, xena, anna, dirk):
    """R-Z7: certificate issued stores the PDF and attaches it after the commit."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.ADVISED,
                         kind=AuditKind.RECERTIFICATION, lead_auditor=anna)
    add_advice(audit, by=anna.user)

    certificate = run(certificate_decide, audit=audit, certify=True, actor=dirk,
                      today=D(2026, 5, 4))

    certificate.refresh_from_db()
    assert certificate.pdf is not None and certificate.pdf.mime_type == "application/pdf"
    [message] = queued("certificate-issued")
    assert message.recipient_email == xena.email
    assert list(message.attachments.all()) == [certificate.pdf]
    [email] = mail.outbox
    assert email.attachments[0][0] == f"{certificate.number}.pdf"
    assert email.attachments[0][1].startswith(b"%PDF")


def test_issuing_the_documents_twice_stores_one_pdf_and_sends_one_mail_r_z7(
        member_x, body_a, xena, django_capture_on_commit_callbacks):
    """R-Z7: issuing the documents twice stores one PDF and sends one mail."""
    certificate = CertificateFactory(audit__member=member_x, audit__body=body_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert documents.certificate_issue_documents(certificate_id=certificate.pk) == 1
        assert documents.certificate_issue_documents(certificate_id=certificate.pk) == 0

    certificate.refresh_from_db()
    assert Notification.objects.filter(template="certificate-issued").count() == 1
    assert len(mail.outbox) == 1


def test_certificates_whose_documents_were_lost_are_found_again_r_z7(member_x, body_a):
    """R-Z7: A broker down at the commit: the hourly task finds the certificate without PDF."""
    from django.utils import timezone

    certificate = CertificateFactory(audit__member=member_x, audit__body=body_a)
    assert documents.certificate_documents_due(now=timezone.now()) == []  # just issued
    later = timezone.now() + dt.timedelta(minutes=11)
    assert documents.certificate_documents_due(now=later) == [certificate.pk]
    assert documents.certificate_documents_due(now=later + dt.timedelta(days=8)) == []


def test_postponement_decision_is_announced_r_z4(run, member_x, body_a, xena, bea):
    """R-Z4: postponement decision is announced."""
    certificate = CertificateFactory(audit__member=member_x, audit__body=body_a,
                                     valid_until=D(2026, 5, 31))
    postponement = Postponement.objects.create(
        certificate=certificate, requested_on=D(2026, 4, 1), requested_by=xena.user, months=2,
        reason="Auditor ziek.")

    run(postponement_decide, postponement=postponement, grant=True, motivation="Gegrond.",
        actor=bea, today=D(2026, 4, 8))

    [message] = queued("postponement-decided")
    assert message.recipient_email == xena.email
    assert "Uitstel verleend" in message.subject
    assert "uiterlijk op 31 juli 2026 plaatsvinden" in message.body_text
    assert "uitstel verlengt het certificaat niet" in message.body_text


# --- suspensions (R-S1 … R-S7) ----------------------------------------------------------------

def test_hearing_summons_goes_to_the_member_r_s1(run, member_x, xena, dirk):
    """R-S1: hearing summons goes to the member."""
    run(hearing_summon, member=member_x, summoned_on=D(2026, 1, 5),
        method=SummonsMethod.LETTER, hearing_on=D(2026, 1, 19), actor=dirk, today=D(2026, 1, 5))

    [message] = queued("hearing-summons")
    assert message.recipient_email == xena.email
    assert message.subject == "Uitnodiging hoorzitting op 19 januari 2026"


def test_suspension_decided_names_the_last_day_to_appeal_r_s3(member_x, xena, dirk,
                                                              django_capture_on_commit_callbacks):
    """R-S3: suspension decided names the last day to appeal."""
    with django_capture_on_commit_callbacks(execute=True):
        suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))

    [message] = queued("suspension-decided")
    assert message.recipient_email == xena.email
    # R-S3: one month from the notification on 31 January is 28 February.
    assert "Kondig het beroep uiterlijk op 28 februari 2026 aan" in message.body_text
    assert "Geen geldig certificaat sinds 1 december 2025" in message.body_text


def test_appeal_received_and_decided_r_s3_r_s4(run, member_x, xena, dirk, bram,
                                               django_capture_on_commit_callbacks):
    """R-S3, R-S4: appeal received and decided."""
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))
    appeal = run(appeal_file, suspension=suspension, subject=AppealSubject.SUSPENSION,
                 announced_on=D(2026, 2, 10), motivation="Onevenredig.", actor=xena.user,
                 today=D(2026, 2, 10))

    assert addresses("appeal-received") == [bram.email, xena.email]
    to_board = Notification.objects.get(template="appeal-received", recipient=bram)
    assert "uiterlijk op 10 mei 2026 beslissen" in to_board.body_text  # R-S4: three months

    run(appeal_rule, appeal=appeal, uphold=False, ruling="Besluit blijft.", actor=bram,
        today=D(2026, 3, 2))
    # The member and every directeur (the hearing factory's summoner is a directeur too).
    assert {dirk.email, xena.email} <= set(addresses("appeal-decided"))
    assert "ongegrond" in queued("appeal-decided")[0].body_text


def test_suspension_notice_goes_to_every_contact_of_every_member_r_s7(
        member_x, member_y, xena, yuri, dirk, bea, django_capture_on_commit_callbacks):
    """R-S7: suspension notice goes to every contact of every member."""
    second_y = ContactFactory(member=member_y, email="tweede@y.example", is_primary=False)
    applicant = MemberFactory(state=MemberState.APPLICANT)
    ContactFactory(member=applicant, email="aanvrager@a.example")
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))
        suspension_send_notice(suspension=suspension, audience=NoticeAudience.MEMBERS,
                               text="Schuldhulp X is geschorst.", actor=bea,
                               today=D(2026, 2, 2))

    # Members in state "lid" only: not the suspended member itself, not an applicant.
    assert addresses("suspension-notice") == [second_y.email, yuri.email]
    message = queued("suspension-notice")[0]
    assert message.member == member_y  # on the recipient's timeline
    assert "Schuldhulp X is geschorst." in message.body_text
    assert message.key.startswith("event:suspension-notice:")


def test_suspension_notice_to_the_convenant_partners_r_s7(member_x, xena, dirk, bea, settings,
                                                         django_capture_on_commit_callbacks):
    """R-S7: suspension notice to the convenant partners."""
    settings.CONVENANT_PARTNER_EMAILS = ["partner@nibud.example", "partner@bkr.example"]
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))
        suspension_send_notice(suspension=suspension,
                               audience=NoticeAudience.CONVENANT_PARTNERS,
                               text="Mededeling aan de convenantpartners.",
                               actor=bea, today=D(2026, 2, 2))

    assert addresses("suspension-notice") == ["partner@bkr.example", "partner@nibud.example"]
    assert all(n.context["audience"] == "partner" for n in queued("suspension-notice"))


def test_without_partner_addresses_the_bureau_is_flagged_r_s7(member_x, xena, dirk, bea,
                                                             settings,
                                                             django_capture_on_commit_callbacks):
    """R-S7: without partner addresses the bureau is flagged."""
    settings.CONVENANT_PARTNER_EMAILS = []
    with django_capture_on_commit_callbacks(execute=True):
        suspension = suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))
        suspension_send_notice(suspension=suspension,
                               audience=NoticeAudience.CONVENANT_PARTNERS,
                               text="Mededeling.", actor=bea, today=D(2026, 2, 2))

    assert not queued("suspension-notice")
    flag = Flag.objects.get(key__startswith="notification:unreachable:event:suspension-notice")
    assert flag.rule_id == "R-S7" and flag.audience == "bureau"


# --- complaints (R-K2, R-A2) ------------------------------------------------------------------

def test_complaint_acknowledged_goes_to_the_complainant_only_r_k2_r_a2(
        member_x, xena, bea, django_capture_on_commit_callbacks):
    """R-K2, R-A2: complaint acknowledged goes to the complainant only."""
    complaint = register(by=bea, member=member_x)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_acknowledge(complaint=complaint, actor=bea, at=at(2026, 3, 6, 14),
                              today=D(2026, 3, 6))

    [message] = queued("complaint-acknowledged")
    assert message.recipient_email == "karel@klager.example"
    assert message.body_text.startswith("Beste Karel Klager,")
    assert complaint.reference in message.subject
    # R-A2: the complainant's data stays in the outbox, never on the member's timeline.
    assert message.member is None
    details = [e.detail for e in member_timeline(member=member_x, today=D(2026, 3, 7))]
    assert "karel@klager.example" not in details


def test_a_phone_complaint_without_e_mail_sends_nothing_r_k2(member_x, bea,
                                                            django_capture_on_commit_callbacks):
    """R-K2: a phone complaint without e-mail sends nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        register(by=bea, member=member_x, channel="phone", complainant_email="")

    assert not Notification.objects.exists()
    assert not Flag.objects.filter(key__startswith="notification:").exists()


# --- robustness -------------------------------------------------------------------------------

def test_a_refused_service_sends_nothing(run, member_x, xena, anna, bob):
    audit = AuditFactory(member=member_x, state=AuditState.QUOTE_AGREED)
    with pytest.raises(RuleViolation):
        run(audit_start_preparation, audit=audit, actor=bob.user)  # R-A1: not bob's body

    assert not Notification.objects.exists()


def test_a_rolled_back_service_sends_nothing(follow_up_x, anna,
                                             django_capture_on_commit_callbacks):
    """The e-mail is queued after the commit: when the caller's transaction rolls back, the
    finding and its e-mail are both gone."""
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            finding_record(audit=follow_up_x, norm_code="4.11", kind=FindingKind.NONCONFORMITY,
                           description="Dossiers zijn niet volledig.", actor=anna.user,
                           today=D(2026, 1, 31))
            raise RuntimeError("the caller gives up")

    assert not Notification.objects.exists()
    assert not mail.outbox


def test_a_member_without_any_address_raises_a_flag_not_an_error(run, body_a, anna, dirk):
    member = ready_for_admission(body=body_a, by=anna.user)  # no contacts, no core data

    run(member_admit, member=member, motivation="Positief advies.", actor=dirk,
        today=D(2026, 5, 4))

    member.refresh_from_db()
    assert member.state == MemberState.MEMBER  # the decision stands
    flag = Flag.objects.get(key__startswith="notification:unreachable:event:application-decided")
    assert flag.member == member and flag.rule_id == "R-M2"


def test_an_error_while_queueing_is_logged_and_never_breaks_the_service(
        run, follow_up_x, xena, anna, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr("notifications.recipients.notification_queue", broken)
    with caplog.at_level(logging.ERROR):
        finding = run(finding_record, audit=follow_up_x, norm_code="4.11",
                      kind=FindingKind.OBSERVATION, description="Klein punt.",
                      actor=anna.user, today=D(2026, 1, 31))

    assert finding.pk and type(finding).objects.filter(pk=finding.pk).exists()
    assert "template exploded" in caplog.text
    assert not Notification.objects.exists()


def test_a_handler_run_twice_queues_each_message_once(follow_up_x, xena, anna,
                                                      django_capture_on_commit_callbacks):
    finding = FindingFactory(audit=follow_up_x, recorded_by=anna.user)
    with django_capture_on_commit_callbacks(execute=True):
        finding_emails.finding_recorded(finding_id=finding.pk)
        finding_emails.finding_recorded(finding_id=finding.pk)

    assert Notification.objects.filter(template="finding-recorded").count() == 1
    assert len(mail.outbox) == 1


def test_an_english_speaking_contact_gets_the_message_in_english(run, follow_up_x, member_x,
                                                                  anna):
    user = UserFactory(email="eve@x.example", language="en", roles=[Role.MEMBER_CONTACT])
    ContactFactory(member=member_x, user=user, email=user.email)

    run(finding_record, audit=follow_up_x, norm_code="4.11", kind=FindingKind.NONCONFORMITY,
        description="Files incomplete.", actor=anna.user, today=D(2026, 1, 31))

    message = Notification.objects.get(template="finding-recorded", recipient=user)
    assert message.language == "en"
    assert message.body_text.startswith("Dear ")  # locale/en
    assert "31 March 2026" in message.body_text
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"


def test_every_event_template_is_registered_on_the_timeline_with_its_rule():
    from django.template.loader import get_template

    from notifications.selectors import TEMPLATE_RULES

    for template in TEMPLATE_RULES:
        for part in ("subject.txt", "body.txt", "body.html"):
            get_template(f"emails/{template}-{part}")


def test_events_sent_to_the_member_show_on_its_timeline_internal_ones_without_address(
        run, member_x, body_a, xena, anna, dirk):
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                         lead_auditor=anna)
    run(advice_give, audit=audit, kind="positive", motivation="Voldoet.", actor=anna.user,
        today=D(2026, 4, 20))

    mails = [e for e in member_timeline(member=member_x, today=D(2026, 4, 21))
             if e.rule_id == "R-F7" and e.title.startswith("E-mail")]
    assert sorted(e.detail for e in mails) == ["aan de directeur", "xena@x.example"]

