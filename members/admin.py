"""Admin for members (R-0.4: history per object). State and everything a service owns is
read-only here: admission steps, scope, core data and contacts change through
``members.services`` so that rules and history are kept."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Admission, Contact, CoreData, Member, MemberNumberCounter, ScopeItem


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Viewable with history, changed only through services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False




@admin.register(ScopeItem)
class ScopeItemAdmin(SimpleHistoryAdmin):
    """Reference data (appendix 1, R-M5): editable."""

    list_display = ["number", "title"]
    search_fields = ["title"]


class ContactInline(ReadOnlyInline):
    model = Contact
    fields = ["name", "email", "phone", "function", "is_primary", "user"]


class AdmissionInline(ReadOnlyInline):
    model = Admission
    fields = ["submitted_on", "checked_on", "meets_conditions", "quality_team_advice",
              "decided_on", "board_informed_on", "published_on"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["name", "member_number", "city", "state", "member_since"]
    list_filter = ["state"]
    search_fields = ["name", "city", "member_number"]
    # R-M2: the state changes only through services; so do the fields they own.
    readonly_fields = ["state", "member_number", "member_since", "without_certificate_since",
                       "state_changed_on", "scope_list", "created_at", "updated_at"]
    fields = ["name", "city", "website", *readonly_fields]
    inlines = [AdmissionInline, ContactInline]

    @admin.display(description="scope")
    def scope_list(self, obj):
        return ", ".join(str(item.number) for item in obj.scope.all())

    def has_add_permission(self, request):
        return False  # applications come in through member_apply (R-M1)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Admission)
class AdmissionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["member", "submitted_on", "checked_on", "quality_team_advice",
                    "decided_on", "board_informed_on"]
    search_fields = ["member__name"]


@admin.register(Contact)
class ContactAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "member", "email", "is_primary"]
    search_fields = ["name", "email", "member__name"]


@admin.register(CoreData)
class CoreDataAdmin(ReadOnlyHistoryAdmin):
    list_display = ["name", "member", "audit", "updated_at"]
    list_filter = [("audit", admin.EmptyFieldListFilter)]
    search_fields = ["name", "member__name"]


@admin.register(MemberNumberCounter)
class MemberNumberCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The member number series (issue #13); drawn by the admission only."""

    list_display = ["last_number"]
