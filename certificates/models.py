"""Certificates, postponements and withdrawals (R-Z1 … R-Z7).

``Certificate.state``::

    valid ──expire──▶ expired        (the day after valid_until, by the sweep)
    valid/superseded ──withdraw──▶ withdrawn    (directeur, R-Z5; not after valid_until)
    valid/expired ──supersede──▶ superseded   (a renewal took over, R-Z3)

``Postponement.state``: requested ──grant──▶ granted | ──refuse──▶ refused (R-Z4).

Every state change goes through ``certificates.services``; the dates come from the pure
functions of ``certificates.deadlines``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.models import DomainModel


class CertificateState(models.TextChoices):
    VALID = "valid", _("Geldig")
    EXPIRED = "expired", _("Verlopen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")
    SUPERSEDED = "superseded", _("Vervangen")


class WithdrawalReason(models.TextChoices):
    BANKRUPTCY = "bankruptcy", _("(Dreigend) faillissement")
    MERGER = "merger", _("Fusie")
    ORGANISATIONAL_CHANGE = "organisational_change", _("Ingrijpende organisatiewijziging")
    SERIOUS_COMPLAINTS = "serious_complaints", _("Ernstige klachten")
    MEMBERSHIP_ENDED = "membership_ended", _("Beëindiging of schorsing lidmaatschap")
    OTHER = "other", _("Anders")


class Certificate(DomainModel):
    """An NVVK certificate, issued on a positive decision of the directeur (R-Z1).
    Valid ``valid_from`` … ``valid_until`` inclusive: three years minus one day, or four
    for a combined SWN audit (R-Z2)."""

    number = models.CharField(_("certificaatnummer"), max_length=30, unique=True)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                               related_name="certificates")
    audit = models.OneToOneField("audits.Audit", on_delete=models.PROTECT,
                                 related_name="certificate")
    body = models.ForeignKey("audits.CertificationBody", on_delete=models.PROTECT,
                             related_name="certificates")
    previous = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="renewal")
    state = FSMField(_("status"), default=CertificateState.VALID,
                     choices=CertificateState.choices, protected=True)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))
    decided_on = models.DateField(_("besluit op"))
    scope = models.ManyToManyField("members.ScopeItem", blank=True, related_name="+")
    four_years_swn = models.BooleanField(_("vier jaar (gecombineerde SWN-audit)"),
                                         default=False)
    swn_report_due_on = models.DateField(_("SWN-rapport uiterlijk"), null=True, blank=True)
    swn_report_received_on = models.DateField(_("SWN-rapport ontvangen op"), null=True,
                                              blank=True)
    swn_report = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("SWN-auditrapport"))
    conditions = models.TextField(_("voorwaarden"), blank=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reden intrekking"), max_length=30, blank=True,
                                         choices=WithdrawalReason.choices)
    pdf = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True, blank=True,
                            related_name="+")

    class Meta:
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")),
                                   name="certificate_validity_positive"),
        ]
        indexes = [models.Index(fields=["state", "valid_until"])]

    def __str__(self):
        return self.number

    def is_valid_on(self, day) -> bool:
        return (self.state in (CertificateState.VALID, CertificateState.SUPERSEDED)
                and self.valid_from <= day <= self.valid_until
                and not (self.withdrawn_on and self.withdrawn_on <= day))

    @transition(field=state, source=CertificateState.VALID, target=CertificateState.EXPIRED)
    def expire(self):
        """R-M3: past ``valid_until`` the certificate has expired."""

    def withdrawable_on(self, day) -> bool:
        """R-Z5: valid on ``day`` or later: the certificate valid today (also when a renewal
        already took over from tomorrow, superseded) or a decided renewal that starts later."""
        return (self.state in (CertificateState.VALID, CertificateState.SUPERSEDED)
                and self.valid_until >= day)

    @transition(field=state, source=[CertificateState.VALID, CertificateState.SUPERSEDED],
                target=CertificateState.WITHDRAWN)
    def withdraw(self, on, reason):
        """R-Z5: the directeur withdraws the certificate (with the renewal that follows it,
        ``certificates.services.certificate_withdraw``)."""
        self.withdrawn_on = on
        self.withdrawal_reason = reason

    @transition(field=state, source=[CertificateState.VALID, CertificateState.EXPIRED],
                target=CertificateState.SUPERSEDED)
    def supersede(self):
        """R-Z3: a renewal continues where this one ends. A superseded certificate stays
        valid until its own end date; the renewal starts the day after."""


class PostponementState(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    GRANTED = "granted", _("Toegekend")
    REFUSED = "refused", _("Afgewezen")


class Postponement(DomainModel):
    """Uitstel of the audit (R-Z4). Never extends the certificate: the renewal still starts
    at the old end date; the audit may take place up to ``audit_deadline``."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT,
                                    related_name="postponements")
    state = FSMField(_("status"), default=PostponementState.REQUESTED,
                     choices=PostponementState.choices, protected=True)
    requested_on = models.DateField(_("aangevraagd op"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    months = models.PositiveSmallIntegerField(_("aantal maanden"))
    reason = models.TextField(_("reden"))
    body_advice = models.TextField(_("advies CI"), blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    audit_deadline = models.DateField(_("audit uiterlijk op"), null=True, blank=True)
    board_informed_on = models.DateField(_("bestuur geïnformeerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitstel")
        verbose_name_plural = _("uitstel")
        ordering = ["-requested_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(months__gte=1, months__lte=6),
                                   name="postponement_one_to_six_months"),
            # R-Z4: one open request per certificate at a time.
            models.UniqueConstraint(fields=["certificate"],
                                    condition=models.Q(state="requested"),
                                    name="one_open_postponement_per_certificate"),
        ]

    def __str__(self):
        return f"Uitstel {self.months} mnd – {self.certificate}"

    @transition(field=state, source=PostponementState.REQUESTED,
                target=PostponementState.GRANTED)
    def grant(self, on, audit_deadline):
        """R-Z4: granted by the bureau (≤ 3 months) or the directeur (≤ 6 months)."""
        self.decided_on = on
        self.audit_deadline = audit_deadline

    @transition(field=state, source=PostponementState.REQUESTED,
                target=PostponementState.REFUSED)
    def refuse(self, on):
        """R-Z4: refused."""
        self.decided_on = on


class CertificateNumberCounter(models.Model):
    """The last certificate number handed out per year (``NVVK-2026-0042``). The service
    locks the year's row (``select_for_update``) so two simultaneous decisions never draw the
    same number. Technical bookkeeping, not a domain fact: no history."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    last_number = models.PositiveIntegerField(_("laatst uitgegeven volgnummer"), default=0)

    class Meta:
        verbose_name = _("nummerreeks certificaten")
        verbose_name_plural = _("nummerreeksen certificaten")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.last_number}"
