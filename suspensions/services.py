"""Suspension, appeal, expulsion and publication (R-S1 … R-S7; guideline §2 "Tijdelijke
schorsing"). Every state change users can cause lives here; views, tasks and the admin call
these functions, never the transitions.

Who decides (SPEC §1): the directeur summons (the bureau may send the summons on his behalf),
suspends and decides the outcome (R-M2, R-S5); the Bestuur rules on appeals (R-S4); the
member (through a contact person, or the bureau registering a paper appeal) appeals (R-S3);
the bureau sends the notices (R-S7); the directeur and/or the Bestuur decide on publication
outside the association (R-S7).

Decisions taken here:

- ``ends_on`` is the last day of the suspension, ``add_months(start, months)`` (R-0.1
  inclusive, see ``suspensions/deadlines.py``); the extension end is computed from the start
  date (R-S2).
- R-S5 "at the end of the suspension (or earlier, when a CI has given advice)": the directeur
  can decide the outcome from the suspension's last day on, or earlier once a certification
  body has given an advice on an audit of the member since the suspension started.
- Expulsion takes effect when final (art. 2:35 lid 4 BW): when the appeal window passes
  without an appeal (the sweep), or when the Bestuur dismisses the appeal. Until then the
  member stays suspended; an upheld appeal restores the suspension.
- Certificates of an expelled member are *not* withdrawn automatically: withdrawal is the
  directeur's decision (R-Z5). When the expulsion becomes final, each still-valid
  certificate is flagged for the directeur.
- An upheld appeal: against the suspension → the suspension is lifted (member back to
  ``member``); against the extension → the extension is annulled and the suspension runs to
  its original end (the extension still counts as the one extension of R-S2); against the
  expulsion → the suspension is restored and the directeur decides again; against the
  lifting → recorded and flagged to the directeur, but nothing is reinstated: a new
  suspension needs a new hearing (R-S1).
"""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve, flags_resolve_for_member
from core.history import save_with_history
from core.models import DecisionKind, FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import require_text as _require_text
from members.models import Contact, Member

from . import deadlines, emails
from .models import (
    OPEN_SUSPENSION_STATES,
    Appeal,
    AppealState,
    AppealSubject,
    Hearing,
    NoticeAudience,
    Publication,
    SummonsMethod,
    Suspension,
    SuspensionNotice,
    SuspensionState,
)
from .tasks import queue_suspension_notice

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
            % {"end": suspension.ends_on.isoformat()})


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


# --- R-S1 hearing -------------------------------------------------------------------------


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
        if not can_proceed(member.suspend):
            raise RuleViolation("R-S1", _(
                "%(member)s staat op '%(state)s'; alleen een lid (of gepauzeerd lid) kan voor "
                "een hoorzitting over schorsing worden opgeroepen.")
                % {"member": member, "state": _state_label(member)})
        hearing = Hearing(member=member, summoned_on=summoned_on, method=method,
                          hearing_on=hearing_on, summoned_by=actor)
        save_with_history(hearing, actor=actor,
                          reason=f"R-S1: opgeroepen voor hoorzitting op {hearing_on}")
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
                % {"on": hearing.held_on.isoformat()})
        if held_on > today:
            raise RuleViolation("R-S1", _(
                "Een hoorzitting kan pas worden vastgelegd als zij heeft plaatsgevonden."))
        if held_on <= hearing.summoned_on:
            raise RuleViolation("R-S1", _("De hoorzitting kan niet vóór of op de dag van de "
                                          "oproep zijn gehouden."))
        if member_did_not_appear and held_on < hearing.hearing_on:
            raise RuleViolation("R-S1", _(
                "Dat het lid niet is verschenen, blijkt pas op de geplande datum (%(on)s).")
                % {"on": hearing.hearing_on.isoformat()})
        if not member_did_not_appear:
            member_statement = _require_text(member_statement, rule_id="R-S1", message=_(
                "Leg vast wat het lid op de hoorzitting naar voren bracht."))
        hearing.held_on = held_on
        hearing.member_statement = member_statement or ""
        hearing.member_did_not_appear = member_did_not_appear
        save_with_history(hearing, actor=actor, reason=(
            "R-S1: lid niet verschenen" if member_did_not_appear
            else "R-S1: hoorzitting gehouden"))
    return hearing


# --- R-S1/R-S2 the suspension decision ------------------------------------------------------


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
        if hearing.member_id != member.pk:
            raise RuleViolation("R-S1", _("Deze hoorzitting betreft een ander lid."))
        if Suspension.objects.filter(hearing=hearing).exists():
            raise RuleViolation("R-S1", _(
                "Op deze hoorzitting is al een schorsingsbesluit gebaseerd; een nieuw besluit "
                "vraagt een nieuwe oproep en hoorzitting."))
        if hearing.hearing_on > today or not (hearing.held_on or hearing.member_did_not_appear):
            raise RuleViolation("R-S1", _(
                "De hoorzitting van %(on)s is nog niet vastgelegd als gehouden (of als 'lid niet "
                "verschenen'); de directeur besluit pas daarna.")
                % {"on": hearing.hearing_on.isoformat()})
        if starts_on < hearing.hearing_on or notified_on < hearing.hearing_on:
            raise RuleViolation("R-S1", _(
                "De schorsing kan niet ingaan of bekendgemaakt zijn vóór de hoorzitting "
                "(%(on)s).") % {"on": hearing.hearing_on.isoformat()})
        if not can_proceed(member.suspend):
            raise RuleViolation("R-M2", _(
                "%(member)s staat op '%(state)s'; schorsen kan alleen vanuit 'lid' of "
                "'gepauzeerd'.") % {"member": member, "state": _state_label(member)})
        member.suspend()
        member.state_changed_on = today
        save_with_history(member, actor=actor, reason="R-S1: geschorst door de directeur")
        # R-M3: the directeur chose suspension; the "pause or suspend?" flag is answered.
        flags_resolve_for_member(member=member, key_prefix="R-M3:options:", today=today,
                                 actor=actor)
        suspension = Suspension(
            member=member, hearing=hearing, starts_on=starts_on, months=months,
            ends_on=deadlines.suspension_end(starts_on, months), notified_on=notified_on,
            publication=publication,
        )
        save_with_history(suspension, actor=actor,
                          reason=f"R-S2: geschorst voor {months} maand(en)")
        # R-S3: the member is told, with the last day to appeal, after the commit.
        transaction.on_commit(lambda: emails.suspension_decided(suspension_id=suspension.pk),
                              robust=True)
        decision_record(
            kind=DecisionKind.SUSPENSION, rule_id="R-S1", actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=f"Geschorst voor {months} maand(en): {starts_on} t/m {suspension.ends_on}",
        )
        if publication != Publication.NONE:
            decision_record(
                kind=DecisionKind.PUBLICATION, rule_id="R-S7", actor=actor,
                role=Role.DIRECTOR, subject=suspension, member=member, motivation=motivation,
                outcome=str(Publication(publication).label),
            )
        # R-S7: the decision must be made known to members and convenant partners.
        flag_raise(
            key=f"suspension-notice-{suspension.pk}", rule_id="R-S7",
            audience=FlagAudience.BUREAU, member=member, subject=suspension, today=today,
            message=_("Maak de schorsing van %(member)s bekend aan de leden en de "
                      "convenantpartners.") % {"member": member},
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
        if suspension.extended_on:
            raise RuleViolation("R-S2", _(
                "Deze schorsing is al eenmaal verlengd (op %(on)s); een tweede verlenging is "
                "niet mogelijk.") % {"on": suspension.extended_on.isoformat()})
        _require_open(suspension, action=_("verlengen"))
        _check_outcome_allowed(suspension, today)
        new_end = deadlines.extension_end(suspension.starts_on, suspension.months)
        if new_end < today:
            raise RuleViolation("R-S2", _(
                "Een verlenging met dezelfde periode zou op %(end)s eindigen; die datum is al "
                "voorbij. Kies voor opheffing of ontzetting.") % {"end": new_end.isoformat()})
        if not can_proceed(suspension.extend):
            raise RuleViolation("R-S2", _("Deze schorsing kan niet (nogmaals) worden verlengd."))
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.extend(on=today, new_end=new_end)
        suspension.extension_notified_on = notified_on
        suspension.end_reached_flagged_on = None
        save_with_history(suspension, actor=actor,
                          reason=f"R-S2: verlengd met {suspension.months} maand(en)")
        decision_record(
            kind=DecisionKind.EXTENSION, rule_id="R-S2", actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=f"Verlengd met {suspension.months} maand(en) tot en met {new_end}",
        )
    return suspension


def _lift(*, suspension, motivation, notified_on, actor, today, rule_id, documents=(),
          early_allowed=False) -> Suspension:
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        _require_open(suspension, action=_("opheffen"))
        if early_allowed:
            if _pending_appeals(suspension).exists():
                raise RuleViolation("R-S5", _(
                    "Er loopt een beroep bij het bestuur; de directeur beslist pas na de "
                    "uitspraak."))
        else:
            _check_outcome_allowed(suspension, today)
        if not (can_proceed(suspension.lift) and can_proceed(member.lift_suspension)):
            raise RuleViolation("R-S5", _("De schorsing van %(member)s kan niet worden "
                                          "opgeheven.") % {"member": member})
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.lift(on=today)
        suspension.outcome_notified_on = notified_on
        save_with_history(suspension, actor=actor, reason=f"{rule_id}: schorsing opgeheven")
        member.lift_suspension()
        member.state_changed_on = today
        save_with_history(member, actor=actor, reason=f"{rule_id}: schorsing opgeheven")
        decision_record(
            kind=DecisionKind.LIFTING, rule_id=rule_id, actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=f"Schorsing opgeheven per {today}",
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
        _require_open(suspension, action=_("omzetten in ontzetting"))
        _check_outcome_allowed(suspension, today)
        if not (can_proceed(suspension.convert_to_expulsion) and can_proceed(member.expel)):
            raise RuleViolation("R-S5", _("%(member)s staat op '%(state)s'; alleen een "
                                          "geschorst lid kan worden ontzet.")
                                % {"member": member, "state": _state_label(member)})
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.convert_to_expulsion(on=today)
        suspension.outcome_notified_on = notified_on
        save_with_history(suspension, actor=actor,
                          reason="R-S5: schorsing omgezet in ontzetting")
        decision_record(
            kind=DecisionKind.EXPULSION, rule_id="R-S5", actor=actor, role=Role.DIRECTOR,
            subject=suspension, member=member, motivation=motivation, documents=documents,
            outcome=(f"Omgezet in ontzetting; onherroepelijk na "
                     f"{deadlines.appeal_deadline(notified_on)} zonder beroep"),
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
            message=_("%(member)s is ontzet; beslis over intrekking van certificaat "
                      "%(number)s.") % {"member": member, "number": certificate.number},
        )


# --- R-S3/R-S4 appeals --------------------------------------------------------------------------


def appealed_decision_notified_on(suspension: Suspension, subject: str) -> dt.date:
    """R-S3: the notification of the decision ``subject`` of ``suspension`` from which the
    one-month window runs. Raises when there is no such decision to appeal."""
    if subject == AppealSubject.SUSPENSION:
        if suspension.state not in OPEN_SUSPENSION_STATES:
            raise RuleViolation("R-S3", _("Deze schorsing is niet meer van kracht; er valt "
                                          "geen beroep meer tegen in te stellen."))
        return suspension.notified_on
    if subject == AppealSubject.EXTENSION:
        if suspension.state != SuspensionState.EXTENDED or not suspension.extension_notified_on:
            raise RuleViolation("R-S3", _("Deze schorsing is niet verlengd."))
        return suspension.extension_notified_on
    if subject == AppealSubject.EXPULSION:
        if suspension.state != SuspensionState.EXPELLED or not suspension.outcome_notified_on:
            raise RuleViolation("R-S3", _("Deze schorsing is niet omgezet in ontzetting."))
        return suspension.outcome_notified_on
    if subject == AppealSubject.LIFTING:
        if suspension.state != SuspensionState.LIFTED or not suspension.outcome_notified_on:
            raise RuleViolation("R-S3", _("De directeur heeft deze schorsing niet opgeheven."))
        return suspension.outcome_notified_on
    raise RuleViolation("R-S3", _("Kies het besluit waartegen beroep wordt ingesteld."))


def appeal_file(*, suspension, subject: str, announced_on: dt.date, motivation: str, actor,
                today: dt.date | None = None) -> Appeal:
    """R-S3: the member announces a motivated appeal to the Bestuur within one month of the
    day the decision was notified to it. Later appeals are refused with R-S3. The Bestuur
    must rule within three months after receiving it (R-S4)."""
    today = today or dates.today()
    is_own_contact = actor is not None and actor.has_role(Role.MEMBER_CONTACT) and (
        Contact.objects.filter(member_id=suspension.member_id, user=actor).exists())
    if not (is_own_contact or (actor is not None and actor.has_role(Role.BUREAU))):
        raise RuleViolation("R-S3", _(
            "Alleen het geschorste lid stelt beroep in (of het verenigingsbureau registreert "
            "een schriftelijk ontvangen beroep)."))
    motivation = _require_text(motivation, rule_id="R-S3", message=_(
        "Een beroep moet gemotiveerd zijn."))
    if announced_on > today:
        raise RuleViolation("R-S3", _("De datum van het beroep ligt in de toekomst."))
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        notified_on = appealed_decision_notified_on(suspension, subject)
        last_day = deadlines.appeal_deadline(notified_on)
        if announced_on < notified_on:
            raise RuleViolation("R-S3", _(
                "Het besluit is op %(notified)s bekendgemaakt; een beroep kan niet eerder zijn "
                "aangekondigd.") % {"notified": notified_on.isoformat()})
        if not dates.in_time(announced_on, last_day):
            raise RuleViolation("R-S3", _(
                "Te laat: het besluit is op %(notified)s bekendgemaakt, beroep kon tot en met "
                "%(last)s worden aangekondigd.")
                % {"notified": notified_on.isoformat(), "last": last_day.isoformat()})
        if Appeal.objects.filter(suspension=suspension, subject=subject,
                                 decision_notified_on=notified_on).exists():
            raise RuleViolation("R-S3", _("Tegen dit besluit is al beroep ingesteld."))
        appeal = Appeal(
            suspension=suspension, subject=subject, announced_on=announced_on,
            decision_notified_on=notified_on, motivation=motivation, filed_by=actor,
            board_deadline=deadlines.board_deadline(announced_on),
        )
        save_with_history(appeal, actor=actor,
                          reason=f"R-S3: beroep ingesteld op {announced_on}")
        # R-S3/R-S4: confirmed to the member, the Bestuur learns its deadline; after the commit.
        transaction.on_commit(lambda: emails.appeal_received(appeal_id=appeal.pk), robust=True)
        flag_raise(
            key=f"appeal-received-{appeal.pk}", rule_id="R-S4", audience=FlagAudience.BOARD,
            member=member, subject=appeal, today=today, due_on=appeal.board_deadline,
            message=_("Beroep van %(member)s tegen %(subject)s: het bestuur beslist uiterlijk "
                      "%(deadline)s.") % {"member": member,
                                          "subject": appeal.get_subject_display().lower(),
                                          "deadline": appeal.board_deadline.isoformat()},
        )
    return appeal


def appeal_rule(*, appeal, uphold: bool, ruling: str, actor, documents=(),
                today: dt.date | None = None) -> Appeal:
    """R-S4: the Bestuur rules on the appeal (gegrond / ongegrond). See the module docstring
    for what an upheld appeal does to the suspension; a dismissed appeal against an expulsion
    makes it final (R-S5 b)."""
    today = today or dates.today()
    _require_role(actor, Role.BOARD, rule_id="R-S4", message=_(
        "Alleen het bestuur beslist op een beroep."))
    ruling = _require_text(ruling, rule_id="R-S4", message=_(
        "Leg de (gemotiveerde) uitspraak van het bestuur vast."))
    with transaction.atomic():
        suspension_id = Appeal.objects.values_list("suspension_id", flat=True).get(pk=appeal.pk)
        member, suspension = _lock_suspension(Suspension(pk=suspension_id))
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if not can_proceed(appeal.uphold):
            raise RuleViolation("R-S4", _(
                "Het bestuur heeft over dit beroep al beslist (%(state)s op %(on)s).")
                % {"state": _state_label(appeal), "on": appeal.ruled_on.isoformat()})
        if uphold:
            appeal.uphold(on=today)
        else:
            appeal.dismiss(on=today)
        appeal.ruling = ruling
        verdict = "gegrond" if uphold else "ongegrond"
        save_with_history(appeal, actor=actor, reason=f"R-S4: beroep {verdict}")
        # R-S4: the ruling goes to the member and the directeur, after the commit.
        transaction.on_commit(lambda: emails.appeal_decided(appeal_id=appeal.pk), robust=True)
        decision_record(
            kind=DecisionKind.APPEAL_RULING, rule_id="R-S4", actor=actor, role=Role.BOARD,
            subject=appeal, member=member, motivation=ruling, documents=documents,
            outcome=f"Beroep tegen {appeal.get_subject_display().lower()} {verdict}",
        )
        _apply_ruling(appeal=appeal, suspension=suspension, member=member, uphold=uphold,
                      actor=actor, today=today)
        keys = [f"appeal-received-{appeal.pk}", f"appeal-deadline-{appeal.pk}-board",
                f"appeal-deadline-{appeal.pk}-bureau", f"appeal-overdue-{appeal.pk}"]
        if not _pending_appeals(suspension).exists():
            # R-S5: the Bestuur no longer holds up the outcome; the next sweep flags the
            # directeur if the suspension has reached its end.
            keys.append(_end_flag_keys(suspension)[1])
        for key in keys:
            flag_resolve(key=key, today=today, actor=actor)
    return appeal


def _apply_ruling(*, appeal, suspension, member, uphold, actor, today) -> None:
    subject = appeal.subject
    reason = f"R-S4: beroep tegen {appeal.get_subject_display().lower()} gegrond"
    if not uphold:
        if (subject == AppealSubject.EXPULSION and suspension.state == SuspensionState.EXPELLED
                and can_proceed(member.expel)):
            _expulsion_make_final(member=member, suspension=suspension, on=today, actor=actor,
                                  reason="R-S5: ontzetting onherroepelijk (beroep ongegrond)")
        return
    if subject == AppealSubject.SUSPENSION and suspension.state in OPEN_SUSPENSION_STATES:
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.lift(on=today)
        save_with_history(suspension, actor=actor, reason=reason)
        member.lift_suspension()
        member.state_changed_on = today
        save_with_history(member, actor=actor, reason=reason)
    elif subject == AppealSubject.EXTENSION and can_proceed(suspension.annul_extension):
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.annul_extension(on=today)
        save_with_history(suspension, actor=actor, reason=reason)
    elif subject == AppealSubject.EXPULSION and can_proceed(suspension.annul_expulsion):
        suspension.annul_expulsion(on=today)
        save_with_history(suspension, actor=actor, reason=reason)
    elif subject == AppealSubject.LIFTING:
        flag_raise(
            key=f"appeal-upheld-lifting-{appeal.pk}", rule_id="R-S5",
            audience=FlagAudience.DIRECTOR, member=member, subject=appeal, today=today,
            message=_("Het bestuur verklaarde het beroep tegen de opheffing van de schorsing "
                      "van %(member)s gegrond; neem zo nodig een nieuw besluit (na een nieuwe "
                      "hoorzitting).") % {"member": member},
        )


# --- R-S7 notice and publication --------------------------------------------------------------


def suspension_send_notice(*, suspension, audience: str, text: str, recipients: int, actor,
                           today: dt.date | None = None) -> SuspensionNotice:
    """R-S7: record the notice of the suspension to NVVK members or convenant partners;
    once per audience."""
    today = today or dates.today()
    _require_role(actor, Role.BUREAU, rule_id="R-S7", message=_(
        "Het verenigingsbureau verstuurt de mededeling van een schorsing."))
    if audience not in NoticeAudience.values:
        raise RuleViolation("R-S7", _("Kies aan wie de mededeling gaat: leden of "
                                      "convenantpartners."))
    text = _require_text(text, rule_id="R-S7", message=_("De mededeling heeft een tekst nodig."))
    if recipients is None or int(recipients) < 0:
        raise RuleViolation("R-S7", _("Vul het aantal ontvangers in."))
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        existing = SuspensionNotice.objects.filter(suspension=suspension,
                                                   audience=audience).first()
        if existing:
            raise RuleViolation("R-S7", _(
                "De mededeling aan %(audience)s is al verstuurd op %(on)s.")
                % {"audience": existing.get_audience_display().lower(),
                   "on": existing.sent_on.isoformat()})
        notice = SuspensionNotice(suspension=suspension, audience=audience, sent_on=today,
                                  sent_by=actor, text=text, recipients=int(recipients))
        save_with_history(notice, actor=actor, reason=f"R-S7: mededeling aan {audience}")
        # R-S7: after the commit, a Celery task queues the notice to every member (or partner).
        transaction.on_commit(lambda: queue_suspension_notice.delay(notice.pk), robust=True)
        sent = set(SuspensionNotice.objects.filter(suspension=suspension)
                   .values_list("audience", flat=True))
        if sent >= set(NoticeAudience.values):
            flag_resolve(key=f"suspension-notice-{suspension.pk}", today=today, actor=actor)
    return notice


def suspension_set_publication(*, suspension, publication: str, motivation: str, actor,
                               today: dt.date | None = None) -> Suspension:
    """R-S7: the directeur and/or the Bestuur decide whether and how the suspension is made
    known outside the association; the public register follows the recorded choice."""
    today = today or dates.today()
    _require_role(actor, Role.DIRECTOR, Role.BOARD, rule_id="R-S7", message=_(
        "Alleen de directeur of het bestuur bepaalt of de schorsing buiten de vereniging "
        "wordt bekendgemaakt."))
    if publication not in Publication.values:
        raise RuleViolation("R-S7", _("Kies een geldige publicatiewijze."))
    motivation = _require_text(motivation, rule_id="R-0.3", message=_(
        "Een publicatiebesluit heeft een motivering nodig."))
    role = Role.DIRECTOR if actor.has_role(Role.DIRECTOR) else Role.BOARD
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        if suspension.publication == publication:
            raise RuleViolation("R-S7", _("Deze publicatiewijze is al vastgelegd."))
        suspension.publication = publication
        save_with_history(suspension, actor=actor, reason=f"R-S7: publicatie {publication}")
        decision_record(
            kind=DecisionKind.PUBLICATION, rule_id="R-S7", actor=actor, role=role,
            subject=suspension, member=member, motivation=motivation,
            outcome=str(Publication(publication).label),
        )
    return suspension


# --- the daily sweep (R-S4, R-S5) ---------------------------------------------------------------


def suspensions_sweep(*, today: dt.date) -> dict[str, int]:
    """Idempotent daily work: a second run on the same day changes nothing.

    - R-S5: an open suspension past its last day without an outcome is flagged for the
      directeur; with an appeal pending, for the Bestuur instead (the directeur must wait).
    - R-S4: a pending appeal whose board deadline is within 14 days is signalled to the
      Bestuur and the bureau (``deadline_warned_on`` set once); a passed deadline is flagged
      as overdue.
    - R-S5 (b): an expulsion whose appeal window passed without an appeal becomes final.
    """
    counts = {"suspensions_end_flagged": 0, "appeal_deadlines_warned": 0,
              "appeal_deadlines_overdue": 0, "expulsions_final": 0}

    for pk in (Suspension.objects.filter(state__in=OPEN_SUSPENSION_STATES, ends_on__lt=today)
               .values_list("pk", flat=True)):
        with transaction.atomic():
            member, suspension = _lock_suspension(Suspension(pk=pk))
            if suspension.state not in OPEN_SUSPENSION_STATES or suspension.ends_on >= today:
                continue
            pending = _pending_appeals(suspension).exists()
            key = _end_flag_keys(suspension)[1 if pending else 0]
            if pending:
                message = _("De schorsing van %(member)s is op %(end)s geëindigd, maar er loopt "
                            "een beroep: het bestuur beslist eerst.")
            else:
                message = _("De schorsing van %(member)s is op %(end)s geëindigd: de "
                            "directeur beslist over verlenging, ontzetting of opheffing.")
            _flag, created = flag_raise(
                key=key, rule_id="R-S5", member=member, subject=suspension, today=today,
                audience=FlagAudience.BOARD if pending else FlagAudience.DIRECTOR,
                due_on=suspension.ends_on,
                message=message % {"member": member, "end": suspension.ends_on.isoformat()},
            )
            if suspension.end_reached_flagged_on is None:
                suspension.end_reached_flagged_on = today
                save_with_history(suspension, actor=None,
                                  reason="R-S5: einde schorsing gesignaleerd")
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
            values = {"member": member, "deadline": appeal.board_deadline.isoformat(),
                      "subject": appeal.get_subject_display().lower()}
            created_any = False
            for audience in (FlagAudience.BOARD, FlagAudience.BUREAU):
                _flag, created = flag_raise(
                    key=f"appeal-deadline-{appeal.pk}-{audience}", rule_id="R-S4",
                    audience=audience, member=member, subject=appeal, today=today,
                    due_on=appeal.board_deadline,
                    message=_("Het bestuur moet uiterlijk %(deadline)s beslissen op het beroep "
                              "van %(member)s tegen %(subject)s.") % values,
                )
                created_any |= created
            if created_any:
                counts["appeal_deadlines_warned"] += 1
            if appeal.deadline_warned_on is None:
                appeal.deadline_warned_on = today
                save_with_history(appeal, actor=None,
                                  reason="R-S4: beslistermijn bestuur nadert")
            if overdue:
                _flag, created = flag_raise(
                    key=f"appeal-overdue-{appeal.pk}", rule_id="R-S4",
                    audience=FlagAudience.BOARD, member=member, subject=appeal, today=today,
                    due_on=appeal.board_deadline,
                    message=_("De beslistermijn van het bestuur op het beroep van %(member)s "
                              "is op %(deadline)s verstreken.") % values,
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
                                  reason="R-S5: ontzetting onherroepelijk (geen beroep)")
            counts["expulsions_final"] += 1
    return counts


# --- portal support (issue #4) --------------------------------------------------------------------


def suspension_outcome_refusal(*, suspension, today: dt.date | None = None
                               ) -> RuleViolation | None:
    """R-S5 (R-0.5): why the directeur cannot decide the outcome of ``suspension`` today (an
    appeal is pending, the suspension is not open, or its end has not come and no CI has
    advised), or ``None`` when extend, expel and lift may be decided. The same checks the
    outcome services make, so a decision page can explain the refusal before the form."""
    today = today or dates.today()
    suspension = Suspension.objects.select_related("member").get(pk=suspension.pk)
    try:
        _require_open(suspension, action=_("over de uitkomst beslissen"))
        _check_outcome_allowed(suspension, today)
    except RuleViolation as violation:
        return violation
    return None
