"""R-Z5 withdrawal: the directeur withdraws the certificate valid today together with a renewal
already decided after it (R-Z3); a member left without one is flagged (R-M3)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.dates import today as amsterdam_today
from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.history import save_with_history
from core.messages import choice, stored
from core.models import DecisionKind, Role
from core.rules import require_text
from members.models import MEMBERSHIP_STATES, Member

from ..models import Certificate, WithdrawalReason
from ..selectors import valid_on, withdrawal_chain
from .without_certificate import _member_mark_without_certificate

# --- R-Z5 withdrawal --------------------------------------------------------------------


def withdrawal_blockers(certificate, *, today) -> list[tuple[str, str]]:
    """R-Z5 (R-0.5): what stands in the way of withdrawing ``certificate`` on ``today``, as
    ``(rule_id, Dutch text)``: the withdrawal page shows it before the click and
    :func:`certificate_withdraw` refuses with it."""
    if certificate.withdrawable_on(today) and can_proceed(certificate.withdraw):
        return []
    return [("R-Z5", _(
        "Certificaat %(number)s is %(state)s; alleen een geldig certificaat (of een "
        "besloten verlenging ervan) kan worden ingetrokken.")
        % {"number": certificate.number,
           "state": (certificate.get_state_display().lower()
                     if certificate.valid_until >= today else _("verlopen"))})]


def certificate_withdraw(*, certificate, reason: str, motivation: str, actor,
                         today=None) -> Certificate:
    """R-Z5: the directeur withdraws a certificate, recording reason and motivation. It acts
    on what is valid today and on a renewal already decided after it (R-Z3), so the register
    and the verification page show "ingetrokken" the same day. A member left without a valid
    certificate is flagged (R-M3)."""
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
        refuse_first(withdrawal_blockers(certificate, today=today))
        pks = [item.pk for item in withdrawal_chain(certificate, today=today)]
        chain = list(Certificate.objects.select_for_update().filter(pk__in=pks)
                     .order_by("valid_from"))
        label = choice(WithdrawalReason, reason)
        for item in chain:
            item.withdraw(on=today, reason=reason)
            save_with_history(item, actor=actor, reason=stored(
                "R-Z5: ingetrokken (%(reason)s)", reason=label))
        numbers = ", ".join(item.number for item in chain)
        decision_record(
            kind=DecisionKind.WITHDRAWAL,
            outcome=(stored("Certificaat %(number)s ingetrokken: %(reason)s",
                            number=numbers, reason=label)
                     if len(chain) == 1 else
                     stored("Certificaten %(number)s ingetrokken: %(reason)s",
                            number=numbers, reason=label)),
            rule_id="R-Z5", actor=actor, role=Role.DIRECTOR, subject=certificate,
            motivation=motivation, member=member,
        )
        if (member.state in MEMBERSHIP_STATES
                and not member.certificates.filter(valid_on(today)).exists()):
            _member_mark_without_certificate(
                member, today=today, actor=actor,
                reason=stored("R-M3: certificaat %(number)s ingetrokken", number=numbers))
    certificate.refresh_from_db()
    return certificate
