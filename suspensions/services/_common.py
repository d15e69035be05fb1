"""The private helpers the suspension services share (R-S5): locking a member and its
suspension in one order, the pending appeals, the R-S5 outcome checks and the end-of-suspension
flags. Imports nothing of its siblings in :mod:`suspensions.services`."""

import datetime as dt

from django.utils.translation import gettext as _

from core.dates import date_label
from core.exceptions import RuleViolation
from core.flags import flag_resolve
from core.messages import stored
from members.models import Member

from ..models import OPEN_SUSPENSION_STATES, Appeal, AppealState, Suspension

# --- helpers --------------------------------------------------------------------------------


def _lock_member(member_id) -> Member:
    return Member.objects.select_for_update().get(pk=member_id)


def _lock_suspension(suspension) -> tuple[Member, Suspension]:
    """Lock in one order everywhere (member, then suspension, then appeal) so that two
    services on the same suspension never deadlock."""
    member_id = Suspension.objects.values_list("member_id", flat=True).get(pk=suspension.pk)
    member = _lock_member(member_id)
    return member, Suspension.objects.select_for_update().get(pk=suspension.pk)


def _pending_appeals(suspension):
    return Appeal.objects.filter(suspension=suspension, state=AppealState.PENDING)


def _state_label(obj) -> str:
    return str(obj.get_state_display())


def _ci_advice_since(member, since: dt.date) -> bool:
    """R-S5: "or earlier, when a CI has given advice" — an advice on any audit of the member
    given on or after ``since``."""
    from findings.models import Advice

    return Advice.objects.filter(audit__member=member, given_on__gte=since).exists()


def _check_outcome_allowed(suspension: Suspension, today: dt.date) -> None:
    """R-S5: the directeur decides only when no appeal is pending, at the end of the
    suspension (from its last day on) or earlier once a CI has given advice."""
    if _pending_appeals(suspension).exists():
        raise RuleViolation("R-S5", _(
            "Er loopt een beroep bij het bestuur tegen deze schorsing; de directeur kan pas "
            "over de uitkomst beslissen als het bestuur uitspraak heeft gedaan."))
    if today < suspension.ends_on and not _ci_advice_since(suspension.member,
                                                           suspension.starts_on):
        raise RuleViolation("R-S5", _(
            "De schorsing loopt tot en met %(end)s. Eerder beslissen kan alleen als een "
            "certificerende instelling inmiddels advies heeft uitgebracht.")
            % {"end": date_label(suspension.ends_on)})


def _require_open(suspension: Suspension, *, action: str) -> None:
    if suspension.state not in OPEN_SUSPENSION_STATES:
        raise RuleViolation("R-S5", _(
            "De schorsing staat op '%(state)s'; %(action)s kan alleen bij een lopende "
            "schorsing (geschorst of verlengd).")
            % {"state": _state_label(suspension), "action": action})


def _end_flag_keys(suspension: Suspension) -> list[str]:
    return [f"suspension-end-{suspension.pk}-{suspension.ends_on.isoformat()}",
            f"suspension-end-appeal-{suspension.pk}-{suspension.ends_on.isoformat()}"]


def _resolve_end_flags(suspension: Suspension, *, today, actor) -> None:
    for key in _end_flag_keys(suspension):
        flag_resolve(key=key, today=today, actor=actor)


def notice_flag_key(suspension: Suspension) -> str:
    """R-S7: the bureau's flag to make the suspension known to members and partners."""
    return f"suspension-notice-{suspension.pk}"


def _after_lift(*, suspension: Suspension, member, today, actor, why: str) -> None:
    """The suspension ended with the member a member again (lifted by the directeur, or the
    Bestuur upheld the appeal): flags whose condition no longer holds close themselves, and
    a condition that returns raises a fresh flag (issue #9).

    - R-S7: a suspension that no longer stands need not be made known any more;
    - R-M3: without a valid certificate the member is a member without a certificate again."""
    from certificates.services import member_without_certificate_again

    flag_resolve(key=notice_flag_key(suspension), today=today, actor=actor,
                 reason=stored("de schorsing is opgeheven (%(why)s); een mededeling is niet "
                               "meer nodig", why=why))
    member_without_certificate_again(member=member, today=today, actor=actor)
