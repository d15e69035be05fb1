"""The certificate as a PDF document (R-Z7), with a QR code to the public verification page.

The QR code carries a signed token (``django.core.signing``, salt ``keurmerk.certificate``) of
the certificate number and its validity, so a forged or altered number cannot show as valid on
the verification page: :func:`verify_certificate_token` rejects it. The PDF is rendered once
per certificate and stored as the issued document with its SHA-256
(:func:`certificate_store_pdf`); an issued PDF is never silently regenerated.

Fonts ship with the project (``static/fonts``, DejaVu Sans) so the document looks the same on
every host; one :class:`FontConfiguration` is shared by every render of the process (WeasyPrint
otherwise builds a new fontconfig set, with its memory, per document).
"""

import datetime as dt
from pathlib import Path
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from core.documents import document_store
from core.history import save_with_history
from core.messages import stored
from core.models import Decision, DecisionKind, Document

from .models import Certificate

TOKEN_SALT = "keurmerk.certificate"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
TEMPLATE = "certificates/pdf/certificate.html"
# The public verification page (R-Z7); the register's URL pattern must match this path.
VERIFY_PATH = "/register/certificaat/{number}/"

_font_config = FontConfiguration()


# --- the signed token ---------------------------------------------------------------------

def certificate_token(certificate) -> str:
    """A signed token of the number and validity, for the verification URL (R-Z7)."""
    payload = [certificate.number, certificate.valid_from.isoformat(),
               certificate.valid_until.isoformat()]
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def read_certificate_token(number: str, token: str) -> dict | None:
    """The validity the token vouches for, or ``None`` when the token is forged, altered or
    belongs to another number. The verification page compares it with the stored
    certificate (a withdrawal after issue shows from the database, not from the token)."""
    try:
        signed_number, valid_from, valid_until = signing.loads(token or "", salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if signed_number != number:
        return None
    try:
        return {"number": signed_number, "valid_from": dt.date.fromisoformat(valid_from),
                "valid_until": dt.date.fromisoformat(valid_until)}
    except (TypeError, ValueError):
        return None


def verify_certificate_token(number: str, token: str) -> bool:
    """``True`` when ``token`` was signed by Keurmerk for certificate ``number`` (R-Z7)."""
    return read_certificate_token(number, token) is not None


def certificate_verify_page_url(certificate) -> str:
    """The verification page by number, ``SITE_URL/register/certificaat/<nr>/``: printed
    under the QR code, short enough to type (R-Z7)."""
    path = VERIFY_PATH.format(number=quote(certificate.number, safe=""))
    return f"{settings.SITE_URL}{path}"


def certificate_verify_url(certificate) -> str:
    """The absolute URL the QR code links to: ``SITE_URL/register/certificaat/<nr>/?t=…``."""
    return (f"{certificate_verify_page_url(certificate)}?"
            f"{urlencode({'t': certificate_token(certificate)})}")


# --- rendering ----------------------------------------------------------------------------

def _director(certificate):
    """The director who decided the certification (R-0.3 record on the audit), if recorded."""
    subjects = [(Certificate, certificate.pk)]
    if certificate.audit_id:
        from audits.models import Audit

        subjects.insert(0, (Audit, certificate.audit_id))
    for model, pk in subjects:
        decision = (Decision.objects.filter(
            kind=DecisionKind.CERTIFICATION, subject_type=ContentType.objects.get_for_model(model),
            subject_id=pk).select_related("decided_by").order_by("-decided_at", "-id").first())
        if decision:
            return decision.decided_by
    return None


def certificate_pdf_context(certificate) -> dict:
    member = certificate.member
    core_data = member.core_data.filter(audit__isnull=True).first()
    url = certificate_verify_url(certificate)
    qr = segno.make(url, error="m")
    return {
        "certificate": certificate,
        "member": member,
        "member_name": member.name,
        "address": core_data.address if core_data else "",
        "city": member.city,
        "scope": list(certificate.scope.order_by("number")),
        "body": certificate.body,
        "director": _director(certificate),
        "verify_url": url,
        "verify_page_url": certificate_verify_page_url(certificate),
        # Without a fixed size the SVG scales to the box the stylesheet gives it.
        "qr_svg": qr.svg_inline(scale=1, border=4, omitsize=True, title=url),
        "font_regular": (FONT_DIR / "DejaVuSans.ttf").as_uri(),
        "font_bold": (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri(),
    }


def render_certificate_pdf(certificate, *, language: str | None = None) -> bytes:
    """The certificate as an A4 PDF (R-Z7): member name and address, scope, number, validity,
    certification body, date of decision, the director's signature line and the QR code."""
    context = certificate_pdf_context(certificate)
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATE, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        font_config=_font_config)


def certificate_store_pdf(*, certificate, actor=None) -> Document:
    """Render the PDF once and store it as the certificate's issued document with its SHA-256
    (R-Z7). When ``certificate.pdf`` is set already it is returned as it is: an issued
    document is never silently regenerated (a new certificate gets its own PDF).

    The certificate row is locked while rendering, so two workers store one PDF."""
    with transaction.atomic():
        # Only the certificate row: locking its member here would break the services' lock
        # order (audit → member → certificate).
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.pdf_id:
            return certificate.pdf
        content = render_certificate_pdf(certificate)
        document = document_store(
            content=content, name=f"{certificate.number}.pdf", mime_type="application/pdf",
            actor=actor, member=certificate.member,
            title=_("Certificaat %(number)s") % {"number": certificate.number},
        )
        certificate.pdf = document
        save_with_history(certificate, actor=actor,
                          reason=stored("R-Z7: certificaat-PDF opgeslagen"))
    return document
