"""The outbox for the bureau: read-only, with a "retry" action through the service (R-Z6)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.exceptions import RuleViolation

from .models import Notification
from .services import notification_retry


@admin.register(Notification)
class NotificationAdmin(SimpleHistoryAdmin):
    list_display = ["created_at", "recipient_email", "subject", "language", "status",
                    "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["recipient_email", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient_email", "recipient", "language", "template", "context", "subject",
        "body_text", "body_html", "attachments", "member", "key", "status", "attempts",
        "last_error", "claimed_at", "sent_at", "next_attempt_at", "created_at", "updated_at",
    ]
    list_select_related = ["member"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent: never lost

    @admin.action(description=_("Opnieuw versturen"))
    def retry(self, request, queryset):
        retried = 0
        for notification in queryset:
            try:
                notification_retry(notification=notification, actor=request.user)
            except RuleViolation as violation:
                self.message_user(request, f"{notification}: {violation}", messages.WARNING)
            else:
                retried += 1
        if retried:
            self.message_user(request, ngettext(
                "%(count)d bericht opnieuw aangeboden.",
                "%(count)d berichten opnieuw aangeboden.", retried) % {"count": retried},
                messages.SUCCESS)
