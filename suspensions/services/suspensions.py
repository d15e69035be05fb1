"""The suspension itself: the directeur's decision to suspend (R-S1, R-S2, R-M2, R-S7) and
its outcome (R-S5: extend, lift, lift after a re-audit (R-S6), convert into an expulsion),
with the expulsion becoming final (R-S5 b, R-Z5). "The module docstring" in the docstrings
below is the package's, :mod:`suspensions.services`."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.dates import date_label
from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_raise, flags_resolve_for_member
from core.history import save_with_history
from core.messages import stored, stored_label, stored_plural
from core.models import DecisionKind, FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import require_text as _require_text

from .. import deadlines, emails
from ..models import Hearing, Publication, Suspension
from ._common import (
    _after_lift,
    _lock_member,
    _lock_suspension,
    _resolve_end_flags,
    _state_label,
    notice_flag_key,
)
from .blockers import suspension_outcome_blockers

# --- R-S1/R-S2 the suspension decision ------------------------------------------------------


def suspension_decide_blockers(member, hearing, *, today: dt.date) -> list[tuple[str, str]]:
    """R-S1/R-M2 (R-0.5): what stands in the way of suspending ``member`` on ``hearing`` now,
    as ``(rule_id, Dutch text)``: the decision page shows it before the click and
    :func:`suspension_decide` refuses with the first. The dates, the period and the
    publication chosen in the form are checked on submit."""
    if hearing.member_id != member.pk:
        return [("R-S1", _("Deze hoorzitting betreft een ander lid."))]
    if Suspension.objects.filter(hearing=hearing).exists():
        return [("R-S1", _(
            "Op deze hoorzitting is al een schorsingsbesluit gebaseerd; een nieuw besluit "
            "vraagt een nieuwe oproep en hoorzitting."))]
    blockers = []
    if hearing.hearing_on > today or not (hearing.held_on or hearing.member_did_not_appear):
        blockers.append(("R-S1", _(
            "De hoorzitting van %(on)s is nog niet vastgelegd als gehouden (of als 'lid niet "
            "verschenen'); de directeur besluit pas daarna.")
            % {"on": date_label(hearing.hearing_on)}))
    if not can_proceed(member.suspend):
        blockers.append(("R-M2", _(
            "%(member)s staat op '%(state)s'; schorsen kan alleen vanuit 'lid' of "
            "'gepauzeerd'.") % {"member": member, "state": _state_label(member)}))
    return blockers


def suspension_decide(*, member, hearing, starts_on: dt.date, months: int, notified_on: dt.date,
                      motivation: str, publication: str = Publication.NONE, actor,
                      documents=(), today: dt.date | None = None) -> Suspension:
    """R-S1, R-S2, R-M2, R-S7: the directeur suspends ``member`` for one to three months.

    Refused without a recorded summons whose hearing took place (or at which the member did
    not appear) — R-S1. ``notified_on`` starts the appeal window (R-S3). The publication
    choice is recorded (R-S7), as a decision of its own when it is not "none"."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, rule_id="R-M2", message=_(
        "Alleen de directeur besluit tot schorsing van een lid."))
    motivation = _require_text(motivation, rule_id="R-0.3", message=_(
        "Een schorsingsbesluit heeft een schriftelijke motivering nodig."))
    if not 1 <= int(months) <= deadlines.MAX_SUSPENSION_MONTHS:
        raise RuleViolation("R-S2", _(
            "Een schorsing duurt minimaal één en maximaal drie maanden (gevraagd: %(n)s).")
            % {"n": months})
    if publication not in Publication.values:
        raise RuleViolation("R-S7", _("Kies hoe de schorsing buiten de vereniging wordt "
                                      "bekendgemaakt."))
    if hearing is None:
        raise RuleViolation("R-S1", _(
            "Geen schorsing zonder hoorzitting: roep het lid eerst behoorlijk op en leg de "
            "hoorzitting vast."))
    with transaction.atomic():
        member = _lock_member(member.pk)
        hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
        refuse_first(suspension_decide_blockers(member, hearing, today=today))
        if starts_on < hearing.hearing_on or notified_on < hearing.hearing_on:
            raise RuleViolation("R-S1", _(
                "De schorsing kan niet ingaan of bekendgemaakt zijn vóór de hoorzitting "
                "(%(on)s).") % {"on": date_label(hearing.hearing_on)})
        member.suspend()
        member.state_changed_on = today
        save_with_history(member, actor=actor, reason=stored("R-S1: geschorst door de directeur"))
        # R-M3: the directeur chose suspension; the "pause or suspend?" flag is answered.
        flags_resolve_for_member(member=member, key_prefix="R-M3:options:", today=today,
                                 actor=actor)
        suspension = Suspension(
            member=member, hearing=hearing, starts_on=starts_on, months=months,
            ends_on=deadlines.suspension_end(starts_on, months), notified_on=notified_on,
            publication=publication,
        )
        save_with_history(suspension, actor=actor,
                          reason=stored_plural("R-S2: geschorst voor %(n)d maand",
                                               "R-S2: geschorst voor %(n)d maanden", n=months))
        # R-S3: the member is told, with the last day to appeal, after the commit.
        transaction.on_commit(lambda: emails.suspension_decided(suspension_id=suspension.pk),
                              robust=True)
        decision_record(
            kind=DecisionKind.SUSPENSION, rule_id="R-S1", actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=stored_plural("Geschorst voor %(n)d maand: %(start)s tot en met %(end)s",
                                  "Geschorst voor %(n)d maanden: %(start)s tot en met %(end)s",
                                  n=months, start=starts_on, end=suspension.ends_on),
        )
        if publication != Publication.NONE:
            decision_record(
                kind=DecisionKind.PUBLICATION, rule_id="R-S7", actor=actor,
                role=Role.DIRECTOR, subject=suspension, member=member, motivation=motivation,
                outcome=stored_label(Publication, publication),
            )
        # R-S7: the decision must be made known to members and convenant partners.
        flag_raise(
            key=notice_flag_key(suspension), rule_id="R-S7",
            audience=FlagAudience.BUREAU, member=member, subject=suspension, today=today,
            message=stored("Maak de schorsing van %(member)s bekend aan de leden en de "
                           "convenantpartners.", member=member),
        )
    return suspension


# --- R-S5 outcome -----------------------------------------------------------------------------


def suspension_extend(*, suspension, motivation: str, notified_on: dt.date, actor,
                      documents=(), today: dt.date | None = None) -> Suspension:
    """R-S5 (a), R-S2: extend once, by the same period, computed from the start date."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, rule_id="R-S5", message=_(
        "Alleen de directeur beslist over verlenging van een schorsing."))
    motivation = _require_text(motivation, rule_id="R-0.3", message=_(
        "Een verlengingsbesluit heeft een schriftelijke motivering nodig."))
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        # R-S2 (the guard: extended once at most), R-S5: what the page shows before the click.
        refuse_first(suspension_outcome_blockers(suspension, "extend", today=today,
                                                 member=member))
        new_end = deadlines.extension_end(suspension.starts_on, suspension.months)
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.extend(on=today, new_end=new_end)
        suspension.extension_notified_on = notified_on
        suspension.end_reached_flagged_on = None
        save_with_history(suspension, actor=actor,
                          reason=stored_plural("R-S2: verlengd met %(n)d maand",
                                               "R-S2: verlengd met %(n)d maanden",
                                               n=suspension.months))
        decision_record(
            kind=DecisionKind.EXTENSION, rule_id="R-S2", actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=stored_plural("Verlengd met %(n)d maand tot en met %(end)s",
                                  "Verlengd met %(n)d maanden tot en met %(end)s",
                                  n=suspension.months, end=new_end),
        )
    return suspension


def _lift(*, suspension, motivation, notified_on, actor, today, rule_id, documents=(),
          early_allowed=False) -> Suspension:
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        refuse_first(suspension_outcome_blockers(
            suspension, "lift_reaudit" if early_allowed else "lift", today=today,
            member=member))
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.lift(on=today)
        suspension.outcome_notified_on = notified_on
        reason = stored("%(rule)s: schorsing opgeheven", rule=rule_id)
        save_with_history(suspension, actor=actor, reason=reason)
        member.lift_suspension()
        member.state_changed_on = today
        save_with_history(member, actor=actor, reason=reason)
        _after_lift(suspension=suspension, member=member, today=today, actor=actor,
                    why=stored("besluit van de directeur"))
        decision_record(
            kind=DecisionKind.LIFTING, rule_id=rule_id, actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=stored("Schorsing opgeheven per %(on)s", on=today),
        )
    return suspension


def suspension_lift(*, suspension, motivation: str, notified_on: dt.date, actor, documents=(),
                    today: dt.date | None = None) -> Suspension:
    """R-S5 (c): the directeur lifts the suspension; the member is a member again."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, rule_id="R-S5", message=_(
        "Alleen de directeur beslist over opheffing van een schorsing."))
    motivation = _require_text(motivation, rule_id="R-0.3", message=_(
        "Een besluit tot opheffing heeft een schriftelijke motivering nodig."))
    return _lift(suspension=suspension, motivation=motivation, notified_on=notified_on,
                 actor=actor, today=today, rule_id="R-S5", documents=documents)


def suspension_lift_after_reaudit(*, suspension, audit, motivation: str, actor,
                                  notified_on: dt.date | None = None, documents=(),
                                  today: dt.date | None = None) -> Suspension:
    """R-S6 → R-S5 (c): the member initiated a re-audit during its suspension and the
    certification body's advice on it is positive; the directeur lifts the suspension (also
    before its end: the CI has given advice)."""
    from audits.models import AuditKind

    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, rule_id="R-S5", message=_(
        "Alleen de directeur beslist over opheffing van een schorsing."))
    motivation = _require_text(motivation, rule_id="R-0.3", message=_(
        "Een besluit tot opheffing heeft een schriftelijke motivering nodig."))
    if audit.member_id != suspension.member_id:
        raise RuleViolation("R-S6", _("Deze audit betreft een ander lid."))
    if audit.kind != AuditKind.RE_AUDIT:
        raise RuleViolation("R-S6", _(
            "Alleen een heraudit tijdens de schorsing kan tot opheffing leiden (deze audit is "
            "een %(kind)s).") % {"kind": audit.get_kind_display()})
    try:
        advice = audit.advice
    except ObjectDoesNotExist:
        advice = None
    if advice is None:
        raise RuleViolation("R-S6", _("De certificerende instelling heeft over deze heraudit "
                                      "nog geen advies uitgebracht."))
    if not advice.is_positive:
        raise RuleViolation("R-S6", _(
            "Het advies over de heraudit is %(advice)s; alleen een positief advies leidt tot "
            "opheffing.") % {"advice": advice.get_kind_display().lower()})
    if advice.given_on < suspension.starts_on:
        raise RuleViolation("R-S6", _("Het advies dateert van vóór de schorsing."))
    return _lift(suspension=suspension, motivation=motivation,
                 notified_on=notified_on or today, actor=actor, today=today, rule_id="R-S6",
                 documents=documents, early_allowed=True)


def suspension_expel(*, suspension, motivation: str, notified_on: dt.date, actor,
                     documents=(), today: dt.date | None = None) -> Suspension:
    """R-S5 (b): the directeur converts the suspension into an expulsion (ontzetting).

    The membership ends when the expulsion is final (see the module docstring): until the
    appeal window has passed or an appeal is dismissed, the member stays suspended."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, rule_id="R-S5", message=_(
        "Alleen de directeur beslist over ontzetting."))
    motivation = _require_text(motivation, rule_id="R-0.3", message=_(
        "Een besluit tot ontzetting heeft een schriftelijke motivering nodig."))
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        refuse_first(suspension_outcome_blockers(suspension, "expel", today=today,
                                                 member=member))
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.convert_to_expulsion(on=today)
        suspension.outcome_notified_on = notified_on
        save_with_history(suspension, actor=actor,
                          reason=stored("R-S5: schorsing omgezet in ontzetting"))
        decision_record(
            kind=DecisionKind.EXPULSION, rule_id="R-S5", actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=stored("Omgezet in ontzetting; onherroepelijk na %(on)s zonder beroep",
                           on=deadlines.appeal_deadline(notified_on)),
        )
    return suspension


def _expulsion_make_final(*, member, suspension, on: dt.date, actor, reason: str) -> None:
    """R-S5 (b): the expulsion is final; the membership ends. Still-valid certificates are
    flagged for the directeur's withdrawal decision (R-Z5)."""
    from certificates.models import CertificateState

    member.expel()
    member.state_changed_on = on
    save_with_history(member, actor=actor, reason=reason)
    # R-M3 no longer applies to an expelled organisation.
    flags_resolve_for_member(member=member, key_prefix="R-M3:", today=on, actor=actor)
    suspension.expulsion_effective_on = on
    save_with_history(suspension, actor=actor, reason=reason)
    for certificate in member.certificates.filter(state=CertificateState.VALID):
        flag_raise(
            key=f"expulsion-withdraw-{certificate.pk}", rule_id="R-Z5",
            audience=FlagAudience.DIRECTOR, member=member, subject=certificate, today=on,
            message=stored("%(member)s is ontzet; beslis over intrekking van certificaat "
                           "%(number)s.", member=member, number=certificate.number),
        )
