"""Complaints about a certification body or a member (R-K1 … R-K4, model: seeds/004).

``Complaint.state``::

    received ──acknowledge──▶ acknowledged ──respond──▶ responded ──resolve──▶ resolved
    resolved ──object──▶ objected ──handle_objection──▶ closed
    resolved ──close──▶ closed

Deadlines (R-K2, working days per R-0.2): acknowledgement within 24 hours of receipt,
substantive response within 5 working days, resolution aimed within 34 working days.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.models import DomainModel


class Channel(models.TextChoices):
    LETTER = "letter", _("Brief")
    EMAIL = "email", _("E-mail")
    WEB_FORM = "web_form", _("Webformulier")
    PHONE = "phone", _("Telefoon")
    IN_PERSON = "in_person", _("Persoonlijk")


WRITTEN_CHANNELS = [Channel.LETTER, Channel.EMAIL, Channel.WEB_FORM]


class ComplaintSubject(models.TextChoices):
    BODY = "body", _("Certificerende instelling")
    MEMBER = "member", _("Lid")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    ACKNOWLEDGED = "acknowledged", _("Ontvangst bevestigd")
    RESPONDED = "responded", _("Inhoudelijk gereageerd")
    RESOLVED = "resolved", _("Afgehandeld")
    OBJECTED = "objected", _("Bezwaar ingediend")
    CLOSED = "closed", _("Gesloten")


OPEN_COMPLAINT_STATES = [ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED,
                         ComplaintState.RESPONDED, ComplaintState.OBJECTED]
#: R-K2: not yet resolved (the resolution deadline runs).
UNRESOLVED_STATES = [ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED,
                     ComplaintState.RESPONDED]


class Complaint(DomainModel):
    """A complaint. The complainant's personal data is never public (R-A2, R-K1)."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    state = FSMField(_("status"), default=ComplaintState.RECEIVED,
                     choices=ComplaintState.choices, protected=True)
    received_at = models.DateTimeField(_("ontvangen op"))
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    subject_kind = models.CharField(_("klacht over"), max_length=10,
                                    choices=ComplaintSubject.choices)
    body = models.ForeignKey("audits.CertificationBody", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="complaints")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="complaints")
    complainant_name = models.CharField(_("naam klager"), max_length=200)
    complainant_email = models.EmailField(_("e-mail klager"), blank=True)
    complainant_phone = models.CharField(_("telefoon klager"), max_length=40, blank=True)
    content = models.TextField(_("inhoud"))
    serious_and_public = models.BooleanField(_("ernstig en openbaar (R-T2)"), default=False)
    acknowledge_by = models.DateTimeField(_("ontvangst bevestigen uiterlijk"))
    respond_by = models.DateField(_("inhoudelijke reactie uiterlijk"))
    resolve_by = models.DateField(_("afhandeling beoogd uiterlijk"))
    acknowledged_at = models.DateTimeField(_("ontvangst bevestigd op"), null=True, blank=True)
    responded_on = models.DateField(_("inhoudelijk gereageerd op"), null=True, blank=True)
    response = models.TextField(_("reactie"), blank=True)
    resolved_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)
    delay_notified_on = models.DateField(_("klager geïnformeerd over vertraging op"),
                                         null=True, blank=True)
    # R-K2: the resolution date the complainant was told when it takes longer.
    expected_on = models.DateField(_("verwachte afhandeling (meegedeeld)"), null=True,
                                   blank=True)
    closed_on = models.DateField(_("gesloten op"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(subject_kind="body", body__isnull=False)
                           | models.Q(subject_kind="member", member__isnull=False)),
                name="complaint_has_its_subject"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_written(self) -> bool:
        return self.channel in WRITTEN_CHANNELS

    @transition(field=state, source=ComplaintState.RECEIVED, target=ComplaintState.ACKNOWLEDGED)
    def acknowledge(self, at):
        """R-K2: acknowledgement of receipt (within 24 hours for written complaints)."""
        self.acknowledged_at = at

    @transition(field=state, source=[ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED],
                target=ComplaintState.RESPONDED)
    def respond(self, on, text):
        """R-K2: substantive response (within 5 working days)."""
        self.responded_on = on
        self.response = text

    @transition(field=state, source=ComplaintState.RESPONDED, target=ComplaintState.RESOLVED)
    def resolve(self, on, outcome):
        """R-K2: resolution (aimed within 34 working days)."""
        self.resolved_on = on
        self.outcome = outcome

    @transition(field=state, source=ComplaintState.RESOLVED, target=ComplaintState.OBJECTED)
    def object_to_outcome(self):
        """R-K3: the complainant objects to the outcome."""

    @transition(field=state, source=[ComplaintState.RESOLVED, ComplaintState.OBJECTED],
                target=ComplaintState.CLOSED)
    def close(self, on):
        """R-K3: closed, after an objection was handled or when none came."""
        self.closed_on = on


class Objection(DomainModel):
    """R-K3: an objection against a complaint's outcome."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE,
                                  related_name="objections")
    filed_on = models.DateField(_("ingediend op"))
    content = models.TextField(_("inhoud"))
    handled_on = models.DateField(_("behandeld op"), null=True, blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")

    def __str__(self):
        return f"Bezwaar {self.complaint}"


class ComplaintReferenceCounter(models.Model):
    """The last complaint reference handed out per year of receipt (``K-2026-0007``; R-K1).
    A registration locks its year's row (``select_for_update``) until its transaction ends, so
    simultaneous complaints draw distinct references (issue #13; like certificate numbers).
    Technical bookkeeping, not a domain fact: no history."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    last_number = models.PositiveIntegerField(_("laatst uitgegeven volgnummer"), default=0)

    class Meta:
        verbose_name = _("nummerreeks klachtkenmerken")
        verbose_name_plural = _("nummerreeksen klachtkenmerken")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.last_number}"
