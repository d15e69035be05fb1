"""Admin for certification bodies, auditors and audits (R-0.4: history per object). Reference
data of the quality framework is editable; the audit's steps, team, reports, declarations and
contracts change only through ``audits.services`` so that R-C1 … R-C4 and R-U2 are enforced."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ReadOnlyInline
from members.admin import ReadOnlyHistoryAdmin

from .models import (
    AreaAssessment,
    Audit,
    AuditEvaluation,
    Auditor,
    AuditReport,
    BodyEvaluation,
    CertificationBody,
    Contract,
    CoveredNorm,
    DevelopmentLevel,
    DocumentRequirement,
    IntervieweeFunction,
    LevelDescription,
    Norm,
    NormChangeProposal,
    PerformanceArea,
    PriorInvolvement,
)

# --- reference data: editable ----------------------------------------------------------------


@admin.register(PerformanceArea)
class PerformanceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title"]


@admin.register(Norm)
class NormAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "area"]
    list_filter = ["area"]
    search_fields = ["code", "title"]


@admin.register(DevelopmentLevel)
class DevelopmentLevelAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]


@admin.register(LevelDescription)
class LevelDescriptionAdmin(SimpleHistoryAdmin):
    list_display = ["area", "level"]
    list_filter = ["area", "level"]


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "group", "title"]
    list_filter = ["group"]


@admin.register(IntervieweeFunction)
class IntervieweeFunctionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title"]


# --- bodies and auditors (R-C1, R-C3) --------------------------------------------------------


class ContractInline(ReadOnlyInline):
    model = Contract
    fields = ["starts_on", "ends_on", "signed_on"]


class BodyEvaluationInline(ReadOnlyInline):
    model = BodyEvaluation
    fields = ["year", "held_on"]


class AuditorInline(ReadOnlyInline):
    model = Auditor
    fields = ["name", "email", "confidentiality_signed_on", "active"]


@admin.register(CertificationBody)
class CertificationBodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "city", "recognised", "accredited"]
    list_filter = ["recognised", "accredited"]
    search_fields = ["name"]
    # R-C1: recognition and accreditation are recorded through services.
    readonly_fields = ["recognised", "accredited", "accreditation_reference"]
    inlines = [ContractInline, BodyEvaluationInline, AuditorInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(ReadOnlyHistoryAdmin):
    list_display = ["body", "starts_on", "ends_on", "signed_on"]
    list_filter = ["body"]


@admin.register(BodyEvaluation)
class BodyEvaluationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["body", "year", "held_on"]
    list_filter = ["body", "year"]


class PriorInvolvementInline(ReadOnlyInline):
    model = PriorInvolvement
    fields = ["member", "kind", "started_on", "ended_on"]


@admin.register(Auditor)
class AuditorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "body", "email", "confidentiality_signed_on", "active"]
    list_filter = ["body", "active"]
    search_fields = ["name", "email"]
    # R-C3: the declaration and the body change through services; R-A1: so does the login.
    readonly_fields = ["body", "user", "confidentiality_signed_on"]
    inlines = [PriorInvolvementInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PriorInvolvement)
class PriorInvolvementAdmin(ReadOnlyHistoryAdmin):
    list_display = ["auditor", "member", "kind", "started_on", "ended_on"]
    list_filter = ["kind"]


# --- audits (R-U*) ---------------------------------------------------------------------------


class AreaAssessmentInline(ReadOnlyInline):
    model = AreaAssessment
    fields = ["area", "self_assessment", "observation"]


class CoveredNormInline(ReadOnlyInline):
    model = CoveredNorm
    fields = ["norm", "other_mark", "reference"]


class AuditReportInline(ReadOnlyInline):
    model = AuditReport
    fields = ["version", "document", "uploaded_by", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Audit)
class AuditAdmin(ReadOnlyHistoryAdmin):
    list_display = ["member", "kind", "body", "state", "fieldwork_starts_on", "lead_auditor"]
    list_filter = ["state", "kind", "body"]
    search_fields = ["member__name"]
    date_hierarchy = "fieldwork_starts_on"
    inlines = [AreaAssessmentInline, CoveredNormInline, AuditReportInline]


@admin.register(AreaAssessment)
class AreaAssessmentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["audit", "area", "self_assessment", "observation"]


@admin.register(CoveredNorm)
class CoveredNormAdmin(ReadOnlyHistoryAdmin):
    list_display = ["audit", "norm", "other_mark", "reference"]


@admin.register(AuditReport)
class AuditReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ["audit", "version", "uploaded_by", "created_at"]
    list_filter = ["version"]


@admin.register(AuditEvaluation)
class AuditEvaluationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["audit", "score"]


# --- R-N4 norm-change proposals ---------------------------------------------------------------


@admin.register(NormChangeProposal)
class NormChangeProposalAdmin(ReadOnlyHistoryAdmin):
    """R-N4: proposals are submitted, reviewed and decided through ``audits.services``."""

    list_display = ["__str__", "norm", "state", "proposed_on", "proposed_by", "decided_on"]
    list_filter = ["state"]
    search_fields = ["text", "rationale", "norm__code"]
