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


# --- the member asks NVVK for a combined audit -----------------------------------------------


def test_r_z2_the_member_asks_for_a_combined_audit_and_the_bureau_registers_it(
        client, xena, bea, member_x, body_a, django_capture_on_commit_callbacks):
    """R-Z2: "het lid kan bij de NVVK aangeven": the member asks in its portal with the body it
    chose; the bureau gets a flag, the member's history records it and its contacts get a
    confirmation; a second request is refused while the first is open; registering the
    combined audit resolves the flag."""
    client.force_login(xena.user)
    url = reverse("member:combined_audit_request")
    with travel(TODAY):
        assert url in text_of(client.get(reverse("member:audits")))
        page = text_of(client.get(url))
        assert 'class="rule"' not in page and 'name="body"' in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"body": body_a.pk, "note": "Ook SWN dit jaar."})
        assert response["Location"] == reverse("member:audits")
        flag = Flag.objects.get(member=member_x, rule_id="R-Z2", resolved_on__isnull=True)
        assert "CI Alfa B.V." in flag.message and "Ook SWN dit jaar." in flag.message
        assert flag.audience == "bureau"
        entry = member_x.history.get(reason_starts_with("R-Z2"))
        assert entry.history_user == xena.user
        [mail] = _queued("combined-audit-requested")
        assert mail.recipient_email == "xena@x.example" and "CI Alfa B.V." in mail.body_text
        pending = text_of(client.get(url))
        assert 'name="body"' not in pending and "16 maart 2026" in pending
        again = client.post(url, {"body": body_a.pk})
        assert again.status_code == 400 and "16 maart 2026" in " ".join(messages_of(again))
        assert Flag.objects.filter(member=member_x, rule_id="R-Z2").count() == 1

        client.force_login(bea)
        register = reverse("bureau:combined_audit_register", kwargs={"pk": member_x.pk})
        client.post(register, {"body": body_a.pk, "confirm": "on"})
    flag.refresh_from_db()
    assert flag.resolved_on == TODAY
    assert Audit.objects.filter(member=member_x, kind=AuditKind.COMBINED_SWN).exists()


def test_r_z2_a_combined_audit_request_is_refused_without_a_body_or_with_one_under_way(
        client, xena, member_x, body_a):
    """R-Z2/R-C2: no body is a form error; a recertification under way refuses the request
    (R-C2); nothing is stored either time."""
    client.force_login(xena.user)
    url = reverse("member:combined_audit_request")
    AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                 state=AuditState.PREPARATION)
    with travel(TODAY):
        page = text_of(client.get(url))
        empty = client.post(url, {"body": ""})
        busy = client.post(url, {"body": body_a.pk})
    # refused before the click, in the service's words
    assert "blockers-box" in page and "loopt al" in page and 'disabled aria-disabled' in page
    assert empty.status_code == 400 and "Kies een certificerende instelling." in text_of(empty)
    assert busy.status_code == 400 and "loopt al" in " ".join(messages_of(busy))
    assert not Flag.objects.filter(member=member_x, rule_id="R-Z2").exists()
    assert not _queued("combined-audit-requested")


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
        # refused before the click, in the service's own words.
        assert 'disabled aria-disabled="true"' in page and "al ontvangen op 9 juni 2026" in page
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


# --- the member sends the SWN report itself ------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="swn-rapport.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_r_z2_the_member_sends_the_swn_report_which_counts_as_received(
        client, xena, member_x, swn_certificate, bea, django_capture_on_commit_callbacks):
    """R-Z2: the member sends the SWN report in its portal: it is stored with the certificate,
    received that day (the overdue flag resolved, history naming the member), the member gets
    the confirmation, and the bureau's list links the report."""
    certificates_sweep(today=dt.date(2026, 6, 10))
    flag = Flag.objects.get(key=swn_flag_key(swn_certificate))
    client.force_login(xena.user)
    url = reverse("member:swn_report", kwargs={"pk": swn_certificate.pk})
    with travel(dt.date(2026, 6, 10)):
        overview = text_of(client.get(reverse("member:certificate")))
        assert url in overview and "1 juni 2026" in overview and "te laat" in overview
        assert "R-Z2" not in overview  # no rule chips in member text
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": _pdf()})
    assert response.status_code == 302
    swn_certificate.refresh_from_db()
    assert swn_certificate.swn_report_received_on == dt.date(2026, 6, 10)
    assert swn_certificate.swn_report.sha256 and swn_certificate.swn_report.member == member_x
    entry = swn_certificate.history.get(reason_starts_with("R-Z2"))
    assert entry.history_user == xena.user
    flag.refresh_from_db()
    assert flag.resolved_on == dt.date(2026, 6, 10)
    [mail] = _queued("swn-report-received")
    assert mail.recipient_email == "xena@x.example" and "10 juni 2026" in mail.body_text
    download = reverse("document_download", kwargs={"pk": swn_certificate.swn_report_id})
    assert client.get(download).status_code == 200
    client.force_login(bea)
    assert download in text_of(client.get(reverse("bureau:swn_report_list")))


def test_r_z2_a_second_report_or_a_wrong_file_is_refused_and_stores_nothing(
        client, xena, swn_certificate):
    """R-Z2: a file that is not a PDF is a form error; once received, the form is gone and a
    second post is refused by the service; nothing is stored either time."""
    client.force_login(xena.user)
    url = reverse("member:swn_report", kwargs={"pk": swn_certificate.pk})
    with travel(dt.date(2026, 6, 10)):
        wrong = client.post(url, {"file": _pdf("rapport.pdf", b"gewoon tekst")})
        assert wrong.status_code == 400 and "niet toegestaan" in text_of(wrong)
        swn_certificate.refresh_from_db()
        assert swn_certificate.swn_report_received_on is None
        assert client.post(url, {"file": _pdf()}).status_code == 302
        first = Certificate.objects.get(pk=swn_certificate.pk).swn_report_id
        page = text_of(client.get(url))
        assert 'name="file"' not in page and "10 juni 2026" in page
        again = client.post(url, {"file": _pdf()})
    assert again.status_code == 400
    assert Certificate.objects.get(pk=swn_certificate.pk).swn_report_id == first


def test_r_z2_a_three_year_or_another_members_certificate_is_not_found(
        client, xena, member_x, member_y, body_a, body_b):
    """R-Z2/R-A1: only the member's own four-year certificates owe an SWN report."""
    three_years = CertificateFactory(audit__member=member_x, audit__body=body_a)
    other = CertificateFactory(audit__member=member_y, audit__body=body_b, four_years_swn=True,
                               swn_report_due_on=dt.date(2026, 6, 1))
    client.force_login(xena.user)
    for certificate in (three_years, other):
        url = reverse("member:swn_report", kwargs={"pk": certificate.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"file": _pdf()}).status_code == 404
    assert not Certificate.objects.filter(swn_report__isnull=False).exists()
