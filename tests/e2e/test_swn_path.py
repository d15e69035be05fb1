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

from .conftest import main_text, messages_on, submit


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
