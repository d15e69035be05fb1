"""The outbox in the bureau portal (issue #11, R-Z6 "never lost"): every e-mail Keurmerk sent
or will send, with its status, attempts and last error; filtered by status; a message opened
as it was sent; one or many offered again through :func:`notification_retry` (which refuses a
message that was sent or is being sent, naming R-Z6)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.access import portal_view
from core.exceptions import RuleViolation
from core.exports import Column, export_or_none
from core.pagination import paginate
from core.portal import rule_message

from .filters import OutboxFilter
from .models import Notification, NotificationStatus
from .services import notification_retry

#: The most messages one bulk retry offers again.
RETRY_LIMIT = 200


def _outbox():
    return Notification.objects.select_related("member").order_by("-created_at", "-id")


#: The outbox as a file (issue #11).
OUTBOX_COLUMNS = [
    Column(gettext_lazy("Aangemaakt"), lambda n: n.created_at),
    Column(gettext_lazy("Aan"), lambda n: n.recipient_email),
    Column(gettext_lazy("Onderwerp"), lambda n: n.subject),
    Column(gettext_lazy("Lid"), lambda n: n.member.name if n.member else ""),
    Column(gettext_lazy("Status"), lambda n: n.get_status_display()),
    Column(gettext_lazy("Pogingen"), lambda n: n.attempts),
    Column(gettext_lazy("Verzonden op"), lambda n: n.sent_at),
    Column(gettext_lazy("Laatste fout"), lambda n: n.last_error),
]


@portal_view("bureau")
def outbox(request):
    """R-Z6: the outbox, newest first, filtered by status or searched; failed messages are
    marked and can be selected and offered again; as CSV or XLSX."""
    filters = OutboxFilter(request.GET or None, queryset=_outbox())
    export = export_or_none(request, rows=filters.qs, columns=OUTBOX_COLUMNS,
                            name="uitgaande-email")
    if export is not None:
        return export
    failed = Notification.objects.filter(status=NotificationStatus.FAILED).count()
    return render(request, "notifications/bureau/outbox.html", {
        "form": filters.form, "page": paginate(request, filters.qs),
        "failed_count": failed,
        "query": request.GET.urlencode(),
    })


@require_POST
@portal_view("bureau")
def outbox_retry(request):
    """R-Z6: offer the selected messages again; each goes through the service, and what it
    refuses (sent already, being sent) is reported by count and rule."""
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()][:RETRY_LIMIT]
    retried, refused = 0, []
    for notification in Notification.objects.filter(pk__in=ids):
        try:
            notification_retry(notification=notification, actor=request.user)
        except RuleViolation as violation:
            refused.append(violation)
        else:
            retried += 1
    if not ids:
        messages.error(request, _("Kies eerst één of meer berichten."))
    if retried:
        messages.success(request, ngettext(
            "%(n)d bericht wordt opnieuw verzonden.",
            "%(n)d berichten worden opnieuw verzonden.", retried) % {"n": retried})
    for violation in refused[:5]:
        messages.error(request, rule_message(violation, request=request))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/bureau/") else "bureau:outbox")


@portal_view("bureau")
def outbox_message(request, pk):
    """R-Z6: one message as it was sent: recipient, subject, status, attempts, last error, the
    text part, attachments and its history; offered again from here."""
    notification = get_object_or_404(
        Notification.objects.select_related("member", "recipient")
        .prefetch_related("attachments"), pk=pk)
    return render(request, "notifications/bureau/message.html", {
        "notification": notification,
        "history": notification.history.select_related("history_user")
        .order_by("-history_date", "-history_id")[:20],
        "can_retry": notification.status != NotificationStatus.SENT,
    })


@portal_view("bureau")
def outbox_message_html(request, pk):
    """The HTML part of a message, served on its own under a sandbox policy: no script, no
    request to anywhere, so a message can never act inside the portal."""
    notification = get_object_or_404(Notification, pk=pk)
    response = HttpResponse(notification.body_html or "", content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response
