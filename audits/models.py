"""Certification bodies, auditors, audits and the quality framework (R-C1 … R-C4, R-U1 … R-U6,
R-T1, R-T2).

``Audit.state`` follows the steps of R-U2 and refuses to skip one::

    body_chosen → quote_agreed → preparation → [development_levels] → fieldwork
      → oral_feedback → concept_report → reviewed (second auditor, R-C4) → presented
      → definitive → follow_up → advised (R-F7) → decided (R-Z1)
    (any state before ``decided``) → cancelled

``development_levels`` is only entered when the audit has development levels on (R-U4).
"""

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


# --- Audits (R-U1 … R-U6, R-T1, R-T2) --------------------------------------------------------


class AuditKind(models.TextChoices):
    ADMISSION = "admission", _("Toelatingsaudit")
    RECERTIFICATION = "recertification", _("Hercertificeringsaudit")
    INTERIM = "interim", _("Tussentijdse audit")
    ADDITIONAL = "additional", _("Aanvullend onderzoek")
    RE_AUDIT = "re_audit", _("Heraudit tijdens schorsing")
    COMBINED_SWN = "combined_swn", _("Gecombineerde NVVK/SWN-audit")


CERTIFYING_KINDS = [AuditKind.ADMISSION, AuditKind.RECERTIFICATION, AuditKind.RE_AUDIT,
                    AuditKind.COMBINED_SWN]


class AuditState(models.TextChoices):
    BODY_CHOSEN = "body_chosen", _("CI gekozen")
    QUOTE_AGREED = "quote_agreed", _("Offerte en scope akkoord")
    PREPARATION = "preparation", _("Voorbereiding")
    DEVELOPMENT_LEVELS = "development_levels", _("Ontwikkelniveaus")
    FIELDWORK = "fieldwork", _("Audit op locatie")
    ORAL_FEEDBACK = "oral_feedback", _("Mondelinge terugkoppeling")
    CONCEPT_REPORT = "concept_report", _("Conceptrapport")
    REVIEWED = "reviewed", _("Intern getoetst")
    PRESENTED = "presented", _("Voorgelegd aan organisatie")
    DEFINITIVE = "definitive", _("Definitief rapport")
    FOLLOW_UP = "follow_up", _("Nawerk")
    ADVISED = "advised", _("Advies aan NVVK")
    DECIDED = "decided", _("Besluit genomen")
    CANCELLED = "cancelled", _("Geannuleerd")


class InterimTrigger(models.TextChoices):
    COMPLAINT = "complaint", _("Ernstige en openbare klachten")
    ORGANISATIONAL_CHANGE = "organisational_change", _("Organisatiewijziging")
    SCOPE_EXTENSION = "scope_extension", _("Uitbreiding dienstverlening")


def levels_enabled(audit) -> bool:
    """R-U4: the development-levels step exists only when levels are part of this audit."""
    return audit.development_levels


def levels_disabled(audit) -> bool:
    """R-U4: without development levels, preparation goes straight to fieldwork."""
    return not audit.development_levels


def has_team(audit) -> bool:
    """R-C4/R-U6: a lead auditor is assigned before the fieldwork."""
    return audit.lead_auditor_id is not None


def has_concept_report(audit) -> bool:
    """R-U2: a concept report is uploaded."""
    return audit.reports.filter(version=ReportVersion.CONCEPT).exists()


def reviewed_by_second_auditor(audit) -> bool:
    """R-C4: reviewed by an auditor other than the lead."""
    return bool(audit.reviewer_id and audit.reviewer_id != audit.lead_auditor_id
                and audit.reviewed_on)


def has_definitive_report(audit) -> bool:
    """R-U2: a definitive report is uploaded."""
    return audit.reports.filter(version=ReportVersion.DEFINITIVE).exists()


def has_advice(audit) -> bool:
    """R-F7: the body's advice is recorded."""
    return hasattr(audit, "advice")


class Audit(DomainModel):
    """An audit of one member by one body. See the module docstring for its steps."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                               related_name="audits")
    kind = models.CharField(_("soort"), max_length=20, choices=AuditKind.choices)
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT,
                             related_name="audits", verbose_name=_("certificerende instelling"))
    state = FSMField(_("stap"), default=AuditState.BODY_CHOSEN, choices=AuditState.choices,
                     protected=True)
    # R-U6 size, R-U4 levels
    planned_days = models.DecimalField(_("geplande auditdagen"), max_digits=4, decimal_places=1,
                                       null=True, blank=True)
    planned_auditors = models.PositiveSmallIntegerField(_("aantal auditors"), default=2)
    development_levels = models.BooleanField(_("met ontwikkelniveaus"), default=False)
    scope = models.ManyToManyField("members.ScopeItem", blank=True, related_name="audits")
    quote_agreed_on = models.DateField(_("offerte akkoord op"), null=True, blank=True)
    fieldwork_starts_on = models.DateField(_("audit op locatie van"), null=True, blank=True)
    fieldwork_ends_on = models.DateField(_("audit op locatie tot en met"), null=True,
                                         blank=True)
    oral_feedback_on = models.DateField(_("mondelinge terugkoppeling op"), null=True,
                                        blank=True)
    presented_on = models.DateField(_("voorgelegd op"), null=True, blank=True)
    definitive_on = models.DateField(_("definitief op"), null=True, blank=True)
    # R-C4 team
    lead_auditor = models.ForeignKey(Auditor, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="led_audits")
    second_auditor = models.ForeignKey(Auditor, on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="seconded_audits")
    reviewer = models.ForeignKey(Auditor, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="reviewed_audits")
    reviewed_on = models.DateField(_("intern getoetst op"), null=True, blank=True)
    review_notes = models.TextField(_("opmerkingen interne toets"), blank=True)
    # R-T1/R-T2 interim audits
    trigger = models.CharField(_("aanleiding"), max_length=30, choices=InterimTrigger.choices,
                               blank=True)
    trigger_source = models.TextField(_("bron van de aanleiding"), blank=True)
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="interim_audits")
    costs_for_member = models.BooleanField(_("kosten voor het lid"), default=False)
    # R-U5 reduction of work agreed for overlap with other marks
    overlap_reduction = models.TextField(_("afgesproken reductie werkzaamheden"), blank=True)

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["-fieldwork_starts_on", "-id"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        when = self.fieldwork_starts_on.year if self.fieldwork_starts_on else "…"
        return f"{self.get_kind_display()} {self.member} ({when})"

    @property
    def audit_date(self):
        """The date the independence rules (R-C3) and the contiguity limit (R-Z3) use."""
        return self.fieldwork_starts_on

    @transition(field=state, source=AuditState.BODY_CHOSEN, target=AuditState.QUOTE_AGREED)
    def agree_quote(self, on):
        """R-U2: quote and scope agreed."""
        self.quote_agreed_on = on

    @transition(field=state, source=AuditState.QUOTE_AGREED, target=AuditState.PREPARATION)
    def start_preparation(self):
        """R-U2: preparation (zelfscan optional; documents of appendix 3 requested)."""

    @transition(field=state, source=AuditState.PREPARATION,
                target=AuditState.DEVELOPMENT_LEVELS, conditions=[levels_enabled])
    def start_development_levels(self):
        """R-U4: the optional development-levels step."""

    @transition(field=state, source=AuditState.PREPARATION, target=AuditState.FIELDWORK,
                conditions=[levels_disabled, has_team])
    def start_fieldwork(self):
        """R-U2: fieldwork on site, without development levels."""

    @transition(field=state, source=AuditState.DEVELOPMENT_LEVELS, target=AuditState.FIELDWORK,
                conditions=[has_team])
    def start_fieldwork_after_levels(self):
        """R-U2: fieldwork on site, after the development-levels step."""

    @transition(field=state, source=AuditState.FIELDWORK, target=AuditState.ORAL_FEEDBACK)
    def give_oral_feedback(self, on):
        """R-U2: oral feedback on the last day."""
        self.oral_feedback_on = on

    @transition(field=state, source=AuditState.ORAL_FEEDBACK, target=AuditState.CONCEPT_REPORT,
                conditions=[has_concept_report])
    def submit_concept(self):
        """R-U2: concept report."""

    @transition(field=state, source=AuditState.CONCEPT_REPORT, target=AuditState.REVIEWED,
                conditions=[reviewed_by_second_auditor])
    def complete_review(self):
        """R-C4: internal quality review by a second auditor, never the lead."""

    @transition(field=state, source=AuditState.REVIEWED, target=AuditState.PRESENTED)
    def present(self, on):
        """R-U2: presented to the organisation."""
        self.presented_on = on

    @transition(field=state, source=AuditState.PRESENTED, target=AuditState.DEFINITIVE,
                conditions=[has_definitive_report])
    def make_definitive(self, on):
        """R-U2: definitive report."""
        self.definitive_on = on

    @transition(field=state, source=AuditState.DEFINITIVE, target=AuditState.FOLLOW_UP)
    def start_follow_up(self):
        """R-U2/R-F3: follow-up of findings (plans of approach)."""

    @transition(field=state, source=AuditState.FOLLOW_UP, target=AuditState.ADVISED,
                conditions=[has_advice])
    def advise(self):
        """R-F7: the body's advice to NVVK."""

    @transition(field=state, source=AuditState.ADVISED, target=AuditState.DECIDED)
    def decide(self):
        """R-Z1: the directeur decided."""

    @transition(field=state, source=[s for s in AuditState.values
                                     if s not in (AuditState.DECIDED, AuditState.CANCELLED)],
                target=AuditState.CANCELLED)
    def cancel(self):
        """An audit that will not take place (e.g. the member resigned)."""


class AreaAssessment(DomainModel):
    """Per performance area: the member's self-assessment and the auditor's observation, side
    by side (R-U3). Levels never block certification."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="assessments")
    area = models.ForeignKey(PerformanceArea, on_delete=models.PROTECT, related_name="+")
    self_assessment = models.CharField(_("zelfscan"), max_length=1, choices=Level.choices,
                                       blank=True)
    self_assessment_notes = models.TextField(_("toelichting zelfscan"), blank=True)
    observation = models.CharField(_("waarneming auditor"), max_length=1,
                                   choices=Level.choices, blank=True)
    observation_notes = models.TextField(_("toelichting waarneming"), blank=True)

    class Meta:
        verbose_name = _("beoordeling prestatiegebied")
        verbose_name_plural = _("beoordelingen prestatiegebieden")
        ordering = ["area__number"]
        constraints = [models.UniqueConstraint(fields=["audit", "area"],
                                               name="one_assessment_per_audit_area")]

    def __str__(self):
        return f"{self.audit} – {self.area}"


class CoveredNorm(DomainModel):
    """A norm already tested by another recognised audit (R-U5): not tested again."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="covered_norms")
    norm = models.ForeignKey(Norm, on_delete=models.PROTECT, related_name="+")
    other_mark = models.CharField(_("ander keurmerk"), max_length=100)
    reference = models.CharField(_("referentie andere audit"), max_length=200)
    improvement_follow_up = models.TextField(_("opvolging verbeterpunten"), blank=True)

    class Meta:
        verbose_name = _("elders getoetste norm")
        verbose_name_plural = _("elders getoetste normen")
        constraints = [models.UniqueConstraint(fields=["audit", "norm"],
                                               name="norm_covered_once_per_audit")]

    def __str__(self):
        return f"{self.norm.code} via {self.other_mark}"


class ReportVersion(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    DEFINITIVE = "definitive", _("Definitief")


class AuditReport(DomainModel):
    """A report document of an audit, concept or definitive (R-U2). Several concepts may
    precede the one definitive report."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="reports")
    version = models.CharField(_("versie"), max_length=10, choices=ReportVersion.choices)
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["audit"], condition=models.Q(version="definitive"),
                                    name="one_definitive_report_per_audit"),
        ]

    def __str__(self):
        return f"{self.get_version_display()} {self.audit}"


class AuditEvaluation(DomainModel):
    """The member's evaluation of an audit (R-N3)."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="evaluation")
    score = models.PositiveSmallIntegerField(_("rapportcijfer"))
    comments = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("evaluatie audit")
        verbose_name_plural = _("evaluaties audits")
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=10),
                                              name="audit_evaluation_score_1_10")]

    def __str__(self):
        return f"{self.audit}: {self.score}"


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
