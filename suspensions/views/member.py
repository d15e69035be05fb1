"""Member portal: the member's suspensions and its appeals to the Bestuur (R-S3, R-S4). Only
the member's own suspensions (R-A1). An appeal after the one-month window is refused by the
service naming R-S3, and the page shows that refusal."""

from dataclasses import dataclass

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core import dates
from core.portal import run_service
from members.portal import member_object_or_404, member_portal_view

from ..forms import AppealForm
from ..models import AppealSubject
from ..selectors import appeal_window, suspensions_for_member
from ..services import appeal_blockers, appeal_file


@dataclass(frozen=True)
class AppealWindow:
    """R-S3: a decision of a suspension the member can appeal, the day it was notified and
    the last day of the one-month window."""

    subject: str
    label: str
    notified_on: object
    last_day: object
    open: bool
    appealed: bool
    #: R-0.5: what stands in the way of appealing this decision today (the service's check).
    blockers: tuple = ()


def appeal_windows(suspension, *, today) -> list[AppealWindow]:
    """The appealable decisions of ``suspension`` (appeals prefetched) with their windows."""
    appealed = {(a.subject, a.decision_notified_on) for a in suspension.appeals.all()}
    windows = []
    for subject, label in AppealSubject.choices:
        window = appeal_window(suspension=suspension, subject=subject)
        if window is None:
            continue
        notified_on, last_day = window
        windows.append(AppealWindow(
            subject=subject, label=str(label), notified_on=notified_on, last_day=last_day,
            open=dates.in_time(today, last_day),
            appealed=(subject, notified_on) in appealed,
            blockers=tuple(appeal_blockers(suspension, subject, announced_on=today)),
        ))
    return windows


@member_portal_view
def appeals(request):
    """R-S3/R-S4: the member's suspensions, each decision it can appeal with the last day of the
    window, and its appeals with the Bestuur's deadline and ruling."""
    today = dates.today()
    suspensions = list(suspensions_for_member(member=request.member))
    rows = [(s, windows, any(not w.blockers for w in windows))  # appealable today
            for s in reversed(suspensions) for windows in [appeal_windows(s, today=today)]]
    return render(request, "suspensions/member/appeals.html", {
        "member": request.member, "rows": rows, "today": today, "section": "appeals",
    })


@member_portal_view
def appeal(request, pk):
    """R-S3: the member announces a motivated appeal to the Bestuur against a decision on its
    suspension, within one month of the day the decision was notified. Later, the service
    refuses with R-S3 and the page says so; nothing is stored."""
    today = dates.today()
    suspension = member_object_or_404(suspensions_for_member(member=request.member), request,
                                      pk=pk)
    windows = appeal_windows(suspension, today=today)
    form = AppealForm(request.POST or None, request.FILES or None, windows=windows)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _result, violation = run_service(
                request, appeal_file, suspension=suspension,
                subject=form.cleaned_data["subject"], announced_on=today,
                motivation=form.cleaned_data["motivation"], today=today,
                attachments=[form.cleaned_data["attachment"]]
                if form.cleaned_data.get("attachment") else [],
                success=_("Uw beroep is ontvangen. Het bestuur beslist binnen drie maanden."))
            if violation is None:
                return redirect("member:appeals")
        status = 400
    # when no decision can be appealed today, the form is shown disabled with why.
    blockers = ([(rule_id, f"{window.label}: {text}") for window in windows
                 for rule_id, text in window.blockers]
                if all(window.blockers for window in windows) else [])
    return render(request, "suspensions/member/appeal.html", {
        "member": request.member, "suspension": suspension, "windows": windows, "form": form,
        "today": today, "section": "appeals", "blockers": blockers,
    }, status=status)

