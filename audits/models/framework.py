"""The quality framework (R-U3), appendices 3 and 4 (R-U2) and proposals to change the norms
(R-N4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.models import DomainModel

# --- Reference data: the quality framework (R-U3) and appendices 3 and 4 (R-U2) -------------


class PerformanceArea(DomainModel):
    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=200)

    class Meta:
        verbose_name = _("prestatiegebied")
        verbose_name_plural = _("prestatiegebieden")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Norm(DomainModel):
    area = models.ForeignKey(PerformanceArea, on_delete=models.PROTECT, related_name="norms")
    code = models.CharField(_("nummer"), max_length=5, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde binnen gebied"))
    title = models.CharField(_("titel"), max_length=255)

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["area__number", "position"]

    def __str__(self):
        return f"{self.code} {self.title}"


class DevelopmentLevel(DomainModel):
    code = models.CharField(_("code"), max_length=1, unique=True)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("ontwikkelniveau")
        verbose_name_plural = _("ontwikkelniveaus")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}. {self.name}"


class LevelDescription(DomainModel):
    area = models.ForeignKey(PerformanceArea, on_delete=models.PROTECT,
                             related_name="level_descriptions")
    level = models.ForeignKey(DevelopmentLevel, on_delete=models.PROTECT,
                              related_name="descriptions")
    text = models.TextField(_("omschrijving"))

    class Meta:
        verbose_name = _("omschrijving ontwikkelniveau")
        verbose_name_plural = _("omschrijvingen ontwikkelniveaus")
        ordering = ["area__number", "level__code"]
        constraints = [models.UniqueConstraint(fields=["area", "level"],
                                               name="one_description_per_area_level")]

    def __str__(self):
        return f"{self.area.number}{self.level.code}"


class DocumentRequirement(DomainModel):
    """Appendix 3: documents the member may be asked to deliver."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    group = models.CharField(_("groep"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=255)

    class Meta:
        verbose_name = _("aan te leveren document")
        verbose_name_plural = _("documentenlijst")
        ordering = ["number"]

    def __str__(self):
        return self.title


class IntervieweeFunction(DomainModel):
    """Appendix 4: people involved in the audit."""

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("titel"), max_length=255)

    class Meta:
        verbose_name = _("gesprekspartner")
        verbose_name_plural = _("gesprekspartners")
        ordering = ["number"]

    def __str__(self):
        return self.title


class Level(models.TextChoices):
    """Development level A–D (R-U3): every level is good; levels never block certification."""

    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"


# --- R-N4 proposals to change the norms -------------------------------------------------------


class NormProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Ingediend")
    UNDER_REVIEW = "under_review", _("In behandeling")
    ACCEPTED = "accepted", _("Aangenomen")
    REJECTED = "rejected", _("Afgewezen")


class NormChangeProposal(DomainModel):
    """A proposal to change the norms of the Kwaliteitskader (R-N4): collected and tracked.
    ``norm`` is empty for a proposal about a new norm or the framework as a whole.

    ``state``::

        proposed ──start_review──▶ under_review ──accept──▶ accepted
                                               └──reject──▶ rejected
    """

    norm = models.ForeignKey(Norm, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="change_proposals", verbose_name=_("norm"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("ingediend door"))
    proposed_on = models.DateField(_("ingediend op"))
    text = models.TextField(_("voorgestelde wijziging"))
    rationale = models.TextField(_("onderbouwing"))
    state = FSMField(_("status"), default=NormProposalState.PROPOSED,
                     choices=NormProposalState.choices, protected=True)
    review_started_on = models.DateField(_("in behandeling sinds"), null=True, blank=True)
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("besloten door"))
    decision_notes = models.TextField(_("toelichting besluit"), blank=True)

    class Meta:
        verbose_name = _("voorstel normwijziging")
        verbose_name_plural = _("voorstellen normwijziging")
        ordering = ["-proposed_on", "-id"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        about = self.norm.code if self.norm_id else _("kader")
        return f"Voorstel {self.pk or '…'} ({about})"

    @transition(field=state, source=NormProposalState.PROPOSED,
                target=NormProposalState.UNDER_REVIEW)
    def start_review(self, on):
        """R-N4: the bureau takes the proposal into review."""
        self.review_started_on = on

    @transition(field=state, source=NormProposalState.UNDER_REVIEW,
                target=NormProposalState.ACCEPTED)
    def accept(self, on):
        """R-N4: the proposal is accepted (to be taken into the next version of the norms)."""
        self.decided_on = on

    @transition(field=state, source=NormProposalState.UNDER_REVIEW,
                target=NormProposalState.REJECTED)
    def reject(self, on):
        """R-N4: the proposal is rejected, with the reasons in ``decision_notes``."""
        self.decided_on = on
