"""Change history in the bureau portal (R-0.4, issue #11 "History in the portals"): the history
of one object and what it owns, the bureau-wide activity log and one decision record (R-0.3).
Staff only (the bureau and the directeur, SPEC §1); auditors and members never see it."""

from django.apps import apps
from django.db.models import CharField, Value
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from core.access import get_for_user_or_404, portal_view
from core.exports import Column, export_or_none
from core.history_view import history_models, history_rows
from core.messages import render_stored
from core.models import Decision
from core.pagination import paginate
from members.models import Member
from overview.filters import ActivityFilter
from overview.history import KIND_OF_MODEL, KINDS, owned_history


def _linked(rows):
    """``rows`` with the history page of each row's object, where it has one."""
    for row in rows:
        row.page_kind = KIND_OF_MODEL.get(row.model_label, "")
    return rows


@portal_view("bureau")
def object_history(request, kind, pk):
    """The change history of one member, audit, finding, certificate, suspension, appeal,
    complaint or certification body and of the objects it owns, newest first (R-0.4)."""
    history_kind = KINDS.get(kind)
    if history_kind is None:
        raise Http404
    obj = get_for_user_or_404(history_kind.model.objects.all(), request, pk=pk)
    page = paginate(request, owned_history(history_kind, obj), per_page=50)
    return render(request, "overview/bureau/history.html", {
        "object": obj, "kind": kind, "kind_title": history_kind.title,
        "page": page, "rows": _linked(history_rows(page.object_list)),
    })


def _activity_union(models, filters_for):
    """One query over the history tables of ``models``: (model label, history id, date)."""
    parts = []
    for model in models:
        history = model.history.model
        queryset = filters_for(history.objects.order_by())
        parts.append(queryset.annotate(
            history_kind=Value(model._meta.label_lower, output_field=CharField()))
            .values_list("history_kind", "history_id", "history_date"))
    if not parts:
        return []
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


@portal_view("bureau")
def activity(request):
    """The bureau-wide activity log (issue #11): every change of every object, newest first,
    filtered by person, object kind and period (R-0.4)."""
    # The filter set is bound to one history table; its filters apply to every other.
    filters = ActivityFilter(request.GET or None, queryset=Member.history.none(),
                             request=request)
    valid = filters.is_valid()
    chosen = filters.form.cleaned_data.get("soort") if valid else ""
    models = [model for model in history_models()
              if not chosen or model._meta.label_lower == chosen]

    def filters_for(queryset):
        if not valid:
            return queryset
        return filters.filter_queryset(queryset)

    union = _activity_union(models, filters_for)
    export = export_or_none(request, rows=_all_rows(union), columns=ACTIVITY_COLUMNS,
                            name="activiteit")
    if export is not None:
        return export
    page = paginate(request, union)
    return render(request, "overview/bureau/activity.html", {
        "form": filters.form, "page": page, "rows": _linked(_display(page.object_list)),
    })


def _display(keys):
    """Display rows for ``keys`` (model label, history id, date) of the union, in order: one
    query per history model among them."""
    wanted = {}
    for label, history_id, _when in keys:
        wanted.setdefault(label, []).append(history_id)
    records = {}
    for label, ids in wanted.items():
        history = apps.get_model(label).history.model
        for record in history.objects.filter(history_id__in=ids).select_related("history_user"):
            records[(label, record.history_id)] = record
    return history_rows([records[(label, history_id)] for label, history_id, _when in keys
                         if (label, history_id) in records])


def _all_rows(union, chunk=500):
    """Every row of the activity log, a chunk at a time (for the download)."""
    if isinstance(union, list):  # no history table chosen
        return
    start = 0
    while True:
        keys = list(union[start:start + chunk])
        if not keys:
            return
        yield from _display(keys)
        start += chunk


def _changes_text(row) -> str:
    return "; ".join(f"{change.label}: {change.old} → {change.new}" for change in row.changes)


#: The activity log as a file (issue #11).
ACTIVITY_COLUMNS = [
    Column(gettext_lazy("Wanneer"),
           lambda row: date_format(timezone.localtime(row.when), "j F Y H:i")),
    Column(gettext_lazy("Wie"), lambda row: row.who),
    Column(gettext_lazy("Soort object"), lambda row: row.kind),
    Column(gettext_lazy("Object"), lambda row: row.object_label),
    Column(gettext_lazy("Wijziging"), lambda row: row.action),
    Column(gettext_lazy("Velden"), _changes_text),
    Column(gettext_lazy("Reden"), lambda row: render_stored(row.reason, row.reason)),
    Column(gettext_lazy("Besluit"),
           lambda row: f"{row.decision.get_kind_display()} ({row.decision.rule_id})"
           if row.decision else ""),
]


@portal_view("bureau")
def decision_detail(request, pk):
    """One decision record (R-0.3) as staff read it: kind, outcome, rule, motivation, who
    decided in which role and when, about what, resting on which documents."""
    decision = get_for_user_or_404(
        Decision.objects.select_related("decided_by", "member", "corrects"), request, pk=pk)
    return render(request, "overview/bureau/decision.html", {
        "decision": decision, "documents": list(decision.documents.all()),
        "corrections": list(decision.corrections.all()),
    })
