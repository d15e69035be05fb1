"""R-Z5 withdrawal: the directeur withdraws a valid certificate; a member left without one
is flagged (R-M3)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.dates import today as amsterdam_today
from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.history import save_with_history
from core.models import DecisionKind, Role
from core.rules import require_text
from members.models import MEMBERSHIP_STATES, Member

from ..models import Certificate, WithdrawalReason
from ..selectors import valid_on
from .without_certificate import _member_mark_without_certificate

# --- R-Z5 withdrawal --------------------------------------------------------------------


def certificate_withdraw(*, certificate, reason: str, motivation: str, actor,
                         today=None) -> Certificate:
    """R-Z5: the directeur withdraws a valid certificate, recording reason and motivation.
    The register reflects it the same day; a member left without a valid certificate is
    flagged (R-M3)."""
    today = today or amsterdam_today()
    if not actor.has_role(Role.DIRECTOR):
        raise RuleViolation("R-Z5", _("Alleen de directeur kan een certificaat intrekken."))
    if reason not in WithdrawalReason.values:
        raise RuleViolation("R-Z5", _("Kies een reden voor de intrekking."))
    motivation = require_text(motivation, rule_id="R-Z5", message=_(
        "Een intrekking vraagt een schriftelijke motivering."))

    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=certificate.member_id)
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not can_proceed(certificate.withdraw):
            raise RuleViolation("R-Z5", _(
                "Certificaat %(number)s is %(state)s; alleen een geldig certificaat kan worden "
                "ingetrokken.") % {"number": certificate.number,
                                   "state": certificate.get_state_display().lower()})
        certificate.withdraw(on=today, reason=reason)
        save_with_history(certificate, actor=actor, reason=_(
            "R-Z5: ingetrokken (%(reason)s)") % {
                "reason": WithdrawalReason(reason).label})
        decision_record(
            kind=DecisionKind.WITHDRAWAL,
            outcome=_("Certificaat %(number)s ingetrokken: %(reason)s") % {
                "number": certificate.number, "reason": WithdrawalReason(reason).label},
            rule_id="R-Z5", actor=actor, role=Role.DIRECTOR, subject=certificate,
            motivation=motivation, member=member,
        )
        if (member.state in MEMBERSHIP_STATES
                and not member.certificates.filter(valid_on(today)).exists()):
            _member_mark_without_certificate(
                member, today=today, actor=actor,
                reason=_("R-M3: certificaat %(number)s ingetrokken")
                % {"number": certificate.number})
    return certificate
