"""End-to-end (issue #9): the SWN path (R-Z2). The member asked NVVK for a combined NVVK/SWN
audit: the bureau registers it from the member's file, the directeur grants the four-year
certificate after the body's positive advice, and two years later the bureau records the
receipt of the SWN audit report, which clears the overdue flag."""

import datetime as dt

import pytest

from audits.models import Audit, AuditKind, AuditReport, AuditState, ReportVersion
from certificates.deadlines import validity
from certificates.models import Certificate
from certificates.services import certificates_sweep, swn_flag_key
from core import dates
from core.documents import document_store
from core.models import Flag
from findings.models import Advice, AdviceKind
from notifications.models import Notification
from tests.factories import CertificateFactory

from .conftest import main_text, messages_on, pdf_file, submit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_combined_swn_audit_four_years_and_the_swn_report(e2e, bea, dirk, member_x, xena,
                                                              body_a, anna):
    # --- R-Z2: the bureau registers the combined audit the member asked for ------------------
    bureau = e2e.login(bea, "bureau")
    bureau.goto(e2e.url(f"/bureau/leden/{member_x.pk}/"))
    bureau.get_by_role("link", name="Gecombineerde NVVK/SWN-audit registreren").click()
    bureau.select_option("#id_body", str(body_a.pk))
    # The confirmation binds: the browser asks for it before posting (the server too).
    assert bureau.locator("#id_confirm").get_attribute("required") is not None
    bureau.check("#id_confirm")
    submit(bureau)
    audit = Audit.objects.get(member=member_x, kind=AuditKind.COMBINED_SWN)
    assert bureau.url.endswith(f"/bureau/audits/{audit.pk}/")
    assert Notification.objects.filter(template="combined-audit-registered",
                                       recipient_email=xena.email).exists()

    # The audit's steps are the auditors' (other e2e tests walk them): here it is advised.
    Audit.objects.filter(pk=audit.pk).update(state=AuditState.ADVISED)
    document = document_store(content=b"%PDF-1.4 rapport", name="rapport.pdf",
                              mime_type="application/pdf", actor=anna.user, member=member_x)
    AuditReport.objects.create(audit=audit, version=ReportVersion.DEFINITIVE,
                               document=document, uploaded_by=anna.user)
    Advice.objects.create(audit=audit, kind=AdviceKind.POSITIVE, given_on=dates.today(),
                          given_by=anna.user, motivation="Voldoet aan beide kaders.")

    # --- R-Z2: the directeur grants four years -----------------------------------------------
    director = e2e.login(dirk, "director")
    director.goto(e2e.url(f"/directeur/certificering/{audit.pk}/"))
    director.check('input[name="decision"][value="certify"]')
    director.check("#id_four_years_swn")
    # Without the confirmation nothing is issued: the browser asks for it first.
    assert director.locator("#id_confirm").get_attribute("required") is not None
    director.check("#id_confirm")
    submit(director)
    certificate = Certificate.objects.get(audit=audit)
    assert certificate.four_years_swn
    assert certificate.valid_until == validity(certificate.valid_from, 4)
    assert "vier jaar geldig" in messages_on(director)

    # --- two years later the report is overdue; the bureau records its receipt ---------------
    Certificate.objects.filter(pk=certificate.pk).update(
        swn_report_due_on=dates.today() - dt.timedelta(days=5))
    certificate.refresh_from_db()
    certificates_sweep(today=dates.today())
    flag = Flag.objects.get(key=swn_flag_key(certificate))
    assert flag.resolved_on is None
    bureau.get_by_role("link", name="SWN-rapporten").click()
    assert "te laat" in main_text(bureau)
    bureau.get_by_role("link", name=f"Ontvangst vastleggen – {member_x.name}").click()
    submit(bureau)
    assert "is vastgelegd" in messages_on(bureau)
    certificate.refresh_from_db()
    assert certificate.swn_report_received_on == dates.today()
    flag.refresh_from_db()
    assert flag.resolved_on == dates.today()
    assert Notification.objects.filter(template="swn-report-received",
                                       recipient_email=xena.email).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_member_asks_for_the_combined_audit_and_sends_the_swn_report(e2e, bea, member_x,
                                                                          xena, body_a):
    """R-Z2 from the member's side: it asks NVVK for the combined audit in its portal (the
    bureau registers it from the flag), and two years into its four-year certificate it sends
    the SWN report itself, which counts as received."""
    member = e2e.login(xena.user, "member")
    member.get_by_role("link", name="Audits en zelfscan").click()
    member.get_by_role("link", name="Gecombineerde NVVK/SWN-audit aanvragen").click()
    member.select_option("#id_body", str(body_a.pk))
    member.fill("#id_note", "Wij worden ook op het SWN-keurmerk geaudit.")
    submit(member)
    assert "Uw aanvraag is ontvangen" in messages_on(member)
    flag = Flag.objects.get(member=member_x, rule_id="R-Z2", resolved_on__isnull=True)

    bureau = e2e.login(bea, "bureau")
    bureau.goto(e2e.url(f"/bureau/leden/{member_x.pk}/"))
    assert "vraagt een gecombineerde NVVK/SWN-audit aan" in main_text(bureau)
    bureau.get_by_role("link", name="Gecombineerde NVVK/SWN-audit registreren").click()
    bureau.select_option("#id_body", str(body_a.pk))
    bureau.check("#id_confirm")
    submit(bureau)
    flag.refresh_from_db()
    assert flag.resolved_on == dates.today()

    # Two years into its four-year certificate the member sends the SWN report.
    certificate = CertificateFactory(
        audit__member=member_x, audit__body=body_a, audit__kind=AuditKind.COMBINED_SWN,
        valid_from=dates.today() - dt.timedelta(days=740),
        valid_until=dates.today() + dt.timedelta(days=720), four_years_swn=True,
        swn_report_due_on=dates.today() - dt.timedelta(days=10))
    member.get_by_role("link", name="Certificaat en uitstel").click()
    assert "te laat" in main_text(member)
    member.get_by_role("link", name="SWN-auditrapport insturen").click()
    member.set_input_files('input[name="file"]', pdf_file("swn-rapport.pdf"))
    submit(member)
    assert "heeft het ontvangen" in messages_on(member)
    certificate.refresh_from_db()
    assert certificate.swn_report_received_on == dates.today()
    assert certificate.swn_report.original_name == "swn-rapport.pdf"
