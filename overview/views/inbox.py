"""The work inbox of the bureau and the directeur (issue #11, ``/bureau/werkbak/``): every open
flag of their team and every open deadline they watch, with its rule, urgency and object;
views "mine", "team", "unassigned", "overdue" and "snoozed". A flag's page shows its comments
and history and lets its team assign, comment, snooze and resolve it (``core.inbox``,
``core.flags.flag_resolve_by_hand``).

SPEC §1: the bureau and the directeur see every flag; who may act on one is its team's
(``core.inbox.AUDIENCE_ROLES``), which the services check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access import get_for_user_or_404, portal_view
from core.dates import today as current_day
from core.deadlines import Deadline, open_deadlines
from core.flags import flag_resolve_by_hand
from core.forms import posted
from core.history import change_reason_text
from core.inbox import (
    colleagues_for,
    digest_preference_set,
    flag_assign,
    flag_comment,
    flag_snooze,
    may_work_on,
    team_audiences,
)
from core.models import Flag
from core.pagination import paginate
from core.portal import run_service
from overview.forms import (
    DigestForm,
    FlagAssignForm,
    FlagCommentForm,
    FlagResolveForm,
    FlagSnoozeForm,
)
from overview.views.bureau import deadline_url

#: The inbox's views, in the order of the tabs.
VIEWS = {
    "mine": gettext_lazy("Mijn werk"),
    "team": gettext_lazy("Team"),
    "unassigned": gettext_lazy("Niet toegewezen"),
    "overdue": gettext_lazy("Verlopen"),
    "snoozed": gettext_lazy("Uitgesteld"),
}


@dataclass
class Row:
    """One line of the inbox: a flag (which the team can work) or another open deadline."""

    on: object
    urgency: str
    rule_id: str
    title: str
    url: str
    member_id: int | None
    member_name: str
    flag: Flag | None = None


def _flag_rows(flags, today) -> list[Row]:
    rows = []
    for flag in flags:
        deadline = Deadline(clock="core.flag", uid=f"flag-{flag.pk}", on=flag.due_on or
                            flag.raised_on, rule_id=flag.rule_id, title="",
                            audiences=frozenset({flag.audience}))
        rows.append(Row(on=deadline.on, urgency=deadline.urgency(today), rule_id=flag.rule_id,
                        title=flag.message_text,
                        url=reverse("bureau:flag_detail", kwargs={"pk": flag.pk}),
                        member_id=flag.member_id,
                        member_name=flag.member.name if flag.member_id else "", flag=flag))
    return rows


def _deadline_rows(audiences, today, *, overdue_only: bool) -> list[Row]:
    deadlines = [d for d in open_deadlines(today=today, audience=audiences)
                 if d.clock != "core.flag"]
    if overdue_only:
        deadlines = [d for d in deadlines if d.urgency(today) == "overdue"]
    return [Row(on=d.on, urgency=d.urgency(today), rule_id=d.rule_id, title=d.title,
                url=deadline_url(d), member_id=d.member_id, member_name=d.member_name)
            for d in deadlines]


def inbox_flags(user, view: str, today):
    """The flags of ``view`` for ``user`` (a queryset, members and assignees joined)."""
    audiences = team_audiences(user)
    flags = (Flag.objects.open().select_related("member", "assignee")
             .annotate(comment_count=Count("comments")))
    if view == "mine":
        return flags.awake(today).filter(assignee=user)
    flags = flags.filter(audience__in=audiences)
    if view == "snoozed":
        return flags.filter(snoozed_until__gt=today)
    flags = flags.awake(today)
    if view == "unassigned":
        return flags.filter(assignee__isnull=True)
    return flags


@portal_view("bureau")
def inbox(request):
    """Issue #11: the work inbox; ``?weergave=`` picks the view (default: mine)."""
    today = current_day()
    view = request.GET.get("weergave", "mine")
    if view not in VIEWS:
        view = "mine"
    audiences = team_audiences(request.user)
    rows = _flag_rows(inbox_flags(request.user, view, today), today)
    if view == "overdue":
        rows = [row for row in rows if row.urgency == "overdue"]
    if view in ("team", "overdue"):
        rows += _deadline_rows(audiences, today, overdue_only=view == "overdue")
    rows.sort(key=lambda row: (row.on, row.rule_id, row.title))
    page = paginate(request, rows)
    return render(request, "overview/inbox/list.html", {
        "today": today, "view": view, "views": list(VIEWS.items()), "page": page,
        "rows": list(page), "digest_form": DigestForm(initial={
            "daily_digest": request.user.daily_digest}),
    })


@require_POST
@portal_view("bureau")
def digest_preference(request):
    """Issue #11: turn one's own daily inbox digest on or off."""
    form = DigestForm(posted(request))
    if form.is_valid():
        enabled = form.cleaned_data["daily_digest"]
        run_service(request, digest_preference_set, user=request.user, enabled=enabled,
                    success=_("Het dagelijks overzicht staat aan.") if enabled
                    else _("Het dagelijks overzicht staat uit."))
    return redirect("bureau:inbox")


def _flag(request, pk) -> Flag:
    return get_for_user_or_404(Flag.objects.select_related("member", "assignee",
                                                           "resolved_by"), request, pk=pk)


def _history(flag: Flag) -> list[dict]:
    rows = []
    for record in flag.history.select_related("history_user").order_by("-history_date",
                                                                       "-history_id")[:30]:
        rows.append({"when": record.history_date, "who": record.history_user,
                     "why": change_reason_text(record.history_change_reason)})
    return rows


def _detail(request, flag: Flag, *, forms=None, status=200):
    today = current_day()
    works = flag.resolved_on is None and may_work_on(request.user, flag)
    forms = forms or {}
    context = {
        "flag": flag, "today": today, "works": works,
        "comments": list(flag.comments.select_related("author")),
        "history": _history(flag),
        "subject_url": _subject_url(flag),
    }
    if works:
        context.update({
            "assign_form": forms.get("assign") or FlagAssignForm(
                colleagues=colleagues_for(flag), initial={"assignee": flag.assignee_id}),
            "comment_form": forms.get("comment") or FlagCommentForm(),
            "snooze_form": forms.get("snooze") or FlagSnoozeForm(
                initial={"snooze_reason": flag.snooze_reason}),
            "resolve_form": forms.get("resolve") or FlagResolveForm(),
        })
    return render(request, "overview/inbox/flag.html", context, status=status)


def _subject_url(flag: Flag) -> str:
    target = None
    if flag.subject_type_id and flag.subject_id:
        content_type = flag.subject_type
        target = (f"{content_type.app_label}.{content_type.model}", flag.subject_id)
    return deadline_url(Deadline(clock="core.flag", uid="", on=flag.raised_on,
                                 rule_id=flag.rule_id, title="", audiences=frozenset(),
                                 member_id=flag.member_id, target=target))


@portal_view("bureau")
def flag_detail(request, pk):
    """Issue #11: a flag with its comments and history, and what its team can do with it."""
    return _detail(request, _flag(request, pk))


@require_POST
@portal_view("bureau")
def flag_assign_view(request, pk):
    """Issue #11: give the flag to a colleague of its team."""
    flag = _flag(request, pk)
    form = FlagAssignForm(posted(request), colleagues=colleagues_for(flag))
    if form.is_valid():
        _result, violation = run_service(request, flag_assign, success=_(
            "Het signaal is toegewezen."), flag=flag, assignee=form.cleaned_data["assignee"])
        if violation is None:
            return redirect("bureau:flag_detail", pk=flag.pk)
    return _detail(request, flag, forms={"assign": form}, status=400)


def _post(request, pk, *, key, form_class, service, arguments, success):
    flag = _flag(request, pk)
    form = form_class(posted(request))
    if form.is_valid():
        _result, violation = run_service(request, service, success=success,
                                         flag=flag, **arguments(form.cleaned_data))
        if violation is None:
            return redirect("bureau:flag_detail", pk=flag.pk)
    return _detail(request, flag, forms={key: form}, status=400)


@require_POST
@portal_view("bureau")
def flag_comment_view(request, pk):
    """Issue #11: a staff note on the flag."""
    return _post(request, pk, key="comment", form_class=FlagCommentForm, service=flag_comment,
                 arguments=lambda data: {"text": data["text"]},
                 success=_("De opmerking is opgeslagen."))


@require_POST
@portal_view("bureau")
def flag_snooze_view(request, pk):
    """Issue #11: put the flag aside until a date, with the reason."""
    return _post(request, pk, key="snooze", form_class=FlagSnoozeForm, service=flag_snooze,
                 arguments=lambda data: {"until": data["until"], "reason": data["snooze_reason"]},
                 success=_("Het signaal is uitgesteld."))


@require_POST
@portal_view("bureau")
def flag_wake_view(request, pk):
    """Issue #11: bring a snoozed flag back to the inbox now."""
    flag = _flag(request, pk)
    run_service(request, flag_snooze, success=_("Het signaal staat weer in de werkbak."),
                flag=flag, until=None, reason="")
    return redirect("bureau:flag_detail", pk=flag.pk)


@require_POST
@portal_view("bureau")
def flag_resolve_view(request, pk):
    """R-N1: resolve the flag by hand with the reason (``flag_resolve_by_hand``)."""
    return _post(request, pk, key="resolve", form_class=FlagResolveForm,
                 service=flag_resolve_by_hand, arguments=lambda data: {"reason": data["reason"]},
                 success=_("Het signaal is afgehandeld."))
