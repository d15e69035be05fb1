"""Admin for findings: read-only. Findings, plans, investigations, the R-F6 decision and the
advice change only through ``findings.services`` (R-F1 … R-F8), which check the rules, keep
the finding's identity on escalation and write the decision records; the admin shows them with
their full history (R-0.4). There is no reference data in this app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    AdditionalInvestigation,
    Advice,
    Finding,
    FindingCorrection,
    FindingJudgement,
    FindingKindChange,
    LimitsFollowUp,
    PlanOfApproach,
)
from .selectors import finding_label


class KindChangeInline(ReadOnlyInline):
    model = FindingKindChange
    fields = ["changed_on", "from_kind", "to_kind", "rule_id", "audit", "reason", "changed_by"]
    show_change_link = False


class CorrectionInline(ReadOnlyInline):
    model = FindingCorrection
    fields = ["corrected_on", "action", "changes", "reason", "corrected_by"]
    show_change_link = False


class JudgementInline(ReadOnlyInline):
    model = FindingJudgement
    fields = ["audit", "judged_on", "kind_before", "outcome", "no_big_risk", "judged_by"]


class PlanInline(ReadOnlyInline):
    model = PlanOfApproach
    fields = ["submitted_on", "state", "assessed_on", "submitted_by", "assessed_by"]


class InvestigationInline(ReadOnlyInline):
    model = AdditionalInvestigation
    fields = ["rule_id", "state", "ordered_on", "due_on", "held_on", "outcome"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["id", "member", "norm", "label", "status", "recorded_on", "kind_since",
                    "risk_to_clients", "audit"]
    list_filter = ["kind", "status", "risk_to_clients", "audit__body"]
    search_fields = ["member__name", "norm__code", "description"]
    date_hierarchy = "recorded_on"
    list_select_related = ["member", "norm", "audit__member"]
    inlines = [KindChangeInline, CorrectionInline, JudgementInline, PlanInline, InvestigationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kind_changes__audit")

    @admin.display(description=_("soort (R-F8)"))
    def label(self, obj):
        return finding_label(obj)


@admin.register(FindingKindChange)
class FindingKindChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """R-F8: how findings changed kind. Written only by the escalation in the services."""

    list_display = ["finding", "from_kind", "to_kind", "changed_on", "rule_id", "audit"]
    list_filter = ["rule_id", "to_kind"]
    search_fields = ["finding__member__name", "finding__norm__code", "reason"]
    list_select_related = ["finding__member", "finding__norm", "audit__member"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FindingCorrection)
class FindingCorrectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """R-U2: corrections and withdrawals of findings before the report is definitive. Written
    only by the services."""

    list_display = ["finding", "action", "corrected_on", "corrected_by"]
    list_filter = ["action"]
    search_fields = ["finding__member__name", "finding__norm__code", "reason"]
    list_select_related = ["finding__member", "finding__norm", "corrected_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FindingJudgement)
class FindingJudgementAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["finding", "audit", "kind_before", "outcome", "judged_on"]
    list_filter = ["outcome", "kind_before"]
    search_fields = ["finding__member__name", "finding__norm__code"]
    list_select_related = ["finding__member", "finding__norm", "audit__member"]


@admin.register(PlanOfApproach)
class PlanOfApproachAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["finding", "state", "submitted_on", "assessed_on"]
    list_filter = ["state"]
    search_fields = ["finding__member__name", "finding__norm__code"]
    list_select_related = ["finding__member", "finding__norm"]


@admin.register(AdditionalInvestigation)
class AdditionalInvestigationAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["finding", "rule_id", "state", "ordered_on", "due_on", "held_on",
                    "outcome"]
    list_filter = ["state", "rule_id", "outcome"]
    search_fields = ["finding__member__name", "finding__norm__code"]
    list_select_related = ["finding__member", "finding__norm"]


@admin.register(LimitsFollowUp)
class LimitsFollowUpAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["audit", "decided_on", "decided_by"]
    search_fields = ["audit__member__name"]
    list_select_related = ["audit__member", "decided_by"]


@admin.register(Advice)
class AdviceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["audit", "kind", "given_on", "given_by"]
    list_filter = ["kind"]
    search_fields = ["audit__member__name"]
    list_select_related = ["audit__member", "given_by"]
