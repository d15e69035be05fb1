"""The daily sweep of suspensions (R-S4, R-S5): ended suspensions flagged, the Bestuur's
appeal deadlines signalled, expulsions made final once the appeal window has passed.
Registered with core.sweep in ``SuspensionsConfig.ready()``."""

import datetime as dt

from django.db import transaction
from django_fsm import can_proceed

from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import choice, stored
from core.models import Flag, FlagAudience

from .. import deadlines
from ..models import (
    OPEN_SUSPENSION_STATES,
    Appeal,
    AppealState,
    AppealSubject,
    Suspension,
    SuspensionState,
)
from ._common import _end_flag_keys, _lock_suspension, _pending_appeals, notice_flag_key
from .suspensions import _expulsion_make_final

# --- the daily sweep (R-S4, R-S5) ---------------------------------------------------------------


def suspensions_sweep(*, today: dt.date) -> dict[str, int]:
    """Idempotent daily work: a second run on the same day changes nothing.

    - R-S5: an open suspension past its last day without an outcome is flagged for the
      directeur; with an appeal pending, for the Bestuur instead (the directeur must wait).
    - R-S4: a pending appeal whose board deadline is within 14 days is signalled to the
      Bestuur and the bureau (``deadline_warned_on`` set once); a passed deadline is flagged
      as overdue.
    - R-S5 (b): an expulsion whose appeal window passed without an appeal becomes final.
    - R-S7: the notice flag of a lifted suspension closes itself.
    """
    counts = {"suspensions_end_flagged": 0, "appeal_deadlines_warned": 0,
              "appeal_deadlines_overdue": 0, "expulsions_final": 0, "notice_flags_closed": 0}

    for pk in (Suspension.objects.filter(state__in=OPEN_SUSPENSION_STATES, ends_on__lt=today)
               .values_list("pk", flat=True)):
        with transaction.atomic():
            member, suspension = _lock_suspension(Suspension(pk=pk))
            if suspension.state not in OPEN_SUSPENSION_STATES or suspension.ends_on >= today:
                continue
            pending = _pending_appeals(suspension).exists()
            key = _end_flag_keys(suspension)[1 if pending else 0]
            if pending:
                message = stored("De schorsing van %(member)s is op %(end)s geëindigd, maar er "
                                 "loopt een beroep: het bestuur beslist eerst.")
            else:
                message = stored("De schorsing van %(member)s is op %(end)s geëindigd: de "
                                 "directeur beslist over verlenging, ontzetting of opheffing.")
            _flag, created = flag_raise(
                key=key, rule_id="R-S5", member=member, subject=suspension, today=today,
                audience=FlagAudience.BOARD if pending else FlagAudience.DIRECTOR,
                due_on=suspension.ends_on,
                message=message.with_params(member=member, end=suspension.ends_on),
            )
            if suspension.end_reached_flagged_on is None:
                suspension.end_reached_flagged_on = today
                save_with_history(suspension, actor=None,
                                  reason=stored("R-S5: einde schorsing gesignaleerd"))
            counts["suspensions_end_flagged"] += int(created)

    warn_until = today + dt.timedelta(days=deadlines.BOARD_WARNING_DAYS)
    for pk in (Appeal.objects.filter(state=AppealState.PENDING, board_deadline__lte=warn_until)
               .values_list("pk", flat=True)):
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().get(pk=pk)
            if appeal.state != AppealState.PENDING:
                continue
            member = appeal.suspension.member
            overdue = appeal.board_deadline < today
            values = {"member": member, "deadline": appeal.board_deadline,
                      "subject": choice(AppealSubject, appeal.subject, lower=True)}
            created_any = False
            for audience in (FlagAudience.BOARD, FlagAudience.BUREAU):
                _flag, created = flag_raise(
                    key=f"appeal-deadline-{appeal.pk}-{audience}", rule_id="R-S4",
                    audience=audience, member=member, subject=appeal, today=today,
                    due_on=appeal.board_deadline,
                    message=stored("Het bestuur moet uiterlijk %(deadline)s beslissen op het "
                                   "beroep van %(member)s tegen %(subject)s.", **values),
                )
                created_any |= created
            if created_any:
                counts["appeal_deadlines_warned"] += 1
            if appeal.deadline_warned_on is None:
                appeal.deadline_warned_on = today
                save_with_history(appeal, actor=None,
                                  reason=stored("R-S4: beslistermijn bestuur nadert"))
            if overdue:
                _flag, created = flag_raise(
                    key=f"appeal-overdue-{appeal.pk}", rule_id="R-S4",
                    audience=FlagAudience.BOARD, member=member, subject=appeal, today=today,
                    due_on=appeal.board_deadline,
                    message=stored("De beslistermijn van het bestuur op het beroep van "
                                   "%(member)s is op %(deadline)s verstreken.",
                                   member=member, deadline=appeal.board_deadline),
                )
                counts["appeal_deadlines_overdue"] += int(created)

    for pk in (Suspension.objects.filter(state=SuspensionState.EXPELLED,
                                         expulsion_effective_on__isnull=True)
               .values_list("pk", flat=True)):
        with transaction.atomic():
            member, suspension = _lock_suspension(Suspension(pk=pk))
            if (suspension.state != SuspensionState.EXPELLED
                    or suspension.expulsion_effective_on or not suspension.outcome_notified_on):
                continue
            if today <= deadlines.appeal_deadline(suspension.outcome_notified_on):
                continue  # the member may still appeal (R-S3)
            if Appeal.objects.filter(suspension=suspension, subject=AppealSubject.EXPULSION,
                                     decision_notified_on=suspension.outcome_notified_on
                                     ).exists():
                continue  # the Bestuur's ruling decides (appeal_rule)
            if not can_proceed(member.expel):
                continue
            _expulsion_make_final(member=member, suspension=suspension, on=today, actor=None,
                                  reason=stored("R-S5: ontzetting onherroepelijk (geen beroep)"))
            counts["expulsions_final"] += 1

    # R-S7, issue #9: a notice flag whose suspension was lifted closes itself (the services
    # that lift resolve it; this catches a suspension lifted any other way).
    lifted = Suspension.objects.filter(state=SuspensionState.LIFTED).values_list("pk", flat=True)
    for flag in Flag.objects.open().filter(
            key__in=[notice_flag_key(Suspension(pk=pk)) for pk in lifted]):
        with transaction.atomic():
            counts["notice_flags_closed"] += flag_resolve(
                key=flag.key, today=today, actor=None,
                reason=stored("de schorsing is opgeheven; een mededeling is niet meer "
                              "nodig"))
    return counts
