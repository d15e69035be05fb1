"""The SWN path (R-Z2, issue #9): the bureau registers the combined NVVK/SWN audit the member
asked for, the directeur grants the four-year certificate, and the bureau records the receipt
of the SWN audit report two years later, which clears its overdue flag — each with its page,
service, history and e-mail."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import Audit, AuditKind, AuditState
from certificates.models import Certificate
from certificates.services import certificates_sweep, swn_flag_key
from core.history import change_reason_text, reason_starts_with
from core.models import Flag
from notifications.models import Notification
from tests.factories import AuditFactory, CertificateFactory
from tests.portals.bureau_helpers import messages_of, text_of, travel
from tests.portals.director_helpers import advised_with_report

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


def _queued(template):
    return list(Notification.objects.filter(template=template))


# --- the bureau registers the combined audit -------------------------------------------------


def test_r_z2_the_bureau_registers_a_combined_swn_audit_with_history_and_e_mail(
        client, bea, member_x, xena, body_a, django_capture_on_commit_callbacks):
    """R-Z2: the member asked for a combined audit; the bureau registers it from the member's
    file with the body the member chose; history names the bureau, the member is e-mailed."""
    client.force_login(bea)
    url = reverse("bureau:combined_audit_register", kwargs={"pk": member_x.pk})
    with travel(TODAY):
        detail = text_of(client.get(reverse("bureau:member_detail",
                                            kwargs={"pk": member_x.pk})))
        assert url in detail
        page = text_of(client.get(url))
        assert "R-Z2" in page and 'name="confirm"' in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"body": body_a.pk, "confirm": "on",
                                         "fieldwork_starts_on": "2026-05-11"})
    audit = Audit.objects.get(kind=AuditKind.COMBINED_SWN)
    assert response["Location"] == reverse("bureau:audit_detail", kwargs={"pk": audit.pk})
    assert (audit.member, audit.body, audit.fieldwork_starts_on) == (
        member_x, body_a, dt.date(2026, 5, 11))
    entry = audit.history.first()
    assert entry.history_user == bea and "R-Z2" in change_reason_text(entry.history_change_reason)
    [mail] = _queued("combined-audit-registered")
    assert mail.recipient_email == "xena@x.example" and mail.member == member_x
    assert "CI Alfa B.V." in mail.body_text and "vier jaar" in mail.body_text


def test_r_z2_without_confirmation_or_body_nothing_is_registered(client, bea, member_x,
                                                                  body_a):
    """R-Z2: without the confirmation (or the body) the page shows a form error and stores
    nothing."""
    client.force_login(bea)
    url = reverse("bureau:combined_audit_register", kwargs={"pk": member_x.pk})
    with travel(TODAY):
        response = client.post(url, {"body": body_a.pk})
        assert response.status_code == 400
        assert client.post(url, {"confirm": "on"}).status_code == 400
    assert not Audit.objects.filter(kind=AuditKind.COMBINED_SWN).exists()


def test_r_c2_not_beside_an_open_recertification_audit(client, bea, member_x, body_a):
    """R-C2/R-Z2: a recertification audit already under way must be cancelled first."""
    AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                 state=AuditState.PREPARATION)
    client.force_login(bea)
    with travel(TODAY):
        response = client.post(
            reverse("bureau:combined_audit_register", kwargs={"pk": member_x.pk}),
            {"body": body_a.pk, "confirm": "on"})
    assert response.status_code == 400
    assert "R-C2" in " ".join(messages_of(response))
    assert not Audit.objects.filter(kind=AuditKind.COMBINED_SWN).exists()


# --- the directeur grants four years -----------------------------------------------------


def test_r_z2_the_director_grants_four_years_and_the_e_mail_names_the_swn_report(
        client, dirk, member_x, xena, body_a, anna, django_capture_on_commit_callbacks):
    """R-Z2: after the combined audit the directeur grants four years; the certificate runs
    four years, the SWN report is due after two, and the member's e-mail says so."""
    audit = advised_with_report(member_x, body=body_a, by=anna.user,
                                kind=AuditKind.COMBINED_SWN)
    client.force_login(dirk)
    url = reverse("director:certification", args=[audit.pk])
    with travel(dt.date(2026, 4, 15)):
        assert 'name="four_years_swn"' in text_of(client.get(url))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"decision": "certify", "four_years_swn": "on",
                                         "confirm": "on"})
    assert response.status_code == 302
    certificate = Certificate.objects.get(audit=audit)
    assert certificate.four_years_swn
    assert certificate.swn_report_due_on == dt.date(
        certificate.valid_from.year + 2, certificate.valid_from.month,
        certificate.valid_from.day)
    issued = certificate.history.get(reason_starts_with("R-Z1: certificaat afgegeven"))
    assert issued.history_user == dirk
    [mail] = _queued("certificate-issued")
    assert "vier jaar" in mail.body_text and "SWN-audit" in mail.body_text


# --- the bureau records the SWN report -------------------------------------------------------


@pytest.fixture
def swn_certificate(member_x, body_a):
    """A four-year certificate valid 1 June 2024 – 31 May 2028; SWN report due 1 June 2026."""
    return CertificateFactory(
        number="NVVK-2024-0042", audit__member=member_x, audit__body=body_a,
        audit__kind=AuditKind.COMBINED_SWN, valid_from=dt.date(2024, 6, 1),
        valid_until=dt.date(2028, 5, 31), four_years_swn=True,
        swn_report_due_on=dt.date(2026, 6, 1))


def test_r_z2_receipt_of_the_swn_report_clears_the_overdue_flag(
        client, bea, member_x, xena, swn_certificate, django_capture_on_commit_callbacks):
    """R-Z2: the overdue report is flagged and listed as late; recording its receipt resolves
    the flag, writes history and tells the member; a second receipt is refused before the
    click and by the service."""
    certificates_sweep(today=dt.date(2026, 6, 10))
    flag = Flag.objects.get(key=swn_flag_key(swn_certificate))
    assert flag.resolved_on is None
    client.force_login(bea)
    record = reverse("bureau:swn_report_record", kwargs={"pk": swn_certificate.pk})
    with travel(dt.date(2026, 6, 10)):
        listing = text_of(client.get(reverse("bureau:swn_report_list")))
        assert "NVVK-2024-0042" in listing and "te laat" in listing and record in listing
        assert record in text_of(client.get(reverse("bureau:member_detail",
                                                    kwargs={"pk": member_x.pk})))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(record, {"received_on": "2026-06-09"})
        assert response.status_code == 302
        swn_certificate.refresh_from_db()
        assert swn_certificate.swn_report_received_on == dt.date(2026, 6, 9)
        assert swn_certificate.history.get(
            reason_starts_with("R-Z2: SWN-rapport ontvangen")).history_user == bea
        flag.refresh_from_db()
        assert flag.resolved_on == dt.date(2026, 6, 10)
        [mail] = _queued("swn-report-received")
        assert mail.recipient_email == "xena@x.example"
        assert "9 juni 2026" in mail.body_text
        page = text_of(client.get(record))
        assert 'name="received_on"' not in page and "al vastgelegd" in page
        again = client.post(record, {"received_on": "2026-06-10"})
    assert again.status_code == 400
    assert "R-Z2" in " ".join(messages_of(again))
    swn_certificate.refresh_from_db()
    assert swn_certificate.swn_report_received_on == dt.date(2026, 6, 9)


def test_r_z2_a_receipt_date_in_the_future_or_invalid_stores_nothing(client, bea,
                                                                      swn_certificate):
    """R-Z2: a date in the future or no valid date is refused and stores nothing."""
    client.force_login(bea)
    record = reverse("bureau:swn_report_record", kwargs={"pk": swn_certificate.pk})
    with travel(dt.date(2026, 6, 10)):
        future = client.post(record, {"received_on": "2026-07-01"})
        invalid = client.post(record, {"received_on": "gisteren"})
    assert future.status_code == 400 and "R-Z2" in " ".join(messages_of(future))
    assert invalid.status_code == 400 and "Vul een geldige datum in." in text_of(invalid)
    swn_certificate.refresh_from_db()
    assert swn_certificate.swn_report_received_on is None
