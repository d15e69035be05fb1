"""R-S1: the hearing before a suspension — the directeur (or the bureau on his behalf)
summons the member, and the hearing is recorded (held, or the member did not appear)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.dates import date_label
from core.exceptions import RuleViolation, refuse_first
from core.history import save_with_history
from core.messages import stored
from core.models import Role
from core.rules import require_role as _require_role
from core.rules import require_text as _require_text

from .. import emails
from ..models import Hearing, SummonsMethod
from ._common import _lock_member, _state_label

# --- R-S1 hearing -------------------------------------------------------------------------


def hearing_summon_blockers(member) -> list[tuple[str, str]]:
    """R-S1 (R-0.5): what stands in the way of summoning ``member`` to a hearing about a
    suspension now, as ``(rule_id, Dutch text)``: the summons page shows it before the click
    and :func:`hearing_summon` refuses with it. The dates are checked on submit."""
    if can_proceed(member.suspend):
        return []
    return [("R-S1", _(
        "%(member)s staat op '%(state)s'; alleen een lid (of gepauzeerd lid) kan voor een "
        "hoorzitting over schorsing worden opgeroepen.")
        % {"member": member, "state": _state_label(member)})]


def hearing_summon(*, member, summoned_on: dt.date, method: str, hearing_on: dt.date, actor,
                   today: dt.date | None = None) -> Hearing:
    """R-S1: summon the member to be heard before the directeur decides on a suspension.

    The summons records its date, the way of summoning and the hearing date; the hearing is
    after the summons."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, Role.BUREAU, rule_id="R-S1", message=_(
        "Alleen de directeur (of het verenigingsbureau namens hem) roept een lid op voor een "
        "hoorzitting."))
    if method not in SummonsMethod.values:
        raise RuleViolation("R-S1", _("Kies hoe het lid is opgeroepen."))
    if summoned_on > today:
        raise RuleViolation("R-S1", _("De oproep kan niet in de toekomst zijn verstuurd."))
    if hearing_on <= summoned_on:
        raise RuleViolation("R-S1", _(
            "De hoorzitting moet na de oproep liggen; het lid moet behoorlijk worden "
            "opgeroepen."))
    with transaction.atomic():
        member = _lock_member(member.pk)
        refuse_first(hearing_summon_blockers(member))
        hearing = Hearing(member=member, summoned_on=summoned_on, method=method,
                          hearing_on=hearing_on, summoned_by=actor)
        save_with_history(hearing, actor=actor,
                          reason=stored("R-S1: opgeroepen voor hoorzitting op %(on)s",
                                        on=hearing_on))
        # R-S1: the summons goes to the member, after the commit.
        transaction.on_commit(lambda: emails.hearing_summons(hearing_id=hearing.pk),
                              robust=True)
    return hearing


def hearing_record(*, hearing, held_on: dt.date, member_statement: str = "",
                   member_did_not_appear: bool = False, actor,
                   today: dt.date | None = None) -> Hearing:
    """R-S1: record that the hearing took place and what the member said (or that it did
    not appear although properly summoned)."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, Role.BUREAU, rule_id="R-S1", message=_(
        "Alleen de directeur of het verenigingsbureau legt de hoorzitting vast."))
    with transaction.atomic():
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        if hearing.held_on:
            raise RuleViolation("R-S1", _(
                "Deze hoorzitting is al vastgelegd (gehouden op %(on)s).")
                % {"on": date_label(hearing.held_on)})
        if held_on > today:
            raise RuleViolation("R-S1", _(
                "Een hoorzitting kan pas worden vastgelegd als zij heeft plaatsgevonden."))
        if held_on <= hearing.summoned_on:
            raise RuleViolation("R-S1", _("De hoorzitting kan niet vóór of op de dag van de "
                                          "oproep zijn gehouden."))
        if member_did_not_appear and held_on < hearing.hearing_on:
            raise RuleViolation("R-S1", _(
                "Dat het lid niet is verschenen, blijkt pas op de geplande datum (%(on)s).")
                % {"on": date_label(hearing.hearing_on)})
        if not member_did_not_appear:
            member_statement = _require_text(member_statement, rule_id="R-S1", message=_(
                "Leg vast wat het lid op de hoorzitting naar voren bracht."))
        hearing.held_on = held_on
        hearing.member_statement = member_statement or ""
        hearing.member_did_not_appear = member_did_not_appear
        save_with_history(hearing, actor=actor, reason=(
            stored("R-S1: lid niet verschenen") if member_did_not_appear
            else stored("R-S1: hoorzitting gehouden")))
    return hearing
