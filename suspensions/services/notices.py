"""R-S7 notice and publication: the bureau sends the notice of a suspension to the members
and the convenant partners; the directeur and/or the Bestuur decide whether and how it is
made known outside the association."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core import dates
from core.dates import date_label
from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_resolve
from core.history import save_with_history
from core.messages import choice, stored, stored_label
from core.models import DecisionKind, Role
from core.rules import require_role as _require_role
from core.rules import require_text as _require_text

from ..emails import notice_recipient_count
from ..models import NoticeAudience, Publication, Suspension, SuspensionNotice
from ..tasks import queue_suspension_notice
from ._common import _lock_suspension, notice_flag_key

# --- R-S7 notice and publication --------------------------------------------------------------


def notice_blockers(suspension, *, audience: str | None = None) -> list[tuple[str, str]]:
    """R-S7 (R-0.5): what stands in the way of sending the notice of ``suspension`` to
    ``audience`` (or, without one, to any audience still waiting), as ``(rule_id, Dutch
    text)``: the bureau's page shows it before the click and :func:`suspension_send_notice`
    refuses with it. Each audience is told once."""
    audiences = [audience] if audience else list(NoticeAudience.values)
    existing = list(SuspensionNotice.objects.filter(suspension=suspension,
                                                    audience__in=audiences))
    if len(existing) < len(audiences):
        return []
    return [("R-S7", _("De mededeling aan %(audience)s is al verstuurd op %(on)s.")
             % {"audience": notice.get_audience_display().lower(),
                "on": date_label(notice.sent_on)}) for notice in existing]


def suspension_send_notice(*, suspension, audience: str, text: str, actor,
                           today: dt.date | None = None) -> SuspensionNotice:
    """R-S7: record the notice of the suspension to NVVK members or convenant partners;
    once per audience. The notice counts its own recipients (the addresses it is queued to,
    :func:`suspensions.emails.notice_recipient_count`); nobody types the number."""
    today = today or dates.today()
    _require_role(actor, Role.BUREAU, rule_id="R-S7", message=_(
        "Het verenigingsbureau verstuurt de mededeling van een schorsing."))
    if audience not in NoticeAudience.values:
        raise RuleViolation("R-S7", _("Kies aan wie de mededeling gaat: leden of "
                                      "convenantpartners."))
    text = _require_text(text, rule_id="R-S7", message=_("De mededeling heeft een tekst nodig."))
    with transaction.atomic():
        member, suspension = _lock_suspension(suspension)
        refuse_first(notice_blockers(suspension, audience=audience))
        recipients = notice_recipient_count(audience=audience, suspension=suspension)
        notice = SuspensionNotice(suspension=suspension, audience=audience, sent_on=today,
                                  sent_by=actor, text=text, recipients=recipients)
        save_with_history(notice, actor=actor, reason=stored(
            "R-S7: mededeling aan %(audience)s", audience=choice(NoticeAudience, audience,
                                                                 lower=True)))
        # R-S7: after the commit, a Celery task queues the notice to every member (or partner).
        transaction.on_commit(lambda: queue_suspension_notice.delay(notice.pk), robust=True)
        sent = set(SuspensionNotice.objects.filter(suspension=suspension)
                   .values_list("audience", flat=True))
        if sent >= set(NoticeAudience.values):
            flag_resolve(key=notice_flag_key(suspension), today=today, actor=actor,
                         reason=stored("de mededeling is aan de leden en de "
                                       "convenantpartners verstuurd"))
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
        save_with_history(suspension, actor=actor, reason=stored(
            "R-S7: publicatie: %(publication)s", publication=choice(Publication, publication,
                                                                   lower=True)))
        decision_record(
            kind=DecisionKind.PUBLICATION, rule_id="R-S7", actor=actor, role=role,
            subject=suspension, member=member, motivation=motivation,
            outcome=stored_label(Publication, publication),
        )
    return suspension
