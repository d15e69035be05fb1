"""What a member is certified for and what it tells the NVVK: the scope (R-M5, an extension
raising the R-T2 flag for an interim audit) and the kerngegevens of appendix 2 (R-M6), kept up
to date by the member and frozen for an audit (R-U6)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import RuleViolation
from core.flags import flag_raise
from core.history import save_with_history as _save
from core.messages import stored
from core.models import FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import today_or as _today

from ..models import MEMBERSHIP_STATES, CoreData, Member, MemberState
from ._common import _lock, _require_bureau_or_contact, _state_label, scope_items

SCOPE_EXTENSION_FLAG_PREFIX = "R-T2:scope-extension:"


# --- R-M5 scope -------------------------------------------------------------------------------


@transaction.atomic
def member_update_scope(
    *, member: Member, scope_numbers: Iterable[int], actor, today: dt.date | None = None,
) -> Member:
    """R-M5: the bureau sets a member's scope (a subset of appendix 1). An extension of a
    member's scope raises a flag for the bureau to consider an interim audit (R-T2)."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-M5", what=_("de scope wijzigen"))
    member = _lock(member)
    if member.state in (MemberState.EXPELLED, MemberState.RESIGNED, MemberState.REJECTED):
        raise RuleViolation(
            "R-M5", _("%(member)s heeft status %(state)s; de scope kan niet meer wijzigen.")
            % {"member": member, "state": _state_label(member.state)},
        )
    items = scope_items(scope_numbers)
    before = set(member.scope.values_list("number", flat=True))
    after = {item.number for item in items}
    added, removed = sorted(after - before), sorted(before - after)
    if not added and not removed:
        return member
    member.scope.set(items)
    parts = []
    if added:
        parts.append("+" + ",".join(str(n) for n in added))
    if removed:
        parts.append("-" + ",".join(str(n) for n in removed))
    _save(member, actor=actor, reason=stored("scope gewijzigd (R-M5): %(changes)s",
                                              changes=" ".join(parts)))
    if added and member.state in MEMBERSHIP_STATES:
        titles = ", ".join(item.title for item in items if item.number in added)
        flag_raise(
            key=f"{SCOPE_EXTENSION_FLAG_PREFIX}{member.pk}:{today.isoformat()}:"
                + "-".join(str(n) for n in added),
            rule_id="R-T2", audience=FlagAudience.BUREAU,
            message=stored("R-T2: scope uitgebreid; overweeg tussentijdse audit (%(titles)s)",
                           titles=titles),
            today=today, member=member, subject=member,
        )
    return member


# --- R-M6 core data ---------------------------------------------------------------------------


def _current_core_data(member: Member) -> CoreData:
    core = CoreData.objects.select_for_update().filter(member=member, audit__isnull=True).first()
    return core or CoreData(member=member, name=member.name)


@transaction.atomic
def core_data_update(
    *, member: Member, data: dict, actor, today: dt.date | None = None,
) -> CoreData:
    """R-M6: the member (or the bureau) keeps its kerngegevens of appendix 2 up to date."""
    _require_bureau_or_contact(actor, member, rule_id="R-M6", what=_("de kerngegevens wijzigen"))
    unknown = sorted(set(data) - set(CoreData.SNAPSHOT_FIELDS))
    if unknown:
        raise RuleViolation(
            "R-M6", _("Onbekende kerngegevens: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    member = _lock(member)
    core = _current_core_data(member)
    for field, value in data.items():
        setattr(core, field, "" if value is None and _is_text(field) else value)
    try:
        core.full_clean(exclude=["member", "audit"], validate_unique=False,
                        validate_constraints=False)
    except ValidationError as error:
        fields = ", ".join(
            str(CoreData._meta.get_field(f).verbose_name) for f in error.message_dict
        )
        raise RuleViolation(
            "R-M6", _("Controleer de kerngegevens: %(fields)s.") % {"fields": fields}
        ) from None
    return _save(core, actor=actor, reason=stored("kerngegevens bijgewerkt (R-M6)"))


def _is_text(field: str) -> bool:
    return CoreData._meta.get_field(field).get_internal_type() in (
        "CharField", "TextField", "EmailField", "URLField",
    )


@transaction.atomic
def core_data_snapshot(*, audit, actor, today: dt.date | None = None) -> CoreData:
    """R-M6/R-U6: freeze the member's current kerngegevens for ``audit`` (the basis of its
    size). Taking it again before the fieldwork refreshes the frozen copy."""
    member = _lock(audit.member)
    current = CoreData.objects.filter(member=member, audit__isnull=True).first()
    if current is None:
        raise RuleViolation(
            "R-M6", _("%(member)s heeft nog geen kerngegevens vastgelegd.") % {"member": member}
        )
    snapshot = CoreData.objects.select_for_update().filter(audit=audit).first()
    snapshot = snapshot or CoreData(member=member, audit=audit)
    for field in CoreData.SNAPSHOT_FIELDS:
        setattr(snapshot, field, getattr(current, field))
    return _save(snapshot, actor=actor,
                             reason=stored("kerngegevens vastgelegd voor audit %(audit)s (R-M6)",
                                           audit=audit.pk))
