"""Admin for hearings, suspensions, appeals and notices: read-only. Every change goes
through ``suspensions.services`` (R-S1 … R-S7), which checks the rules and writes the
decision records; the admin shows the rows with their full history (R-0.4)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin_base import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Appeal, Hearing, Suspension, SuspensionNotice


class AppealInline(ReadOnlyInline):
    model = Appeal
    fields = ["subject", "state", "announced_on", "board_deadline", "ruled_on"]


class NoticeInline(ReadOnlyInline):
    model = SuspensionNotice
    fields = ["audience", "sent_on", "recipients"]


@admin.register(Hearing)
class HearingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "summoned_on", "method", "hearing_on", "held_on",
                    "member_did_not_appear"]
    list_filter = ["method", "member_did_not_appear"]
    search_fields = ["member__name"]
    list_select_related = ["member"]


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["member", "state", "starts_on", "months", "ends_on", "notified_on",
                    "extended_on", "outcome_on", "publication"]
    list_filter = ["state", "publication"]
    search_fields = ["member__name"]
    date_hierarchy = "starts_on"
    list_select_related = ["member"]
    inlines = [AppealInline, NoticeInline]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["suspension", "subject", "state", "announced_on", "board_deadline",
                    "ruled_on", "deadline_warned_on"]
    list_filter = ["state", "subject"]
    search_fields = ["suspension__member__name"]
    list_select_related = ["suspension__member"]


@admin.register(SuspensionNotice)
class SuspensionNoticeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["suspension", "audience", "sent_on", "sent_by", "recipients"]
    list_filter = ["audience"]
    list_select_related = ["suspension__member", "sent_by"]
