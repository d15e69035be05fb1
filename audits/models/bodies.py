"""Certification bodies, their contracts and evaluations, auditors and their prior involvement
(R-C1 … R-C4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DomainModel

# --- Certification bodies and auditors (R-C1, R-C3) -------------------------------------------


class CertificationBody(DomainModel):
    """A Certificerende Instelling. Audits go only to a recognised body under contract (R-C1)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    recognised = models.BooleanField(_("erkend door NVVK"), default=False)
    accredited = models.BooleanField(_("geaccrediteerd door de RvA"), default=False)
    accreditation_reference = models.CharField(_("accreditatienummer"), max_length=100,
                                               blank=True)

    class Meta:
        verbose_name = _("certificerende instelling")
        verbose_name_plural = _("certificerende instellingen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def contract_on(self, day):
        return self.contracts.filter(starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day)).first()

    def may_audit_on(self, day) -> bool:
        """R-C1: recognised and contracted on ``day``."""
        return self.recognised and self.contract_on(day) is not None


class Contract(DomainModel):
    body = models.ForeignKey(CertificationBody, on_delete=models.CASCADE,
                             related_name="contracts")
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    signed_on = models.DateField(_("getekend op"), null=True, blank=True)
    notes = models.TextField(_("opmerkingen"), blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.body}: {self.starts_on} – {self.ends_on or '…'}"


class BodyEvaluation(DomainModel):
    """The yearly evaluation with each body (R-C1, R-K4)."""

    body = models.ForeignKey(CertificationBody, on_delete=models.CASCADE,
                             related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("jaar"))
    held_on = models.DateField(_("gehouden op"))
    summary = models.TextField(_("verslag"))
    agreements = models.TextField(_("afspraken"), blank=True)

    class Meta:
        verbose_name = _("jaarlijkse evaluatie")
        verbose_name_plural = _("jaarlijkse evaluaties")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["body", "year"],
                                               name="one_evaluation_per_body_year")]

    def __str__(self):
        return f"{self.body} {self.year}"


class Auditor(DomainModel):
    """An auditor employed by one body. Needs a signed confidentiality declaration before any
    assignment (R-C3). Sees only audits of its own body (R-A1)."""

    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT,
                             related_name="auditors")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="auditor")
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"))
    confidentiality_signed_on = models.DateField(_("geheimhoudingsverklaring getekend op"),
                                                 null=True, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.body})"


class InvolvementKind(models.TextChoices):
    ADVISORY = "advisory", _("(Advies)werkzaamheden")
    INTEREST = "interest", _("Belang")


class PriorInvolvement(DomainModel):
    """An auditor's declared work for, or interest in, a member (R-C3). Open-ended when
    ``ended_on`` is empty."""

    auditor = models.ForeignKey(Auditor, on_delete=models.CASCADE, related_name="involvements")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE,
                               related_name="auditor_involvements")
    kind = models.CharField(_("soort"), max_length=10, choices=InvolvementKind.choices)
    description = models.TextField(_("omschrijving"))
    started_on = models.DateField(_("van"))
    ended_on = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("eerdere betrokkenheid")
        verbose_name_plural = _("eerdere betrokkenheid")
        ordering = ["-started_on"]

    def __str__(self):
        return f"{self.auditor.name} – {self.member}: {self.get_kind_display()}"
