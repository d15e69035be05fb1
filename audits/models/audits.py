"""Audits and their steps (R-U1 … R-U6, R-T1, R-T2).

``Audit.state`` follows the steps of R-U2 and refuses to skip one::

    body_chosen → quote_agreed → preparation → [development_levels] → fieldwork
      → oral_feedback → concept_report → reviewed (second auditor, R-C4) → presented
      (concept_report → oral_feedback: the second auditor sends the review back, R-C4)
      → definitive → follow_up → advised (R-F7) → decided (R-Z1)
    (any state before ``decided``) → cancelled

``development_levels`` is only entered when the audit has development levels on (R-U4).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import refusal
from core.models import DomainModel

from .bodies import Auditor, CertificationBody
from .framework import Level, Norm, PerformanceArea

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


@refusal("R-U4", _("Ontwikkelniveaus maken geen deel uit van deze audit."))
def levels_enabled(audit) -> bool:
    """R-U4: the development-levels step exists only when levels are part of this audit."""
    return audit.development_levels


@refusal("R-U2", _("Deze audit heeft ontwikkelniveaus (R-U4): die stap komt vóór de audit op "
                     "locatie."))
def levels_disabled(audit) -> bool:
    """R-U4: without development levels, preparation goes straight to fieldwork."""
    return not audit.development_levels


@refusal("R-C4", _("Wijs eerst een leidend auditor toe."))
def has_team(audit) -> bool:
    """R-C4/R-U6: a lead auditor is assigned before the fieldwork."""
    return audit.lead_auditor_id is not None


@refusal("R-U2", _("Upload eerst het conceptrapport."))
def has_concept_report(audit) -> bool:
    """R-U2: a concept report is uploaded."""
    return audit.reports.filter(version=ReportVersion.CONCEPT).exists()


@refusal("R-C4", _("De interne toets is nog niet vastgelegd door een tweede auditor (niet de "
                     "leidend auditor)."))
def reviewed_by_second_auditor(audit) -> bool:
    """R-C4: reviewed by an auditor other than the lead."""
    return bool(audit.reviewer_id and audit.reviewer_id != audit.lead_auditor_id
                and audit.reviewed_on)


@refusal("R-C4", _("Alleen een tweede auditor (niet de leidend auditor) stuurt het "
                     "conceptrapport terug, met een reden."))
def sent_back_by_second_auditor(audit) -> bool:
    """R-C4: the review is sent back by an auditor other than the lead, with a reason."""
    return bool(audit.sent_back_by_id and audit.sent_back_by_id != audit.lead_auditor_id
                and (audit.rework_reason or "").strip())


@refusal("R-U2", _("Upload eerst het definitieve rapport."))
def has_definitive_report(audit) -> bool:
    """R-U2: a definitive report is uploaded."""
    return audit.reports.filter(version=ReportVersion.DEFINITIVE).exists()


@refusal("R-F7", _("Het advies van de CI is nog niet vastgelegd."))
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
    # R-C4 the review sent back for rework (the latest time; earlier ones are in the history)
    sent_back_by = models.ForeignKey(Auditor, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    sent_back_on = models.DateField(_("teruggestuurd op"), null=True, blank=True)
    rework_reason = models.TextField(_("reden voor herziening"), blank=True)
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

    @transition(field=state, source=AuditState.CONCEPT_REPORT, target=AuditState.ORAL_FEEDBACK,
                conditions=[sent_back_by_second_auditor])
    def send_back(self, on):
        """R-C4: the second auditor sends the concept report back to the lead for rework; a
        new concept is uploaded and submitted again."""
        self.sent_back_on = on
        self.reviewer = None
        self.reviewed_on = None

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
    # R-U2 a wrong upload replaced before it counts (earlier files are in the history)
    replaced_on = models.DateField(_("vervangen op"), null=True, blank=True)
    replacement_reason = models.TextField(_("reden van vervanging"), blank=True)

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
