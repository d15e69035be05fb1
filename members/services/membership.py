"""The membership after admission: pause and its end (R-M4, with R-M3's condition of a valid
certificate) and resignation (R-M2).

The suspension transitions ``suspend``, ``lift_suspension`` and ``expel`` are driven by
``suspensions.services``; they are deliberately not wrapped here."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import date_label
from core.decisions import decision_record
from core.exceptions import refuse_first
from core.flags import flags_resolve_for_member
from core.history import save_with_history as _save
from core.messages import stored
from core.models import DecisionKind, Role
from core.rules import require_role as _require_role
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails, hooks
from ..models import Member
from ._common import _lock, _require_bureau_or_contact, _source_blockers

# --- R-M4 pause, resignation ------------------------------------------------------------------


def pause_blockers(member: Member, *, pausing: bool, today: dt.date) -> list[tuple[str, str]]:
    """R-M4/R-M3 (R-0.5): what stands in the way of pausing (``pausing``) or ending the pause
    of ``member`` on ``today``, as ``(rule_id, Dutch text)``: the page shows it before the click
    and :func:`member_pause` / :func:`member_resume` refuse with the first."""
    if pausing:
        return _source_blockers(member, member.pause, rule_id="R-M4", step=_("pauzering"))
    blockers = _source_blockers(member, member.resume, rule_id="R-M4",
                                step=_("beëindiging van de pauze"))
    if not blockers and not hooks.ask("has_valid_certificate", member, today):
        blockers.append(("R-M3", _(
            "%(member)s heeft op %(today)s geen geldig certificaat; de pauze kan pas eindigen "
            "met een geldig certificaat.") % {"member": member, "today": date_label(today)}))
    return blockers


def resignation_blockers(member: Member) -> list[tuple[str, str]]:
    """R-M2 (R-0.5): what stands in the way of ``member`` resigning now, as ``(rule_id, Dutch
    text)``: the resignation pages show it before the click and :func:`member_resign` refuses
    with it."""
    return _source_blockers(member, member.resign, rule_id="R-M2", step=_("opzegging"))


@transaction.atomic
def member_pause(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M4: the directeur pauses a membership so the organisation can still get certified; a
    paused member does not appear as a member in the public register."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M4", what=_("een lidmaatschap pauzeren"))
    require_text(motivation, rule_id="R-0.3", message=_(
        "Een besluit tot pauzering heeft een motivering nodig."))
    member = _lock(member)
    refuse_first(pause_blockers(member, pausing=True, today=today))
    member.pause()
    member.state_changed_on = today
    _save(member, actor=actor, reason=stored("lidmaatschap gepauzeerd (R-M4)"))
    # R-M3: the directeur chose between pause and suspension; that question is answered.
    flags_resolve_for_member(member=member, key_prefix="R-M3:options:", today=today,
                             actor=actor)
    decision_record(
        kind=DecisionKind.PAUSE, outcome=stored("lidmaatschap gepauzeerd"), rule_id="R-M4",
        actor=actor, role=Role.DIRECTOR, subject=member, motivation=motivation, member=member,
    )
    return member


@transaction.atomic
def member_resume(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M4: the directeur ends the pause; R-M3: only with a certificate valid today."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M4", what=_("een pauzering beëindigen"))
    require_text(motivation, rule_id="R-0.3", message=_("Een besluit heeft een motivering nodig."))
    member = _lock(member)
    refuse_first(pause_blockers(member, pausing=False, today=today))
    member.resume()
    member.state_changed_on = today
    member.without_certificate_since = None
    _save(member, actor=actor, reason=stored("pauze beëindigd (R-M4)"))
    decision_record(
        kind=DecisionKind.PAUSE, outcome=stored("pauze beëindigd"), rule_id="R-M4", actor=actor,
        role=Role.DIRECTOR, subject=member, motivation=motivation, member=member,
    )
    return member


@transaction.atomic
def member_resign(
    *, member: Member, reason: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M2: the member ends its membership (registered by the bureau or the member's own
    contact). Open audits are cancelled."""
    today = _today(today)
    _require_bureau_or_contact(actor, member, rule_id="R-M2", what=_("het lidmaatschap opzeggen"))
    require_text(reason, rule_id="R-M2", message=_("Vermeld de reden van de opzegging."))
    member = _lock(member)
    refuse_first(resignation_blockers(member))
    member.resign()
    member.state_changed_on = today
    _save(member, actor=actor, reason=stored("lidmaatschap opgezegd (R-M2): %(reason)s",
                                         reason=reason))
    hooks.ask("cancel_open_audits", member, actor=actor, reason=stored("lidmaatschap opgezegd (R-M2)"))
    # R-M3 no longer applies to a former member.
    flags_resolve_for_member(member=member, key_prefix="R-M3:", today=today, actor=actor)
    transaction.on_commit(lambda: emails.membership_resigned(member_id=member.pk), robust=True)
    return member
