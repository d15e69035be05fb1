"""The outbox: every e-mail Keurmerk sends, rendered once and kept (R-Z6 "never lost").

``Notification.status``::

    pending ──claim──▶ sending ──▶ sent
                          │
                          └──error──▶ failed ──claim (retry)──▶ sending ──▶ …

A worker *claims* a row with one conditional ``UPDATE … WHERE status IN (pending, failed)``
and sends only when that update changed exactly one row (``notifications.services``), so two
workers, a redelivered Celery message or a rerun never send the same message twice. A failed
message is retried automatically with exponential backoff (``next_attempt_at``) up to
``MAX_ATTEMPTS`` times; after that it stays failed, the bureau gets a flag and can retry it by
hand from the outbox page (``/bureau/uitgaande-email/``).
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DomainModel


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENDING = "sending", _("Wordt verzonden")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")


def new_message_id() -> str:
    """A random ``Message-ID`` under the site's domain (RFC 5322), drawn once when a message is
    queued and stored with it: the same on every retry of that message, never the same on two
    installations or after a database reset (issue #18)."""
    domain = urlsplit(settings.SITE_URL).hostname or "keurmerk.invalid"
    return f"<{uuid.uuid4().hex}.keurmerk@{domain}>"


class Notification(DomainModel):
    """One e-mail to one recipient, rendered in the recipient's language when queued.

    ``key`` makes queueing idempotent: ``reminder:certificate:12:7m`` is queued once however
    often the sweep runs. ``member`` puts the message on that member's timeline."""

    recipient_email = models.EmailField(_("aan"))
    recipient_name = models.CharField(_("naam ontvanger"), max_length=200, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, default=new_message_id,
                                  editable=False)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="notifications",
                                  verbose_name=_("ontvanger"))
    language = models.CharField(_("taal"), max_length=5, choices=settings.LANGUAGES,
                                default="nl")
    template = models.CharField(_("sjabloon"), max_length=100)
    context = models.JSONField(_("gegevens"), default=dict, blank=True,
                               encoder=DjangoJSONEncoder)
    subject = models.CharField(_("onderwerp"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.ManyToManyField("core.Document", blank=True, related_name="+",
                                         verbose_name=_("bijlagen"))
    member = models.ForeignKey("members.Member", on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="notifications",
                               verbose_name=_("lid"))
    key = models.CharField(_("sleutel"), max_length=200, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NotificationStatus.choices,
                              default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    claimed_at = models.DateTimeField(_("geclaimd op"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipient_email}"
