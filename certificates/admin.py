"""Admin for certificates: read-only. Certificates and postponements change only through
``certificates.services`` (R-Z1 … R-Z5), which check the rules and write the decision record;
the admin shows them with their full history (R-0.4)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ReadOnlyAdminMixin

from .models import Certificate, CertificateNumberCounter, Postponement


class PostponementInline(admin.TabularInline):
    model = Postponement
    fields = ["state", "requested_on", "months", "decided_on", "audit_deadline",
              "board_informed_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "member", "state", "valid_from", "valid_until", "body",
                    "four_years_swn"]
    list_filter = ["state", "four_years_swn", "body"]
    search_fields = ["number", "member__name"]
    date_hierarchy = "valid_until"
    list_select_related = ["member", "body"]
    inlines = [PostponementInline]


@admin.register(Postponement)
class PostponementAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["certificate", "state", "months", "requested_on", "decided_on",
                    "audit_deadline", "board_informed_on"]
    list_filter = ["state"]
    search_fields = ["certificate__number", "certificate__member__name"]
    list_select_related = ["certificate__member"]


@admin.register(CertificateNumberCounter)
class CertificateNumberCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The number series per year; drawn by ``certificate_number_next`` only."""

    list_display = ["year", "last_number"]
