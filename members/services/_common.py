"""The private helpers the members services share: who may act (a contact of the member or
the bureau, R-A1), refusing a transition from a state it does not leave (R-0.5), locking the
member row, the admission of R-M1, the scope items of R-M5 (appendix 1), the next member number
(R-M2) and the last decision of a kind (R-0.3).

Imports nothing of its sibling modules."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.exceptions import RuleViolation
from core.fsm import transition_sources
from core.models import Decision, Role

from ..models import Admission, Contact, Member, MemberNumberCounter, MemberState, ScopeItem

MEMBER_NUMBER_PREFIX = "L"
_MEMBER_NUMBER_RE = re.compile(r"^L(\d{5})$")


# --- helpers ----------------------------------------------------------------------------------


def _state_label(value: str) -> str:
    return str(MemberState(value).label)


def is_member_contact(user, member) -> bool:
    """The user is a contact person of ``member`` with a login (R-A1)."""
    return bool(
        user is not None
        and user.has_role(Role.MEMBER_CONTACT)
        and Contact.objects.filter(member=member, user=user).exists()
    )


def _require_bureau_or_contact(actor, member, *, rule_id: str, what: str) -> None:
    if actor is not None and (actor.has_role(Role.BUREAU) or is_member_contact(actor, member)):
        return
    raise RuleViolation(
        rule_id,
        _("Alleen het Verenigingsbureau of een contactpersoon van %(member)s mag %(what)s.")
        % {"member": member, "what": what},
    )


def _source_blockers(member: Member, transition, *, rule_id: str,
                     step: str) -> list[tuple[str, str]]:
    """A transition from a state it does not leave (R-0.5), as ``(rule_id, text)``: the current
    state and the states it can be taken from; empty when the state allows it."""
    if can_proceed(transition, check_conditions=False):
        return []
    sources = ", ".join(_state_label(s) for s in transition_sources(transition))
    return [(rule_id, _(
        "%(member)s heeft status %(state)s; %(step)s kan alleen vanuit: %(sources)s.")
        % {"member": member, "state": _state_label(member.state), "step": step,
           "sources": sources})]


def _lock(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _admission(member: Member) -> Admission:
    try:
        return Admission.objects.select_for_update().get(member=member)
    except Admission.DoesNotExist:
        raise RuleViolation(
            "R-M1", _("Van %(member)s is geen aanmelding vastgelegd.") % {"member": member}
        ) from None


def _application_state_blockers(member: Member, *states: str,
                                step: str) -> list[tuple[str, str]]:
    if member.state in states:
        return []
    return [("R-M1", _(
        "%(member)s heeft status %(state)s; %(step)s kan alleen bij status: %(allowed)s.")
        % {"member": member, "state": _state_label(member.state), "step": step,
           "allowed": ", ".join(_state_label(s) for s in states)})]


def _require_application_state(member: Member, *states: str, step: str) -> None:
    blockers = _application_state_blockers(member, *states, step=step)
    if blockers:
        raise RuleViolation(*blockers[0])


def scope_items(numbers: Iterable[int]) -> list[ScopeItem]:
    """The scope items with these numbers (R-M5: a subset of the 22 forms of appendix 1)."""
    wanted = sorted({int(n) for n in numbers})
    if not wanted:
        raise RuleViolation(
            "R-M5", _("Kies ten minste één vorm van financiële dienstverlening voor de scope.")
        )
    items = list(ScopeItem.objects.filter(number__in=wanted).order_by("number"))
    unknown = sorted(set(wanted) - {item.number for item in items})
    if unknown:
        raise RuleViolation(
            "R-M5",
            _("Onbekende scope-onderdelen: %(numbers)s (bijlage 1 kent 1 t/m 22).")
            % {"numbers": ", ".join(str(n) for n in unknown)},
        )
    return items


def _highest_member_number_in_use() -> int:
    highest = 0
    for number in Member.objects.filter(member_number__regex=r"^L[0-9]{5}$").values_list(
        "member_number", flat=True
    ):
        highest = max(highest, int(_MEMBER_NUMBER_RE.match(number).group(1)))
    return highest


def _next_member_number() -> str:
    """Draw the next member number (R-M2) from the locked counter row (issue #13): a second
    admission at the same moment waits for this transaction and draws the next number. The
    counter starts at the highest number in use; a number given outside the counter (an
    import) is skipped. When two transactions create the row at once, ``get_or_create``
    catches the loser's unique violation and reads (and locks) the winner's row."""
    with transaction.atomic():
        counter, _created = MemberNumberCounter.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_number": _highest_member_number_in_use()})
        sequence = counter.last_number + 1
        while Member.objects.filter(
                member_number=f"{MEMBER_NUMBER_PREFIX}{sequence:05d}").exists():
            sequence += 1
        counter.last_number = sequence
        counter.save(update_fields=["last_number"])
        return f"{MEMBER_NUMBER_PREFIX}{sequence:05d}"


def _last_decision(member: Member, kind: str) -> Decision | None:
    return Decision.objects.filter(member=member, kind=kind).order_by("-decided_at", "-id").first()
