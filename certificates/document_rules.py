"""Who may open a certificate's PDF (issue #8, SPEC §1, R-A1, R-Z7), registered with the one
document policy (:func:`core.documents.documents_for`) from ``CertificatesConfig.ready()``:
the member's contacts, and the active auditors of the body whose audit it rests on. The
public verification page shows the certificate's public fields, never the file."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from audits.selectors import auditor_for_user
from core.documents import any_of, document_kind
from core.models import Role

from .models import Certificate


def _pdf_ids():
    return Certificate.objects.filter(pdf__isnull=False).values("pdf_id")


@document_kind("certificates.certificate", rule_id="R-Z7", label=_("Certificaat"),
               documents=_pdf_ids)
def certificate_readable(user):
    """R-Z7/R-A1: the member's contacts; the active auditors of the certificate's body."""
    member = body = None
    if user.has_role(Role.MEMBER_CONTACT):
        member = Q(Exists(Certificate.objects.filter(pdf=OuterRef("pk"),
                                                     member__contacts__user=user)))
    auditor = auditor_for_user(user)
    if auditor is not None:
        body = Q(Exists(Certificate.objects.filter(pdf=OuterRef("pk"),
                                                   body_id=auditor.body_id)))
    return any_of(member, body)
