"""The work inbox (issue #11): staff assign a flag to a colleague of the right team, comment on
it, put it aside (snooze) until a date with a reason, and resolve it by hand
(:func:`core.flags.flag_resolve_by_hand`). Each is a service: the actor, atomic, the row
locked, the history naming who and why (R-N1, R-0.4).

Which flags a person works on is decided by the flag's audience: the bureau's flags by the
bureau, the directeur's by the directeur, the Bestuur's by the Bestuur; the directeur may work
on every flag (SPEC §1: the directeur sees everything)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .exceptions import RuleViolation
from .history import save_with_history
from .messages import stored
from .models import Flag, FlagAudience, FlagComment, Role, User
from .rules import require_text, today_or

#: Who works on a flag of each audience.
AUDIENCE_ROLES: dict[str, tuple[str, ...]] = {
    FlagAudience.BUREAU: (Role.BUREAU, Role.DIRECTOR),
    FlagAudience.DIRECTOR: (Role.DIRECTOR,),
    FlagAudience.BOARD: (Role.BOARD, Role.DIRECTOR),
}

#: The longest a flag may be put aside.
MAX_SNOOZE_DAYS = 366


def team_audiences(user) -> list[str]:
    """The flag audiences ``user`` works on (empty for anyone else)."""
    if user is None or not user.is_authenticated:
        return []
    return [audience for audience, roles in AUDIENCE_ROLES.items() if user.has_role(*roles)]


def may_work_on(user, flag: Flag) -> bool:
    return flag.audience in team_audiences(user)


def colleagues_for(flag: Flag) -> QuerySet:
    """The active people a flag may be assigned to: those of its audience's team."""
    roles = AUDIENCE_ROLES.get(flag.audience, ())
    return (User.objects.filter(is_active=True, roles__role__in=roles).distinct()
            .order_by("full_name", "email"))


def inbox_count_query(user, today: dt.date) -> QuerySet:
    """The open, awake flags that wait for ``user``: assigned to them, or unassigned in their
    team. The header counts these in one query."""
    return Flag.objects.awake(today).filter(
        Q(assignee=user) | Q(assignee__isnull=True, audience__in=team_audiences(user)))


def _lock(flag: Flag, actor) -> Flag:
    locked = Flag.objects.select_for_update().get(pk=flag.pk)
    if not may_work_on(actor, locked):
        raise RuleViolation("R-N1", _("Dit signaal hoort niet bij uw team."))
    if locked.resolved_on is not None:
        raise RuleViolation("R-N1", _("Dit signaal is al afgehandeld."))
    return locked


@transaction.atomic
def flag_assign(*, flag: Flag, assignee, actor) -> Flag:
    """R-N1: give the flag to a colleague of its team (or to nobody, ``assignee=None``)."""
    flag = _lock(flag, actor)
    if assignee is not None:
        roles = AUDIENCE_ROLES.get(flag.audience, ())
        if not assignee.has_role(*roles):
            raise RuleViolation("R-N1", _(
                "%(name)s hoort niet bij het team van dit signaal.") % {"name": assignee})
    if flag.assignee_id == getattr(assignee, "pk", None):
        return flag
    flag.assignee = assignee
    reason = (stored("signaal toegewezen aan %(name)s", name=str(assignee))
              if assignee is not None else stored("toewijzing van signaal ingetrokken"))
    save_with_history(flag, actor=actor, reason=reason)
    return flag


@transaction.atomic
def flag_comment(*, flag: Flag, text: str, actor) -> FlagComment:
    """R-N1: a staff note on the flag (never shown to members)."""
    flag = _lock(flag, actor)
    text = require_text(text, rule_id="R-N1", message=_("Schrijf een opmerking."))
    comment = FlagComment(flag=flag, author=actor, text=text[:2000])
    save_with_history(comment, actor=actor, reason=stored("opmerking bij signaal"))
    return comment


@transaction.atomic
def flag_snooze(*, flag: Flag, until: dt.date | None, reason: str, actor,
                today: dt.date | None = None) -> Flag:
    """R-N1: put the flag aside until ``until`` (it returns to the inbox that day), with the
    reason; ``until=None`` brings it back now."""
    flag = _lock(flag, actor)
    today = today_or(today)
    if until is None:
        if flag.snoozed_until is None:
            return flag
        flag.snoozed_until = None
        flag.snooze_reason = ""
        save_with_history(flag, actor=actor, reason=stored("signaal weer actief"))
        return flag
    reason = require_text(reason, rule_id="R-N1", message=_(
        "Vermeld waarom het signaal wordt uitgesteld."))
    if until <= today:
        raise RuleViolation("R-N1", _("Stel een signaal uit tot een datum na vandaag."))
    if until > today + dt.timedelta(days=MAX_SNOOZE_DAYS):
        raise RuleViolation("R-N1", _("Stel een signaal hoogstens een jaar uit."))
    flag.snoozed_until = until
    flag.snooze_reason = reason[:300]
    save_with_history(flag, actor=actor, reason=stored(
        "signaal uitgesteld tot %(until)s: %(reason)s", until=until,
        reason=reason[:200]))
    return flag


@transaction.atomic
def digest_preference_set(*, user, enabled: bool, actor) -> User:
    """Issue #11: a person turns their daily inbox digest on or off (only their own)."""
    if actor is None or actor.pk != user.pk:
        raise RuleViolation("R-N1", _("U kunt alleen uw eigen voorkeur wijzigen."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.daily_digest == enabled:
        return user
    user.daily_digest = enabled
    save_with_history(user, actor=actor, reason=stored(
        "dagelijks overzicht aangezet") if enabled else stored("dagelijks overzicht uitgezet"))
    return user
