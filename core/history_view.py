"""Change history for reading (R-0.4, issue #11 "History in the portals").

django-simple-history keeps a history row per save of every domain model. This module turns
such rows, of any mix of models, into display rows for staff: who, when, which fields went
from what to what (field verbose names, choice labels, a foreign key as its object's text,
dates in Dutch), the change reason in the reader's language and the decision record (R-0.3)
taken in the same act, where there is one.

The number of queries does not grow with the number of rows: per history model one query for
the previous rows, per related model one query for the foreign-key texts, one query for the
decisions. Pass history rows fetched with ``select_related("history_user")``.

The template ``templates/core/_history.html`` shows the rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .messages import render_stored
from .models import Decision

#: Fields every domain model carries that say nothing a reader needs.
IGNORED_FIELDS = frozenset({"id", "created_at", "updated_at"})

#: A decision recorded this close to a history row, by the same person about the same
#: object, was taken in the same act.
DECISION_WINDOW = dt.timedelta(minutes=2)

#: The longest value shown in full; longer texts are shortened.
MAX_VALUE = 120

ACTIONS = {
    "+": gettext_lazy("aangemaakt"),
    "~": gettext_lazy("gewijzigd"),
    "-": gettext_lazy("verwijderd"),
}

#: Fields whose value names the object (in this order) in :func:`object_label`.
_LABEL_FIELDS = ("reference", "number", "name", "full_name", "title", "code", "original_name",
                 "email")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    """One change as a reader sees it."""

    when: dt.datetime
    who: str
    kind: str
    object_label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""
    decision: Decision | None = None
    model_label: str = ""
    object_id: int | None = None
    history_id: int | None = None
    #: "+" created, "~" changed, "-" deleted.
    action_code: str = "~"
    #: The history page that shows this object (set by the page that lists the row).
    page_kind: str = ""


def tracked_model(record) -> type[models.Model]:
    """The domain model a history row belongs to."""
    return record.instance_type


def object_label(record) -> str:
    """A short text naming the object of ``record`` without touching the database."""
    for name in _LABEL_FIELDS:
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value
    return f"#{record.id}"


#: Names for the fields the models leave unnamed (a verbose name would need a migration in
#: every app); an unnamed field not listed here is bookkeeping and not shown.
FIELD_LABELS = {
    "member": gettext_lazy("lid"),
    "audit": gettext_lazy("audit"),
    "body": gettext_lazy("certificerende instelling"),
    "lead_auditor": gettext_lazy("leidend auditor"),
    "second_auditor": gettext_lazy("tweede auditor"),
    "reviewer": gettext_lazy("tweede beoordelaar"),
    "sent_back_by": gettext_lazy("teruggestuurd door"),
    "complaint": gettext_lazy("klacht"),
    "status": gettext_lazy("status"),
    "norm": gettext_lazy("norm"),
    "area": gettext_lazy("prestatiegebied"),
    "level": gettext_lazy("niveau"),
    "finding": gettext_lazy("bevinding"),
    "document": gettext_lazy("document"),
    "certificate": gettext_lazy("certificaat"),
    "suspension": gettext_lazy("schorsing"),
    "hearing": gettext_lazy("hoorzitting"),
    "previous": gettext_lazy("vorig certificaat"),
    "auditor": gettext_lazy("auditor"),
    "user": gettext_lazy("gebruiker"),
    "website": gettext_lazy("website"),
    "checked_by": gettext_lazy("gecontroleerd door"),
    "recorded_by": gettext_lazy("vastgelegd door"),
    "corrected_by": gettext_lazy("gecorrigeerd door"),
    "judged_by": gettext_lazy("beoordeeld door"),
    "submitted_by": gettext_lazy("ingediend door"),
    "assessed_by": gettext_lazy("beoordeeld door"),
    "ordered_by": gettext_lazy("opgedragen door"),
    "decided_by": gettext_lazy("besloten door"),
    "given_by": gettext_lazy("gegeven door"),
    "requested_by": gettext_lazy("aangevraagd door"),
    "summoned_by": gettext_lazy("opgeroepen door"),
    "sent_by": gettext_lazy("verzonden door"),
    "filed_by": gettext_lazy("ingediend door"),
    "handled_by": gettext_lazy("behandeld door"),
    "uploaded_by": gettext_lazy("geüpload door"),
    "kind_before": gettext_lazy("soort daarvoor"),
}


def _named(model_field) -> bool:
    """Whether the model gave ``model_field`` a name of its own (in any language)."""
    return getattr(model_field, "_verbose_name", None) is not None


def _shown(model_field) -> bool:
    """Whether a reader is shown changes of ``model_field``: not the timestamps, nor the
    bookkeeping fields the system keeps without a name of its own."""
    if model_field.name in IGNORED_FIELDS:
        return False
    return _named(model_field) or model_field.name in FIELD_LABELS


def field_label(model_field) -> str:
    """The name a reader knows ``model_field`` by, in the active language."""
    if not _named(model_field) and model_field.name in FIELD_LABELS:
        return str(FIELD_LABELS[model_field.name])
    return str(model_field.verbose_name)


def _previous_rows(records) -> dict:
    """``{(history model, history_id): previous history row}``: one query per history model."""
    by_model = defaultdict(set)
    for record in records:
        by_model[type(record)].add(record.id)
    previous = {}
    for history_model, ids in by_model.items():
        last = {}
        for row in history_model.objects.filter(id__in=ids).order_by(
                "history_date", "history_id"):
            if row.id in last:
                previous[(history_model, row.history_id)] = last[row.id]
            last[row.id] = row
    return previous


@dataclass(frozen=True)
class _Stored:
    """A text kept beside its stored message (``message`` / ``message_data``, issue #9)."""

    text: str
    data: object

    def __str__(self):
        return render_stored(self.data, self.text or "")


def _with_messages(record, changes, previous):
    """A text field with a stored message beside it (``<name>_data``) reads in the reader's
    language."""
    names = {f.name for f in tracked_model(record)._meta.concrete_fields}
    result = []
    for model_field, old, new in changes:
        sibling = f"{model_field.name}_data"
        if sibling in names:
            if previous is not None:
                old = _Stored(old or "", getattr(previous, sibling, None))
            new = _Stored(new or "", getattr(record, sibling, None))
        result.append((model_field, old, new))
    return result


def _plain(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, (list, dict)):
        value = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return Truncator(str(value)).chars(MAX_VALUE)


def _changes(record, previous):
    """``[(model field, old, new)]``: the tracked fields that differ from ``previous``
    (every filled-in field for a created row)."""
    model = tracked_model(record)
    result = []
    if previous is None:
        for model_field in model._meta.concrete_fields:
            if not _shown(model_field):
                continue
            value = getattr(record, model_field.attname, None)
            if value not in (None, "", False):
                result.append((model_field, None, value))
        return result
    delta = record.diff_against(previous)
    for change in delta.changes:
        if change.field in IGNORED_FIELDS:
            continue
        try:
            model_field = model._meta.get_field(change.field)
        except Exception:  # a field no longer on the model
            continue
        if not _shown(model_field):
            continue
        result.append((model_field, change.old, change.new))
    return result


def _is_fk(model_field) -> bool:
    return bool(model_field.is_relation and (model_field.many_to_one or model_field.one_to_one))


def _related_label(model, obj, pk) -> str:
    """A foreign key's object by its naming field (a models' ``__str__`` may read other rows
    or show ISO dates); else its kind and number."""
    if obj is not None:
        for name in _LABEL_FIELDS:
            value = getattr(obj, name, None)
            if isinstance(value, str) and value:
                return value
    return f"{str(model._meta.verbose_name).capitalize()} #{pk}"


def _value_text(model_field, value, related) -> str:
    if isinstance(value, _Stored):
        return Truncator(str(value)).chars(MAX_VALUE) or "–"
    if value is None or value == "":
        return "–"
    if _is_fk(model_field):
        obj = related.get(model_field.related_model, {}).get(value)
        return Truncator(_related_label(model_field.related_model, obj, value)).chars(MAX_VALUE)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return _plain(value)


def _decisions(records) -> dict:
    """``{(content type id, object id): [decisions]}`` for the objects of ``records``."""
    wanted = defaultdict(set)
    for record in records:
        content_type = ContentType.objects.get_for_model(tracked_model(record))
        wanted[content_type.pk].add(record.id)
    if not wanted:
        return {}
    query = Q()
    for type_id, ids in wanted.items():
        query |= Q(subject_type_id=type_id, subject_id__in=ids)
    found = defaultdict(list)
    for decision in Decision.objects.filter(query).order_by("decided_at"):
        found[(decision.subject_type_id, decision.subject_id)].append(decision)
    return found


def _matching_decision(record, candidates):
    best = None
    for decision in candidates:
        if decision.decided_by_id != record.history_user_id:
            continue
        gap = abs(decision.decided_at - record.history_date)
        if gap <= DECISION_WINDOW and (best is None or gap < best[0]):
            best = (gap, decision)
    return best[1] if best else None


def history_rows(records) -> list[HistoryRow]:
    """Display rows for ``records`` (history rows of any models), in the order given."""
    records = list(records)
    previous = _previous_rows(records)
    raw = []
    wanted = defaultdict(set)
    for record in records:
        before = previous.get((type(record), record.history_id))
        changes = _with_messages(record, _changes(record, before), before)
        for model_field, old, new in changes:
            if _is_fk(model_field):
                wanted[model_field.related_model].update(v for v in (old, new) if v)
        raw.append((record, changes))
    related = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}
    decisions = _decisions(records)
    rows = []
    for record, changes in raw:
        model = tracked_model(record)
        content_type = ContentType.objects.get_for_model(model)
        user = record.history_user
        rows.append(HistoryRow(
            when=record.history_date,
            who=(str(user) if user is not None else _("Keurmerk (automatisch)")),
            kind=str(model._meta.verbose_name),
            object_label=object_label(record),
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            changes=[FieldChange(label=field_label(model_field),
                                 old=_value_text(model_field, old, related),
                                 new=_value_text(model_field, new, related))
                     for model_field, old, new in changes],
            reason=record.history_change_reason or "",
            decision=_matching_decision(record,
                                        decisions.get((content_type.pk, record.id), [])),
            model_label=model._meta.label_lower,
            object_id=record.id,
            history_id=record.history_id,
            action_code=record.history_type,
        ))
    return rows


def history_models() -> list[type[models.Model]]:
    """Every model with a change history, in app order."""
    from django.apps import apps

    result = []
    for model in apps.get_models():
        manager = getattr(model, "history", None)
        if manager is not None and hasattr(manager, "model") and \
                getattr(manager.model, "instance_type", None) is model:
            result.append(model)
    return result
