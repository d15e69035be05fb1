"""R-S3/R-S4 appeals: the member appeals a decision of the directeur to the Bestuur within
one month (R-S3), and the Bestuur rules on it (R-S4) — with what an upheld or dismissed appeal
does to the suspension (R-S5). "The module docstring" in the docstrings below is the
package's, :mod:`suspensions.services`."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.dates import date_label
from core.decisions import decision_record
from core.documents import document_store
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import choice, stored
from core.models import DecisionKind, FlagAudience, Role
from core.rules import require_text as _require_text
from members.models import Contact

from .. import deadlines, emails
from ..models import (
    OPEN_SUSPENSION_STATES,
    Appeal,
    AppealSubject,
    Suspension,
    SuspensionState,
)
from ._common import (
    _after_lift,
    _end_flag_keys,
    _lock_suspension,
    _pending_appeals,
    _resolve_end_flags,
    _state_label,
)
from .suspensions import _expulsion_make_final

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


def appeal_blockers(suspension: Suspension, subject: str, *,
                    announced_on: dt.date) -> list[tuple[str, str]]:
    """R-S3 (R-0.5): what stands in the way of an appeal against the decision ``subject`` of
    ``suspension`` announced on ``announced_on``, as ``(rule_id, Dutch text)``: the member's
    appeal page shows it before the click and :func:`appeal_file` refuses with the first."""
    try:
        notified_on = appealed_decision_notified_on(suspension, subject)
    except RuleViolation as violation:
        return [(violation.rule_id, violation.message)]
    last_day = deadlines.appeal_deadline(notified_on)
    if announced_on < notified_on:
        return [("R-S3", _(
            "Het besluit is op %(notified)s bekendgemaakt; een beroep kan niet eerder zijn "
            "aangekondigd.") % {"notified": date_label(notified_on)})]
    if not dates.in_time(announced_on, last_day):
        return [("R-S3", _(
            "Te laat: het besluit is op %(notified)s bekendgemaakt, beroep kon tot en met "
            "%(last)s worden aangekondigd.")
            % {"notified": date_label(notified_on), "last": date_label(last_day)})]
    if Appeal.objects.filter(suspension=suspension, subject=subject,
                             decision_notified_on=notified_on).exists():
        return [("R-S3", _("Tegen dit besluit is al beroep ingesteld."))]
    return []


def appeal_file(*, suspension, subject: str, announced_on: dt.date, motivation: str, actor,
                attachments=(), today: dt.date | None = None) -> Appeal:
    """R-S3: the member announces a motivated appeal to the Bestuur within one month of the
    day the decision was notified to it. Later appeals are refused with R-S3. The Bestuur
    must rule within three months after receiving it (R-S4). ``attachments``: the documents
    the appeal rests on, as ``(content, name, mime_type)`` (a checked upload), stored with the
    appeal only when it is accepted."""
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
        refuse_first(appeal_blockers(suspension, subject, announced_on=announced_on))
        notified_on = appealed_decision_notified_on(suspension, subject)
        appeal = Appeal(
            suspension=suspension, subject=subject, announced_on=announced_on,
            decision_notified_on=notified_on, motivation=motivation, filed_by=actor,
            board_deadline=deadlines.board_deadline(announced_on),
        )
        save_with_history(appeal, actor=actor,
                          reason=stored("R-S3: beroep ingesteld op %(on)s", on=announced_on))
        for content, name, mime_type in attachments:
            appeal.documents.add(document_store(
                content=content, name=name, mime_type=mime_type, actor=actor, member=member,
                title=_("Stuk bij het beroep tegen %(subject)s")
                % {"subject": appeal.get_subject_display().lower()}))
        # R-S3/R-S4: confirmed to the member, the Bestuur learns its deadline; after the commit.
        transaction.on_commit(lambda: emails.appeal_received(appeal_id=appeal.pk), robust=True)
        flag_raise(
            key=f"appeal-received-{appeal.pk}", rule_id="R-S4", audience=FlagAudience.BOARD,
            member=member, subject=appeal, today=today, due_on=appeal.board_deadline,
            message=stored("Beroep van %(member)s tegen %(subject)s: het bestuur beslist "
                           "uiterlijk %(deadline)s.", member=member,
                           subject=choice(AppealSubject, appeal.subject, lower=True),
                           deadline=appeal.board_deadline),
        )
    return appeal


def appeal_ruling_blockers(appeal, *, actor) -> list[tuple[str, str]]:
    """R-S4 (R-0.5): what stands in the way of ``actor`` ruling on ``appeal`` now, as
    ``(rule_id, Dutch text)``: the appeal page shows it before the click and
    :func:`appeal_rule` refuses with it. The verdict and ruling are checked on submit."""
    if not actor.has_role(Role.BOARD):
        return [("R-S4", _("Alleen het bestuur beslist op een beroep."))]
    if not can_proceed(appeal.uphold):
        return [("R-S4", _("Het bestuur heeft over dit beroep al beslist (%(state)s op %(on)s).")
                 % {"state": _state_label(appeal), "on": date_label(appeal.ruled_on)})]
    return []


def appeal_rule(*, appeal, uphold: bool, ruling: str, actor, documents=(),
                today: dt.date | None = None) -> Appeal:
    """R-S4: the Bestuur rules on the appeal (gegrond / ongegrond). See the module docstring
    for what an upheld appeal does to the suspension; a dismissed appeal against an expulsion
    makes it final (R-S5 b)."""
    today = today or dates.today()
    refuse_first(appeal_ruling_blockers(appeal, actor=actor))
    ruling = _require_text(ruling, rule_id="R-S4", message=_(
        "Leg de (gemotiveerde) uitspraak van het bestuur vast."))
    with transaction.atomic():
        suspension_id = Appeal.objects.values_list("suspension_id", flat=True).get(pk=appeal.pk)
        member, suspension = _lock_suspension(Suspension(pk=suspension_id))
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        refuse_first(appeal_ruling_blockers(appeal, actor=actor))  # again, on the locked row
        if uphold:
            appeal.uphold(on=today)
        else:
            appeal.dismiss(on=today)
        appeal.ruling = ruling
        save_with_history(appeal, actor=actor, reason=(
            stored("R-S4: beroep gegrond") if uphold else stored("R-S4: beroep ongegrond")))
        # R-S4: the ruling goes to the member and the directeur, after the commit.
        transaction.on_commit(lambda: emails.appeal_decided(appeal_id=appeal.pk), robust=True)
        decision_record(
            kind=DecisionKind.APPEAL_RULING, rule_id="R-S4", actor=actor, role=Role.BOARD,
            subject=appeal, member=member, motivation=ruling, documents=documents,
            outcome=_appeal_outcome(appeal.subject, uphold=uphold),
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


def _appeal_outcome(subject: str, *, uphold: bool):
    """The board's ruling as a whole sentence per subject and verdict (issue #9)."""
    return {
        (AppealSubject.SUSPENSION, True): stored("Beroep tegen de schorsing gegrond"),
        (AppealSubject.SUSPENSION, False): stored("Beroep tegen de schorsing ongegrond"),
        (AppealSubject.EXTENSION, True): stored("Beroep tegen de verlenging gegrond"),
        (AppealSubject.EXTENSION, False): stored("Beroep tegen de verlenging ongegrond"),
        (AppealSubject.EXPULSION, True): stored("Beroep tegen de ontzetting gegrond"),
        (AppealSubject.EXPULSION, False): stored("Beroep tegen de ontzetting ongegrond"),
        (AppealSubject.LIFTING, True): stored("Beroep tegen de opheffing gegrond"),
        (AppealSubject.LIFTING, False): stored("Beroep tegen de opheffing ongegrond"),
    }[(subject, bool(uphold))]


def _apply_ruling(*, appeal, suspension, member, uphold, actor, today) -> None:
    subject = appeal.subject
    reason = stored("R-S4: %(ruling)s", ruling=_appeal_outcome(subject, uphold=True))
    if not uphold:
        if (subject == AppealSubject.EXPULSION and suspension.state == SuspensionState.EXPELLED
                and can_proceed(member.expel)):
            _expulsion_make_final(member=member, suspension=suspension, on=today, actor=actor,
                                  reason=stored(
                                      "R-S5: ontzetting onherroepelijk (beroep ongegrond)"))
        return
    if subject == AppealSubject.SUSPENSION and suspension.state in OPEN_SUSPENSION_STATES:
        _resolve_end_flags(suspension, today=today, actor=actor)
        suspension.lift(on=today)
        save_with_history(suspension, actor=actor, reason=reason)
        member.lift_suspension()
        member.state_changed_on = today
        save_with_history(member, actor=actor, reason=reason)
        _after_lift(suspension=suspension, member=member, today=today, actor=actor,
                    why=stored("het bestuur verklaarde het beroep gegrond"))
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
            message=stored("Het bestuur verklaarde het beroep tegen de opheffing van de "
                           "schorsing van %(member)s gegrond; neem zo nodig een nieuw besluit "
                           "(na een nieuwe hoorzitting).", member=member),
        )
