"""The documents of an issued certificate (R-Z7): its PDF, stored once, and the e-mail that
carries it.

:func:`certificates.services.certificate_decide` hands a new certificate, after its commit, to
the Celery task ``certificates.tasks.issue_certificate_documents`` (the directeur's decision
does not wait for WeasyPrint), which runs :func:`certificate_issue_documents`. The hourly task
``issue_missing_certificate_documents`` hands the certificates of
:func:`certificate_documents_due` to it again."""

import datetime as dt

from django.utils import timezone

from notifications.models import Notification

from . import emails
from .models import Certificate
from .pdf import certificate_store_pdf

#: A certificate's documents are issued within minutes; one without after this long lost its
#: task (a broker that was down at the commit) and is handed to the task again.
DOCUMENTS_GRACE = dt.timedelta(minutes=10)
DOCUMENTS_LOOKBACK = dt.timedelta(days=7)


def certificate_issue_documents(*, certificate_id: int) -> int:
    """R-Z7: the certificate's PDF, stored once (``certificate_store_pdf``), attached to the
    ``certificate-issued`` e-mail to the member's contacts (queued once per contact).
    Idempotent; returns the number of messages queued now."""
    certificate = Certificate.objects.select_related("member", "body").get(pk=certificate_id)
    document = certificate_store_pdf(certificate=certificate)
    return emails.certificate_issued(certificate, document=document)


def certificate_documents_due(*, now: dt.datetime | None = None) -> list[int]:
    """Certificates issued in the last week whose PDF or e-mail is missing (R-Z7: "none is
    lost"); older ones (e.g. imported history) are left alone."""
    now = now or timezone.now()
    recent = Certificate.objects.filter(created_at__gte=now - DOCUMENTS_LOOKBACK,
                                        created_at__lt=now - DOCUMENTS_GRACE)
    due = []
    for pk, pdf_id in recent.values_list("pk", "pdf_id"):
        if pdf_id is None or not Notification.objects.filter(
                key__startswith=f"event:certificate-issued:{pk}:").exists():
            due.append(pk)
    return due
