"""R-Z4 postponement: a member or the bureau requests postponement of the audit; the bureau
(up to three months) or the directeur (beyond, Bestuur informed) decides."""

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.dates import today as amsterdam_today
from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import stored, stored_plural
from core.models import DecisionKind, FlagAudience, Role
from core.rules import require_text
from members.models import Contact

from .. import deadlines, emails
from ..models import Certificate, CertificateState, Postponement, PostponementState
from ._common import _day

# --- R-Z4 postponement ------------------------------------------------------------------


def _granted_months(certificate, *, exclude=None) -> int:
    granted = certificate.postponements.filter(state=PostponementState.GRANTED)
    if exclude is not None:
        granted = granted.exclude(pk=exclude.pk)
    return granted.aggregate(total=Sum("months"))["total"] or 0


def postponement_request_flag_key(postponement) -> str:
    return f"R-Z4:request:{postponement.pk}"


def postponement_board_flag_key(postponement) -> str:
    return f"R-Z4:board:{postponement.pk}"


def postponement_request_blockers(certificate, *, today) -> list[tuple[str, str]]:
    """R-Z4 (R-0.5): what stands in the way of requesting postponement for ``certificate`` on
    ``today``, whatever the number of months asked, as ``(rule_id, Dutch text)``: the request
    page shows it before the click and :func:`postponement_request` refuses with it."""
    if certificate.state == CertificateState.WITHDRAWN:
        return [("R-Z4", _("Certificaat %(number)s is ingetrokken; uitstel is niet mogelijk.")
                 % {"number": certificate.number})]
    if certificate.state == CertificateState.SUPERSEDED:
        return [("R-Z4", _("Certificaat %(number)s is al opgevolgd; uitstel is niet meer "
                           "nodig.") % {"number": certificate.number})]
    deadline = deadlines.postponement_request_deadline(certificate.valid_until)
    if today > deadline:
        return [("R-Z4", _(
            "Uitstel moet worden aangevraagd voordat het certificaat verloopt (uiterlijk "
            "%(deadline)s); het certificaat is verlopen.") % {"deadline": _day(deadline)})]
    blockers = []
    if certificate.postponements.filter(state=PostponementState.REQUESTED).exists():
        blockers.append(("R-Z4", _("Er loopt al een uitstelverzoek voor dit certificaat.")))
    already = _granted_months(certificate)
    if already >= deadlines.MAX_POSTPONEMENT_MONTHS:
        blockers.append(("R-Z4", _(
            "Er is al %(already)s maanden uitstel verleend; in totaal nooit meer dan zes "
            "maanden.") % {"already": already}))
    return blockers


def postponement_decision_blockers(postponement, *, actor) -> list[tuple[str, str]]:
    """R-Z4 (R-0.5): what stands in the way of ``actor`` deciding on ``postponement`` now
    (granting or refusing), as ``(rule_id, Dutch text)``: the decision pages of the bureau and
    the directeur show it before the click and :func:`postponement_decide` refuses with it."""
    if not can_proceed(postponement.grant):
        return [("R-Z4", _("Over dit uitstelverzoek is al beslist (%(state)s).")
                 % {"state": postponement.get_state_display().lower()})]
    total = _granted_months(postponement.certificate, exclude=postponement) + postponement.months
    blockers = []
    if deadlines.postponement_needs_director(total):
        if not actor.has_role(Role.DIRECTOR):
            blockers.append(("R-Z4", _(
                "Over meer dan drie maanden uitstel (hier %(total)s) beslist de directeur.")
                % {"total": total}))
    elif not actor.has_role(Role.BUREAU) and not actor.has_role(Role.DIRECTOR):
        blockers.append(("R-Z4", _(
            "Over uitstel beslist het verenigingsbureau (tot drie maanden) of de directeur.")))
    if total > deadlines.MAX_POSTPONEMENT_MONTHS:
        blockers.append(("R-Z4", _("In totaal nooit meer dan zes maanden uitstel.")))
    return blockers


def postponement_request(*, certificate, months: int, reason: str, actor,
                         today=None) -> Postponement:
    """R-Z4: a member contact (of this member) or the bureau requests, in writing and with a
    well-founded reason, postponement of the audit before the certificate expires (on or
    before ``valid_until``). One open request at a time; all postponements of a certificate
    together never exceed six months."""
    today = today or amsterdam_today()
    is_bureau = actor.has_role(Role.BUREAU)
    if not is_bureau:
        if not actor.has_role(Role.MEMBER_CONTACT):
            raise RuleViolation("R-Z4", _(
                "Uitstel wordt aangevraagd door het lid of het verenigingsbureau."))
        if not Contact.objects.filter(user=actor, member_id=certificate.member_id).exists():
            # R-A1: a contact acts only for its own organisation.
            raise RuleViolation("R-A1", _("Dit certificaat hoort niet bij uw organisatie."))

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        reason = require_text(reason, rule_id="R-Z4", message=_(
            "Uitstel is alleen mogelijk met een gegronde reden; vul de reden in."))
        if not 1 <= months <= deadlines.MAX_POSTPONEMENT_MONTHS:
            raise RuleViolation("R-Z4", _(
                "Uitstel is 1 tot en met 6 maanden; nooit meer dan zes maanden."))
        refuse_first(postponement_request_blockers(certificate, today=today))
        already = _granted_months(certificate)
        if already + months > deadlines.MAX_POSTPONEMENT_MONTHS:
            raise RuleViolation("R-Z4", _(
                "Er is al %(already)s maanden uitstel verleend; in totaal nooit meer dan zes "
                "maanden.") % {"already": already})

        postponement = Postponement(
            certificate=certificate, requested_on=today, requested_by=actor, months=months,
            reason=reason)
        save_with_history(postponement, actor=actor, reason=stored("R-Z4: uitstel aangevraagd"))
        total = already + months
        flag_raise(
            key=postponement_request_flag_key(postponement), rule_id="R-Z4",
            audience=(FlagAudience.DIRECTOR if deadlines.postponement_needs_director(total)
                      else FlagAudience.BUREAU),
            today=today, member=certificate.member, subject=postponement,
            due_on=certificate.valid_until,
            message=stored_plural(
                "R-Z4: uitstelverzoek van %(member)s (%(n)d maand) beoordelen",
                "R-Z4: uitstelverzoek van %(member)s (%(n)d maanden) beoordelen",
                n=months, member=certificate.member),
        )
    return postponement


def postponement_decide(*, postponement, grant: bool, motivation: str, body_advice: str = "",
                        actor, today=None) -> Postponement:
    """R-Z4: decide on a postponement request. Up to three months in total the bureau (or the
    directeur) decides; more than three only the directeur, and the Bestuur is informed. The
    directeur may record the body's advice. A postponement never extends the certificate:
    ``valid_until`` stays, only the audit may take place up to ``audit_deadline``."""
    today = today or amsterdam_today()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(
            pk=postponement.certificate_id)
        postponement = Postponement.objects.select_for_update().get(pk=postponement.pk)
        refuse_first(postponement_decision_blockers(postponement, actor=actor))
        total = _granted_months(certificate, exclude=postponement) + postponement.months
        needs_director = deadlines.postponement_needs_director(total)
        role = (Role.DIRECTOR if needs_director or not actor.has_role(Role.BUREAU)
                else Role.BUREAU)
        motivation = require_text(motivation, rule_id="R-0.3", message=_(
            "Een besluit over uitstel vraagt een motivering."))

        postponement.body_advice = (body_advice or "").strip()
        if grant:
            audit_deadline = deadlines.postponement_deadline(certificate.valid_until, total)
            postponement.grant(on=today, audit_deadline=audit_deadline)
            if needs_director:
                postponement.board_informed_on = today
            outcome = stored_plural(
                "Uitstel verleend: audit uiterlijk %(date)s (%(n)d maand); het certificaat "
                "blijft geldig tot en met %(until)s",
                "Uitstel verleend: audit uiterlijk %(date)s (%(n)d maanden); het certificaat "
                "blijft geldig tot en met %(until)s",
                n=total, date=audit_deadline, until=certificate.valid_until)
        else:
            postponement.refuse(on=today)
            outcome = stored("Uitstel geweigerd")
        save_with_history(postponement, actor=actor, reason=(
            stored("R-Z4: uitstel verleend") if grant else stored("R-Z4: uitstel geweigerd")))
        # R-Z4: the decision is announced to the member, after the commit.
        transaction.on_commit(
            lambda: emails.postponement_decided(postponement_id=postponement.pk), robust=True)
        decision_record(
            kind=DecisionKind.POSTPONEMENT, outcome=outcome, rule_id="R-Z4", actor=actor,
            role=role, subject=postponement, motivation=motivation,
            member=certificate.member,
        )
        flag_resolve(key=postponement_request_flag_key(postponement), today=today,
                     actor=actor)
        if grant and needs_director:
            # R-Z4: the Bestuur is informed of postponements beyond three months.
            flag_raise(
                key=postponement_board_flag_key(postponement), rule_id="R-Z4",
                audience=FlagAudience.BOARD, today=today, member=certificate.member,
                subject=postponement,
                message=stored_plural(
                    "R-Z4: de directeur verleende %(member)s %(n)d maand uitstel van de audit "
                    "(uiterlijk %(date)s)",
                    "R-Z4: de directeur verleende %(member)s %(n)d maanden uitstel van de "
                    "audit (uiterlijk %(date)s)",
                    n=total, member=certificate.member, date=postponement.audit_deadline),
            )
    return postponement
