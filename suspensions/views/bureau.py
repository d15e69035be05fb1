"""The bureau portal, suspensions: the open suspensions with their appeals and next date (R-N1,
R-S3, R-S4, R-S5), and the notice of a suspension to NVVK members and convenant partners that
the bureau sends (R-S7)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import dates
from core.access import get_for_user_or_404, portal_view
from core.forms import posted
from core.pagination import paginate
from members.views.bureau_kit import action
from suspensions import deadlines, services
from suspensions.models import (
    OPEN_SUSPENSION_STATES,
    Appeal,
    AppealState,
    NoticeAudience,
    Suspension,
    SuspensionNotice,
)
from suspensions.selectors import suspensions_open

from ..emails import notice_recipient_count
from ..forms import NoticeForm


def next_date(suspension, today):
    """The next date that matters for an open suspension, with its rule: the appeal window's
    last day (R-S3) while no appeal has been filed, each pending appeal's board deadline
    (R-S4), and — when no appeal is pending — the end of the suspension, when the directeur
    decides (R-S5)."""
    pending = suspension.pending_appeals
    candidates = [] if pending else [
        (suspension.ends_on, "R-S5", _("einde schorsing: besluit directeur"))]
    for appeal in pending:
        candidates.append((appeal.board_deadline, "R-S4", _("bestuur beslist op het beroep")))
    window_end = deadlines.appeal_deadline(suspension.notified_on)
    if window_end >= today and not suspension.appeals_filed:
        candidates.append((window_end, "R-S3", _("uiterste datum beroep")))
    upcoming = [c for c in candidates if c[0] >= today] or candidates
    return min(upcoming, key=lambda c: c[0])


def _suspensions():
    return suspensions_open().select_related("hearing").prefetch_related(
        Prefetch("appeals", queryset=Appeal.objects.filter(state=AppealState.PENDING),
                 to_attr="pending_appeals"),
        Prefetch("appeals", queryset=Appeal.objects.order_by("announced_on"),
                 to_attr="all_appeals"),
        Prefetch("notices", queryset=SuspensionNotice.objects.order_by("sent_on"),
                 to_attr="sent_notices"),
    )


@portal_view("bureau")
def suspension_list(request):
    """Open suspensions with their next date, pending appeals and the R-S7 notices sent."""
    today = dates.today()
    page = paginate(request, _suspensions())
    rows = []
    for suspension in page:
        suspension.appeals_filed = bool(suspension.all_appeals)
        sent = {notice.audience for notice in suspension.sent_notices}
        rows.append({
            "suspension": suspension,
            "next": next_date(suspension, today),
            "notices_missing": [label for value, label in NoticeAudience.choices
                                if value not in sent],
        })
    return render(request, "suspensions/bureau/suspension_list.html", {
        "page": page, "rows": rows, "today": today,
    })


def _default_text(suspension) -> str:
    return _("Het bestuur van de NVVK maakt bekend dat het lidmaatschap van %(member)s is "
             "geschorst van %(start)s tot en met %(end)s. Tijdens de schorsing heeft het lid "
             "geen lidmaatschapsrechten en mag het zich niet als NVVK-lid presenteren.") % {
        "member": suspension.member, "start": date_format(suspension.starts_on, "j F Y"),
        "end": date_format(suspension.ends_on, "j F Y")}


@portal_view("bureau")
def suspension_notice(request, pk):
    """R-S7: the bureau sends (and records) the notice of a suspension to the NVVK members or
    the convenant partners, once per audience."""
    suspension = get_for_user_or_404(
        Suspension.objects.filter(state__in=OPEN_SUSPENSION_STATES).select_related("member"),
        request, pk=pk)
    sent = set(suspension.notices.values_list("audience", flat=True))
    # R-S7: the notice counts its own recipients; the page shows them per audience.
    counts = {audience: notice_recipient_count(audience=audience, suspension=suspension)
              for audience in NoticeAudience.values if audience not in sent}
    form = NoticeForm(posted(request), sent=sent, counts=counts,
                      initial={"text": _default_text(suspension)})
    back = reverse("bureau:suspension_list")
    return action(
        request, form=form, service=services.suspension_send_notice,
        arguments=lambda data: {"suspension": suspension, **data},
        success=_("De mededeling is verstuurd en vastgelegd."), done=back,
        context={"title": _("Mededeling van de schorsing"), "subject": suspension.member,
                 "back": back, "rules": ["R-S7"], "all_sent": len(sent) == len(NoticeAudience),
                 "intro": _("Schorsing van %(start)s tot en met %(end)s.")
                 % {"start": date_format(suspension.starts_on, "j F Y"),
                    "end": date_format(suspension.ends_on, "j F Y")},
                 "submit": _("Mededeling versturen")},
        blockers=lambda: services.notice_blockers(suspension))
