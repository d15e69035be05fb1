"""R-C3 auditors: registration, the confidentiality declaration, prior involvement and the
independence check (R-0.1 three years before the audit date); R-A1 the team comes from the
audit's body.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import dates
from core.accounts import account_for, user_invite
from core.exceptions import RuleViolation
from core.history import save_with_history as _save
from core.messages import stored
from core.models import Role
from core.rules import require_role as _require_role
from core.rules import require_text
from core.rules import today_or as _today
from members.models import Member

from ..models import Audit, Auditor, CertificationBody, InvolvementKind, PriorInvolvement
from ._common import _date_not_future

# --- R-C3 auditors ----------------------------------------------------------------------------


@transaction.atomic
def auditor_register(
    *, body: CertificationBody, name: str, email: str, actor, user=None,
    today: dt.date | None = None,
) -> Auditor:
    """Register an auditor of ``body``; with ``user`` the auditor can log in and sees only the
    audits of that body (R-A1)."""
    _require_role(actor, Role.BUREAU, rule_id="R-C3", what=_("auditors registreren"))
    try:
        validate_email(email)
    except ValidationError:
        raise RuleViolation("R-C3", _("Het e-mailadres van de auditor is ongeldig.")) from None
    require_text(name, rule_id="R-C3", message=_("De naam van de auditor ontbreekt."))
    if user is not None and Auditor.objects.filter(user=user).exists():
        raise RuleViolation("R-A1", _("Deze gebruiker is al auditor bij een instelling."))
    auditor = Auditor(body=body, name=name.strip(), email=email, user=user)
    return _save(auditor, actor=actor, reason=stored("auditor geregistreerd"))


@transaction.atomic
def auditor_invite(*, auditor: Auditor, actor) -> Auditor:
    """The bureau invites an auditor from the auditor's page (issue #8): a login with the
    auditor role, linked to this auditor so it sees only the audits of its own body (R-A1),
    and an e-mailed single-use link to set a password; inviting again makes the previous link
    invalid. An address that already has a login that is no auditor's is linked to this
    auditor and gets the auditor role."""
    _require_role(actor, Role.BUREAU, rule_id="R-A1", what=_("auditors uitnodigen"))
    auditor = Auditor.objects.select_for_update().get(pk=auditor.pk)
    if not auditor.active:
        raise RuleViolation("R-C3", _("Deze auditor is niet actief."))
    user = auditor.user
    if user is None:
        user, _created = account_for(email=auditor.email, full_name=auditor.name,
                                     role=Role.AUDITOR, actor=actor)
        if Auditor.objects.filter(user=user).exclude(pk=auditor.pk).exists():
            raise RuleViolation("R-A1", _("Dit e-mailadres hoort al bij een auditor van een "
                                          "andere instelling."))
        auditor.user = user
        _save(auditor, actor=actor, reason=stored("inlog voor de auditor aangemaakt (R-A1)"))
    user_invite(user=user, actor=actor, reason=stored("auditor uitgenodigd"))
    return auditor


def _require_bureau_or_self(actor, auditor: Auditor, *, what: str) -> None:
    if actor is not None and (actor.has_role(Role.BUREAU)
                              or (auditor.user_id and auditor.user_id == actor.pk)):
        return
    raise RuleViolation(
        "R-C3", _("Alleen het Verenigingsbureau of de auditor zelf mag %(what)s.") % {"what": what}
    )


@transaction.atomic
def auditor_record_confidentiality(
    *, auditor: Auditor, signed_on: dt.date, actor, today: dt.date | None = None,
) -> Auditor:
    """R-C3: the auditor's signed confidentiality declaration (needed before any assignment)."""
    today = _today(today)
    _require_bureau_or_self(actor, auditor, what=_("de geheimhoudingsverklaring vastleggen"))
    _date_not_future(signed_on, today, rule_id="R-C3", what=_("De ondertekening"))
    auditor = Auditor.objects.select_for_update().get(pk=auditor.pk)
    auditor.confidentiality_signed_on = signed_on
    return _save(auditor, actor=actor, reason=stored("geheimhoudingsverklaring getekend (R-C3)"))


@transaction.atomic
def auditor_declare_involvement(
    *, auditor: Auditor, member: Member, kind: str, description: str, started_on: dt.date,
    actor, ended_on: dt.date | None = None, today: dt.date | None = None,
) -> PriorInvolvement:
    """R-C3: the auditor declares (advisory) work for, or an interest in, a member, with its
    period (open-ended without ``ended_on``)."""
    _require_bureau_or_self(actor, auditor, what=_("eerdere betrokkenheid vastleggen"))
    if kind not in InvolvementKind.values:
        raise RuleViolation("R-C3", _("Kies (advies)werkzaamheden of belang."))
    require_text(description, rule_id="R-C3", message=_(
        "Omschrijf de werkzaamheden of het belang."))
    if ended_on is not None and ended_on < started_on:
        raise RuleViolation("R-C3", _("De betrokkenheid eindigt vóór ze begint."))
    involvement = PriorInvolvement(auditor=auditor, member=member, kind=kind,
                                   description=description, started_on=started_on,
                                   ended_on=ended_on)
    return _save(involvement, actor=actor, reason=stored("eerdere betrokkenheid verklaard (R-C3)"))


def independence_window_start(audit_date: dt.date) -> dt.date:
    """R-C3/R-0.1: the first day of "the three years before the audit date" (inclusive)."""
    return dates.add_years(audit_date, -3)


def check_independence(*, auditor: Auditor, member: Member, audit_date: dt.date,
                       today: dt.date) -> None:
    """R-C3, checked at assignment: a signed confidentiality declaration, and no (advisory) work
    or interest whose period reaches into the three years before ``audit_date``. Work that ended
    exactly three years before the audit date still counts (R-0.1: inclusive)."""
    signed = auditor.confidentiality_signed_on
    if not signed or signed > today:
        raise RuleViolation(
            "R-C3", _("%(auditor)s heeft geen getekende geheimhoudingsverklaring.")
            % {"auditor": auditor.name},
        )
    window_start = independence_window_start(audit_date)
    conflict = (
        PriorInvolvement.objects.filter(auditor=auditor, member=member)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=window_start))
        .order_by("-started_on")
        .first()
    )
    if conflict is not None:
        until = conflict.ended_on or _("heden")
        raise RuleViolation(
            "R-C3",
            _("%(auditor)s is niet onafhankelijk van %(member)s: %(kind)s van %(start)s tot en "
              "met %(until)s valt in de drie jaar vóór de auditdatum %(date)s (vanaf "
              "%(window)s).")
            % {"auditor": auditor.name, "member": member,
               "kind": str(conflict.get_kind_display()).lower(), "start": conflict.started_on,
               "until": until, "date": audit_date, "window": window_start},
        )


def _require_team_member(auditor: Auditor, audit: Audit, *, role_label: str) -> None:
    """R-A1: the team comes from the audit's own body."""
    if auditor.body_id != audit.body_id:
        raise RuleViolation(
            "R-A1", _("%(auditor)s (%(role)s) is geen auditor van %(body)s.")
            % {"auditor": auditor.name, "role": role_label, "body": audit.body},
        )
    if not auditor.active:
        raise RuleViolation(
            "R-C3", _("%(auditor)s is niet actief als auditor.") % {"auditor": auditor.name}
        )
