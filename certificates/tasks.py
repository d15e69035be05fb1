"""Thin Celery wrappers for certificate documents (R-Z7, :mod:`certificates.documents`).

``issue_certificate_documents`` runs after the directeur's decision has committed: it renders
and stores the PDF once and queues the ``certificate-issued`` e-mail with the PDF attached.
Both steps are idempotent (the stored PDF is never regenerated; the e-mail has a key), so a
redelivered task (``acks_late``) or a retry after a database error does only what is left.
``issue_missing_certificate_documents`` (beat, hourly) hands certificates whose task was lost
— a broker down at the commit — to it again."""

from celery import shared_task

from notifications.tasks import DB_RETRY

from . import documents


@shared_task(**DB_RETRY)
def issue_certificate_documents(certificate_id: int) -> int:
    return documents.certificate_issue_documents(certificate_id=certificate_id)


@shared_task(**DB_RETRY)
def issue_missing_certificate_documents() -> dict[str, int]:
    due = documents.certificate_documents_due()
    for certificate_id in due:
        issue_certificate_documents.delay(certificate_id)
    return {"scheduled": len(due)}
