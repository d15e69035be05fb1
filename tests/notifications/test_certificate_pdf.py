"""R-Z7: the certificate PDF — its text, its QR code with a signed verification token, and
storing it once as the issued document."""

import datetime as dt
import hashlib
import io
import shutil
import subprocess
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from pypdf import PdfReader

from audits.models import Audit
from certificates.pdf import (
    certificate_store_pdf,
    certificate_token,
    certificate_verify_url,
    read_certificate_token,
    render_certificate_pdf,
    verify_certificate_token,
)
from core.history import change_reason_text
from core.models import Decision, DecisionKind, Role
from members.models import CoreData, ScopeItem
from tests.conftest import requires_service
from tests.factories import AuditFactory, CertificateFactory


@pytest.fixture
def certificate(member_x, body_a, dirk):
    """Member X's certificate NVVK-2023-0042, decided by Dirk on 15 May 2023, valid
    1 June 2023 up to and including 31 May 2026, issued on CI Alfa's audit."""
    CoreData.objects.create(member=member_x, name=member_x.name,
                            address="Grote Markt 1, 8011 LW")
    audit = AuditFactory(member=member_x, body=body_a, state="decided")
    certificate = CertificateFactory(
        number="NVVK-2023-0042", audit=audit, valid_from=dt.date(2023, 6, 1),
        valid_until=dt.date(2026, 5, 31), decided_on=dt.date(2023, 5, 15))
    certificate.scope.set(ScopeItem.objects.filter(number__in=[1, 2]))
    Decision.objects.create(
        kind=DecisionKind.CERTIFICATION, outcome="Gecertificeerd", rule_id="R-Z1",
        decided_by=dirk, role=Role.DIRECTOR,
        subject_type=ContentType.objects.get_for_model(Audit), subject_id=audit.pk,
        subject_label=str(audit), member=member_x)
    return certificate


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_r_z7_pdf_is_one_a4_page_with_member_number_validity_body_and_decision(certificate):
    """R-Z7: PDF is one a4 page with member number validity body and decision."""
    pdf = render_certificate_pdf(certificate)

    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = _text(pdf)
    for expected in ["Schuldhulp X", "Grote Markt 1, 8011 LW", "Zwolle", "NVVK-2023-0042",
                     "1 juni 2023", "31 mei 2026", "15 mei 2023", "CI Alfa B.V.",
                     "Dirk Directeur", "Directeur NVVK"]:
        assert expected in text, expected
    for item in ScopeItem.objects.filter(number__in=[1, 2]):
        assert item.title in text


def test_r_z7_all_22_forms_of_assistance_and_conditions_still_fit_on_one_page(certificate):
    """R-Z7: all 22 forms of assistance and conditions still fit on one page."""
    certificate.scope.set(ScopeItem.objects.all())
    certificate.conditions = ("Het lid levert het SWN-rapport uiterlijk twee jaar na de "
                              "ingangsdatum aan en meldt organisatiewijzigingen direct.")

    pdf = render_certificate_pdf(certificate)

    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = _text(pdf)
    assert ScopeItem.objects.get(number=22).title in text
    assert "Dirk Directeur" in text


def test_r_z7_pdf_embeds_the_fonts_shipped_with_the_project(certificate):
    """R-Z7: Every font in the PDF is the @font-face family loaded from static/fonts (a subset
    named after it), none a font of the host."""
    reader = PdfReader(io.BytesIO(render_certificate_pdf(certificate)))
    fonts = {str(font["/BaseFont"]).split("+", 1)[-1] for font in _fonts(reader.pages[0])}
    assert fonts == {"Keurmerk-Sans", "Keurmerk-Sans-Bold"}


def _fonts(page):
    resources = page["/Resources"]
    for font in resources["/Font"].values():
        yield font.get_object()
    for xobject in resources.get("/XObject", {}).values():
        inner = xobject.get_object().get("/Resources", {}).get("/Font", {})
        for font in inner.values():
            yield font.get_object()


def test_r_z7_token_verifies_the_number_and_rejects_a_tampered_one(certificate):
    """R-Z7: token verifies the number and rejects a tampered one."""
    token = certificate_token(certificate)

    assert verify_certificate_token("NVVK-2023-0042", token)
    assert read_certificate_token("NVVK-2023-0042", token) == {
        "number": "NVVK-2023-0042", "valid_from": dt.date(2023, 6, 1),
        "valid_until": dt.date(2026, 5, 31)}
    # Another (forged) number with a genuine token, a changed token, an empty one.
    assert not verify_certificate_token("NVVK-2023-0043", token)
    assert not verify_certificate_token("NVVK-2023-0042", token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert not verify_certificate_token("NVVK-2023-0042", "")
    assert not verify_certificate_token("NVVK-2023-0042", "not-a-token")


def test_r_z7_token_of_another_salt_is_rejected(certificate):
    """R-Z7: token of another salt is rejected."""
    from django.core import signing

    forged = signing.dumps(["NVVK-2023-0042", "2023-06-01", "2030-12-31"], salt="other")
    assert not verify_certificate_token("NVVK-2023-0042", forged)


def test_r_z7_verify_url_points_to_the_public_register(certificate, settings):
    """R-Z7: verify URL points to the public register."""
    settings.SITE_URL = "https://keurmerk.nvvk.example"
    url = certificate_verify_url(certificate)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "https://keurmerk.nvvk.example"
    assert parts.path == "/register/certificaat/NVVK-2023-0042/"
    assert verify_certificate_token("NVVK-2023-0042", parse_qs(parts.query)["t"][0])


def test_r_z7_qr_code_on_the_rendered_page_carries_a_valid_token(certificate, settings,
                                                                  tmp_path):
    """R-Z7: Render page 1 to an image (pdftoppm), decode the QR code (zbarimg), verify the token.
    Debian packages: poppler-utils, zbar-tools."""
    requires_service("pdftoppm and zbarimg",
                     bool(shutil.which("pdftoppm") and shutil.which("zbarimg")),
                     "apt-get install poppler-utils zbar-tools")
    settings.SITE_URL = "https://keurmerk.nvvk.example"
    pdf_path = tmp_path / "certificate.pdf"
    pdf_path.write_bytes(render_certificate_pdf(certificate))

    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf_path), str(tmp_path / "page")], check=True, timeout=60)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page.png")],
                             check=True, capture_output=True, text=True, timeout=60)

    url = decoded.stdout.strip()
    parts = urlsplit(url)
    assert url.startswith("https://keurmerk.nvvk.example/register/certificaat/")
    number = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    token = parse_qs(parts.query)["t"][0]
    assert number == "NVVK-2023-0042"
    assert verify_certificate_token(number, token)
    assert not verify_certificate_token(number, token.replace(token[5], "x" if token[5] != "x" else "y", 1))
    assert not verify_certificate_token("NVVK-2023-0099", token)


def test_r_z7_store_pdf_keeps_it_as_the_issued_document_with_its_sha256(certificate, bea):
    """R-Z7: store PDF keeps it as the issued document with its sha256."""
    document = certificate_store_pdf(certificate=certificate, actor=bea)

    certificate.refresh_from_db()
    assert certificate.pdf == document
    assert document.mime_type == "application/pdf"
    assert document.original_name == "NVVK-2023-0042.pdf"
    assert document.member == certificate.member
    with document.file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    latest = certificate.history.first()
    assert latest.history_user == bea
    assert change_reason_text(latest.history_change_reason) == "R-Z7: certificaat-PDF opgeslagen"


def test_r_z7_an_issued_pdf_is_never_regenerated(certificate, bea):
    """R-Z7: an issued PDF is never regenerated."""
    first = certificate_store_pdf(certificate=certificate, actor=bea)
    history_rows = certificate.history.count()

    again = certificate_store_pdf(certificate=certificate, actor=bea)

    assert again == first
    assert certificate.history.count() == history_rows
    from core.models import Document

    assert Document.objects.filter(mime_type="application/pdf").count() == 1


def test_r_z7_a_new_certificate_gets_its_own_pdf(certificate, member_x, body_a, bea):
    """R-Z7: a new certificate gets its own PDF."""
    first = certificate_store_pdf(certificate=certificate, actor=bea)
    renewal = CertificateFactory(
        number="NVVK-2026-0007", audit=AuditFactory(member=member_x, body=body_a,
                                                   state="decided"),
        previous=certificate, valid_from=dt.date(2026, 6, 1), valid_until=dt.date(2029, 5, 31),
        decided_on=dt.date(2026, 5, 20))

    second = certificate_store_pdf(certificate=renewal, actor=bea)

    assert second != first
    assert "NVVK-2026-0007" in _text(open(second.file.path, "rb").read())


def test_r_z7_the_scope_shows_each_items_own_appendix_1_number(certificate):
    """R-Z7 (issue #9, legal documents are exact): the scope lists each item with its own
    appendix-1 number, as appendix 1 and the register do, never renumbered 1..n."""
    certificate.scope.set(ScopeItem.objects.filter(number__in=[7, 12]))
    seven, twelve = ScopeItem.objects.get(number=7), ScopeItem.objects.get(number=12)

    text = " ".join(_text(render_certificate_pdf(certificate)).split())

    assert f"7. {seven.title}" in text
    assert f"12. {twelve.title}" in text
    assert f"1. {seven.title}" not in text.replace(f"11. {seven.title}", "")
    assert f"2. {twelve.title}" not in text.replace(f"12. {twelve.title}", "")


def test_r_z7_the_verification_url_is_printed_under_the_qr_code(certificate, settings):
    """R-Z7 (issue #9): whoever cannot scan the QR code can type the address of the
    verification page, printed under the code."""
    settings.SITE_URL = "https://keurmerk.nvvk.nl"
    text = "".join(_text(render_certificate_pdf(certificate)).split())

    assert "https://keurmerk.nvvk.nl/register/certificaat/NVVK-2023-0042/" in text
    assert certificate_verify_url(certificate).startswith(
        "https://keurmerk.nvvk.nl/register/certificaat/NVVK-2023-0042/?t=")
