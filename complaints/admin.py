"""Admin for complaints and objections: read-only. Complaints change only through
``complaints.services`` (R-K1 … R-K3); the admin shows them with their history (R-0.4).
Staff only: the complainant's personal data never leaves the back office (R-A2)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ReadOnlyAdminMixin

from .models import Complaint, ComplaintReferenceCounter, Objection


class ObjectionInline(admin.TabularInline):
    model = Objection
    fields = ["filed_on", "handled_on", "outcome"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["reference", "state", "received_at", "channel", "subject_kind", "body",
                    "member", "respond_by", "resolve_by", "serious_and_public"]
    list_filter = ["state", "channel", "subject_kind", "serious_and_public", "body"]
    search_fields = ["reference", "member__name", "body__name"]
    date_hierarchy = "received_at"
    list_select_related = ["body", "member"]
    inlines = [ObjectionInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["complaint", "filed_on", "handled_on"]
    list_select_related = ["complaint"]


@admin.register(ComplaintReferenceCounter)
class ComplaintReferenceCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The complaint reference series per year (issue #13); drawn by the registration only."""

    list_display = ["year", "last_number"]
