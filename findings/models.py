"""Findings, plans of approach, additional investigations, the R-F6 limits and the advice
(R-F1 … R-F8).

``Finding.kind`` (R-F1) only ever escalates, keeping the finding's identity (R-F8)::

    observation (kanttekening) ──▶ nonconformity (afwijking) ──▶ major (tekortkoming)

``Finding.status``: open ──resolve──▶ resolved; open ──withdraw──▶ withdrawn (the auditor
withdraws a finding before the report is definitive, R-U2). Before that the auditor may also
correct a finding (its kind too, ``correct_kind``); each correction or withdrawal is a
:class:`FindingCorrection` row with its reason. Every kind change by escalation is a
:class:`FindingKindChange` row, which the report reads ("afwijking (was kanttekening at audit
2023)").

``PlanOfApproach.state``: submitted ──approve──▶ approved | ──reject──▶ rejected (R-F3).
``AdditionalInvestigation.state``: ordered ──complete──▶ completed (R-F4, R-F5).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from audits.models import AuditState
from core.fsm import refusal
from core.messages import render_stored
from core.models import DomainModel


class FindingKind(models.TextChoices):
    OBSERVATION = "observation", _("Kanttekening")
    NONCONFORMITY = "nonconformity", _("Afwijking")
    MAJOR = "major", _("Tekortkoming")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Opgelost")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


#: R-U2: the steps of the finding's own audit before its report is definitive: the auditor may
#: still correct or withdraw the finding (after that the report is what counts).
CORRECTABLE_AUDIT_STATES = [AuditState.FIELDWORK, AuditState.ORAL_FEEDBACK,
                            AuditState.CONCEPT_REPORT, AuditState.REVIEWED, AuditState.PRESENTED]


@refusal("R-U2", lambda finding: gettext(
    "Het rapport van deze audit is al definitief (stap ‘%(state)s’); een bevinding wordt "
    "alleen vóór het definitieve rapport gecorrigeerd of ingetrokken.")
    % {"state": finding.audit.get_state_display()})
def report_not_definitive(finding) -> bool:
    """R-U2: a finding is corrected or withdrawn only while its audit's report is not yet
    definitive."""
    return finding.audit.state in CORRECTABLE_AUDIT_STATES


@refusal("R-F1", lambda finding: gettext(
    "Deze bevinding is %(status)s en wordt niet meer gecorrigeerd.")
    % {"status": str(finding.get_status_display()).lower()})
def finding_still_open(finding) -> bool:
    """R-F1: only an open finding is corrected or withdrawn."""
    return finding.status == FindingStatus.OPEN


@refusal("R-F8", lambda finding: gettext(
    "Een %(kind)s die %(status)s is kan niet worden opgeschaald.")
    % {"kind": str(finding.get_kind_display()).lower(),
       "status": str(finding.get_status_display()).lower()})
def finding_is_open(finding) -> bool:
    """R-F8: only an open finding changes kind; a resolved finding stays closed."""
    return finding.status == FindingStatus.OPEN


class Finding(DomainModel):
    """One finding on one norm (R-F1). ``audit`` is where it was recorded; later audits judge
    its follow-up (:class:`FindingJudgement`)."""

    audit = models.ForeignKey("audits.Audit", on_delete=models.PROTECT, related_name="findings")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT,
                               related_name="findings")
    norm = models.ForeignKey("audits.Norm", on_delete=models.PROTECT, related_name="findings")
    kind = FSMField(_("soort"), choices=FindingKind.choices, protected=True)
    status = FSMField(_("status"), default=FindingStatus.OPEN, choices=FindingStatus.choices,
                      protected=True)
    description = models.TextField(_("omschrijving"))
    recorded_on = models.DateField(_("vastgesteld op"))
    kind_since = models.DateField(_("soort sinds"))
    risk_to_clients = models.BooleanField(
        _("risico voor dienstverlening aan klanten en/of schuldeisers"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    resolved_on = models.DateField(_("opgelost op"), null=True, blank=True)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bevinding")
        verbose_name_plural = _("bevindingen")
        ordering = ["norm__area__number", "norm__position", "id"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.norm.code} ({self.member})"

    @property
    def is_open(self) -> bool:
        return self.status == FindingStatus.OPEN

    @transition(field=kind, source=FindingKind.OBSERVATION, target=FindingKind.NONCONFORMITY,
                conditions=[finding_is_open])
    def escalate_to_nonconformity(self, on):
        """R-F2: insufficient follow-up of a kanttekening makes it an afwijking."""
        self.kind_since = on

    @transition(field=kind, source=FindingKind.NONCONFORMITY, target=FindingKind.MAJOR,
                conditions=[finding_is_open])
    def escalate_to_major(self, on):
        """R-F3/R-F4: an afwijking without an approved plan in time, with insufficient
        progress, or insufficient follow-up at the next audit, becomes a tekortkoming."""
        self.kind_since = on

    @transition(field=status, source=FindingStatus.OPEN, target=FindingStatus.RESOLVED)
    def resolve(self, on):
        """R-F2/R-F3/R-F5: the finding is resolved and closed."""
        self.resolved_on = on

    @transition(field=status, source=FindingStatus.OPEN, target=FindingStatus.WITHDRAWN,
                conditions=[finding_still_open, report_not_definitive])
    def withdraw(self, on):
        """R-U2: the auditor withdraws the finding before the report is definitive; it no
        longer counts (limits, advice, escalation)."""
        self.withdrawn_on = on

    @transition(field=kind, source=[FindingKind.OBSERVATION, FindingKind.NONCONFORMITY,
                                    FindingKind.MAJOR],
                target=RETURN_VALUE(*FindingKind.values),
                conditions=[finding_still_open, report_not_definitive])
    def correct_kind(self, kind, on):
        """R-U2/R-F1: the auditor corrects a wrongly recorded kind before the report is
        definitive (a correction, not an escalation: R-F8 is about later audits)."""
        self.kind_since = on
        return kind


class CorrectionAction(models.TextChoices):
    CORRECTED = "corrected", _("Gecorrigeerd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class FindingCorrection(DomainModel):
    """A correction or withdrawal of a finding by the auditor before the report is definitive
    (R-U2): what changed, why, when and by whom."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="corrections")
    action = models.CharField(_("handeling"), max_length=10, choices=CorrectionAction.choices)
    changes = models.TextField(_("wijzigingen"), blank=True)
    reason = models.TextField(_("reden"))
    corrected_on = models.DateField(_("datum"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("correctie bevinding")
        verbose_name_plural = _("correcties bevindingen")
        ordering = ["corrected_on", "id"]

    def __str__(self):
        return f"{self.finding_id}: {self.get_action_display()} ({self.corrected_on})"


class FindingKindChange(models.Model):
    """How a finding changed kind (R-F8): which rule did it, on which day, at which audit."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="kind_changes")
    from_kind = models.CharField(max_length=20, choices=FindingKind.choices)
    to_kind = models.CharField(max_length=20, choices=FindingKind.choices)
    changed_on = models.DateField()
    rule_id = models.CharField(max_length=12)
    reason = models.TextField()
    #: ``reason`` as a stored message (core.messages) when the system wrote it, read in the
    #: reader's language; ``reason`` keeps the Dutch (or the auditor's own words). Issue #9.
    reason_message = models.JSONField(null=True, blank=True, editable=False)
    audit = models.ForeignKey("audits.Audit", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("wijziging soort bevinding")
        verbose_name_plural = _("wijzigingen soort bevinding")
        ordering = ["changed_on", "id"]
        constraints = [
            # Two sweeps on one day never escalate the same finding twice.
            models.UniqueConstraint(fields=["finding", "from_kind", "to_kind"],
                                    name="one_change_per_kind_step"),
        ]

    def __str__(self):
        return f"{self.finding_id}: {self.from_kind} → {self.to_kind} ({self.rule_id})"

    @property
    def reason_text(self) -> str:
        """Why the finding changed kind, in the reader's language (issue #9)."""
        return render_stored(self.reason_message, self.reason)


class JudgementOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Opgelost")
    MAINTAINED = "maintained", _("Gehandhaafd")
    ESCALATED = "escalated", _("Opgeschaald")


class FindingJudgement(DomainModel):
    """The judgement of a finding's follow-up at a later audit (R-F2, R-F3)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="judgements")
    audit = models.ForeignKey("audits.Audit", on_delete=models.PROTECT,
                              related_name="finding_judgements")
    outcome = models.CharField(_("oordeel"), max_length=12, choices=JudgementOutcome.choices)
    kind_before = models.CharField(max_length=20, choices=FindingKind.choices)
    notes = models.TextField(_("toelichting"))
    no_big_risk = models.BooleanField(_("geen groot risico voor klanten"), default=False)
    judged_on = models.DateField(_("beoordeeld op"))
    judged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        verbose_name = _("beoordeling opvolging")
        verbose_name_plural = _("beoordelingen opvolging")
        constraints = [models.UniqueConstraint(fields=["finding", "audit"],
                                               name="one_judgement_per_finding_audit")]

    def __str__(self):
        return f"{self.finding} @ {self.audit}: {self.get_outcome_display()}"


class PlanState(models.TextChoices):
    SUBMITTED = "submitted", _("Ingediend")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgekeurd")


class PlanOfApproach(DomainModel):
    """A member's plan van aanpak for an afwijking (R-F3), assessed by the body."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="plans")
    state = FSMField(_("status"), default=PlanState.SUBMITTED, choices=PlanState.choices,
                     protected=True)
    text = models.TextField(_("plan"))
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+")
    submitted_on = models.DateField(_("ingediend op"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    assessed_on = models.DateField(_("beoordeeld op"), null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    assessment = models.TextField(_("oordeel CI"), blank=True)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")
        ordering = ["-submitted_on", "-id"]
        constraints = [
            # R-F3: one plan under review at a time; a new one only after a rejection.
            models.UniqueConstraint(fields=["finding"], condition=models.Q(state="submitted"),
                                    name="one_plan_under_review_per_finding"),
            models.UniqueConstraint(fields=["finding"], condition=models.Q(state="approved"),
                                    name="one_approved_plan_per_finding"),
        ]

    def __str__(self):
        return f"Plan van aanpak {self.finding} ({self.get_state_display()})"

    @transition(field=state, source=PlanState.SUBMITTED, target=PlanState.APPROVED)
    def approve(self, on):
        """R-F3: the body approves the plan."""
        self.assessed_on = on

    @transition(field=state, source=PlanState.SUBMITTED, target=PlanState.REJECTED)
    def reject(self, on):
        """R-F3: the body rejects the plan; before the deadline it may be resubmitted."""
        self.assessed_on = on


class InvestigationState(models.TextChoices):
    ORDERED = "ordered", _("Opgedragen")
    COMPLETED = "completed", _("Uitgevoerd")


class InvestigationOutcome(models.TextChoices):
    SUFFICIENT = "sufficient", _("Voldoende voortgang")
    INSUFFICIENT = "insufficient", _("Onvoldoende voortgang")


class AdditionalInvestigation(DomainModel):
    """Aanvullend onderzoek within six months (R-F4 for a risky afwijking; R-F5 for a
    tekortkoming, possibly repeated)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE,
                                related_name="investigations")
    rule_id = models.CharField(max_length=12)
    state = FSMField(_("status"), default=InvestigationState.ORDERED,
                     choices=InvestigationState.choices, protected=True)
    ordered_on = models.DateField(_("opgedragen op"))
    due_on = models.DateField(_("uiterlijk op"))
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    audit = models.OneToOneField("audits.Audit", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="investigation")
    held_on = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=12,
                               choices=InvestigationOutcome.choices, blank=True)
    notes = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("aanvullend onderzoek")
        verbose_name_plural = _("aanvullende onderzoeken")
        ordering = ["due_on"]
        constraints = [
            # R-F5: investigations may repeat, but one at a time per finding.
            models.UniqueConstraint(fields=["finding"], condition=models.Q(state="ordered"),
                                    name="one_ordered_investigation_per_finding"),
        ]

    def __str__(self):
        return f"Aanvullend onderzoek {self.finding} (uiterlijk {self.due_on})"

    @transition(field=state, source=InvestigationState.ORDERED,
                target=InvestigationState.COMPLETED)
    def complete(self, on, outcome):
        """R-F4/R-F5: the investigation took place with this outcome."""
        self.held_on = on
        self.outcome = outcome


class LimitsFollowUp(DomainModel):
    """R-F6: above five kanttekeningen + afwijkingen, or above three afwijkingen, the body
    decides on the follow-up; the advice waits for this record."""

    audit = models.OneToOneField("audits.Audit", on_delete=models.CASCADE,
                                 related_name="limits_follow_up")
    decision_text = models.TextField(_("besluit over het vervolg"))
    decided_on = models.DateField(_("besloten op"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("besluit CI bij overschrijding")
        verbose_name_plural = _("besluiten CI bij overschrijding")

    def __str__(self):
        return f"R-F6 {self.audit}"


class AdviceKind(models.TextChoices):
    POSITIVE = "positive", _("Positief advies")
    CONDITIONAL = "conditional", _("Positief advies onder voorwaarden")
    NEGATIVE = "negative", _("Negatief advies")


POSITIVE_ADVICE = [AdviceKind.POSITIVE, AdviceKind.CONDITIONAL]


class Advice(DomainModel):
    """The body's advice to NVVK on an audit (R-F7)."""

    audit = models.OneToOneField("audits.Audit", on_delete=models.CASCADE,
                                 related_name="advice")
    kind = models.CharField(_("advies"), max_length=12, choices=AdviceKind.choices)
    conditions = models.TextField(_("voorwaarden"), blank=True)
    motivation = models.TextField(_("motivering"))
    given_on = models.DateField(_("gegeven op"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="conditional") | ~models.Q(conditions=""),
                name="conditional_advice_has_conditions"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.audit}"

    @property
    def is_positive(self) -> bool:
        return self.kind in POSITIVE_ADVICE
