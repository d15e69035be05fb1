"""R-Z2 the combined NVVK + SWN audit: a member that is audited on the NVVK Kwaliteitskader
and the SWN-keurmerk may ask NVVK for one combined audit; the bureau registers it with the
body the member chose (R-C1, R-C2). After it the directeur may grant four years (R-Z2,
``certificates.services.certificate_decide``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import date_label
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import stored
from core.models import FlagAudience, Role
from core.rules import require_role
from core.rules import today_or as _today
from members.models import Member

from .. import emails
from ..models import Audit, AuditKind, CertificationBody
from ..selectors import combined_request_flag_key, combined_request_open
from ._common import SAME_RECERTIFICATION, _require_body_may_audit, open_audit_blockers
from .audits import _member_state_blockers

#: R-Z2: the audits a combined NVVK + SWN audit takes the place of; one of them open means the
#: member already has its recertification under way (the guard shared with ``audit_create``).
REPLACED_KINDS = list(SAME_RECERTIFICATION)


def combined_audit_blockers(member: Member) -> list[tuple[str, str]]:
    """R-Z2/R-C2 (R-0.5): what stands in the way of registering a combined NVVK/SWN audit for
    ``member`` now, whichever body, as ``(rule_id, Dutch text)``: the bureau's page shows it
    before the click and :func:`audit_register_combined_swn` refuses with the first."""
    return _member_state_blockers(member, AuditKind.COMBINED_SWN) + open_audit_blockers(
        member, AuditKind.COMBINED_SWN, message=_(
            "Er loopt al een %(kind)s bij %(body)s; annuleer die eerst om een gecombineerde "
            "NVVK/SWN-audit te registreren."))


@transaction.atomic
def audit_register_combined_swn(
    *, member: Member, body: CertificationBody, actor, development_levels: bool = False,
    fieldwork_starts_on: dt.date | None = None, today: dt.date | None = None,
) -> Audit:
    """R-Z2: the bureau registers the combined NVVK/SWN audit the member asked for, with the
    body it chose (R-C1: recognised, under contract on the planned date). Refused while a
    recertification or combined audit is already open (R-C2: cancel that one first). The
    member's contacts are told by e-mail after the commit."""
    today = _today(today)
    require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-Z2", message=_(
        "Alleen het verenigingsbureau registreert een gecombineerde NVVK/SWN-audit."))
    member = Member.objects.select_for_update().get(pk=member.pk)
    refuse_first(combined_audit_blockers(member))
    if fieldwork_starts_on is not None and fieldwork_starts_on < today:
        raise RuleViolation("R-U2", _("De geplande startdatum van het veldwerk ligt in het "
                                      "verleden."))
    _require_body_may_audit(body, fieldwork_starts_on or today)
    audit = Audit(member=member, kind=AuditKind.COMBINED_SWN, body=body,
                  development_levels=bool(development_levels),
                  fieldwork_starts_on=fieldwork_starts_on)
    save_with_history(audit, actor=actor, reason=stored(
        "R-Z2: gecombineerde NVVK/SWN-audit geregistreerd op verzoek van het lid (CI: "
        "%(body)s)", body=body))
    flag_resolve(key=combined_request_flag_key(member), today=today, actor=actor,
                 reason=stored("gecombineerde audit geregistreerd"))
    transaction.on_commit(lambda: emails.combined_audit_registered(audit_id=audit.pk),
                          robust=True)
    return audit


@transaction.atomic
def audit_request_combined_swn(*, member: Member, body: CertificationBody, actor,
                               note: str = "", today: dt.date | None = None):
    """R-Z2: the member tells NVVK that it wants a combined NVVK/SWN audit with ``body``
    ("het lid kan bij de NVVK aangeven hier gebruik van te willen maken"). The bureau gets a
    flag with the request (it registers the audit, which resolves the flag); the member's
    history records the request and its contacts get a confirmation by e-mail. Refused while
    a request is open, while a recertification is under way (R-C2), for a body that may not
    audit (R-C1) and in a membership state without a next audit."""
    today = _today(today)
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.contacts.filter(user=actor).exists():
        raise RuleViolation("R-Z2", _(
            "Alleen een contactpersoon van %(member)s vraagt een gecombineerde audit aan.")
            % {"member": member})
    refuse_first(combined_request_blockers(member))
    _require_body_may_audit(body, today)
    note = (note or "").strip()
    message = (stored("%(member)s vraagt een gecombineerde NVVK/SWN-audit aan bij %(body)s: "
                      "%(note)s", member=member.name, body=body.name, note=note) if note else
               stored("%(member)s vraagt een gecombineerde NVVK/SWN-audit aan bij %(body)s.",
                      member=member.name, body=body.name))
    flag, created = flag_raise(
        key=combined_request_flag_key(member), rule_id="R-Z2", audience=FlagAudience.BUREAU,
        message=message, today=today, member=member, subject=member, again=True)
    if not created:
        raise RuleViolation("R-Z2", _(
            "Er staat al een aanvraag voor een gecombineerde audit open sinds %(date)s; het "
            "verenigingsbureau neemt contact met u op.") % {"date": date_label(flag.raised_on)})
    save_with_history(member, actor=actor, reason=stored(
        "R-Z2: gecombineerde NVVK/SWN-audit aangevraagd (CI: %(body)s)", body=body.name))
    transaction.on_commit(lambda: emails.combined_audit_requested(
        flag_id=flag.pk, body_id=body.pk, note=note), robust=True)
    return flag


def combined_request_blockers(member: Member) -> list[tuple[str, str]]:
    """R-Z2/R-C2 (R-0.5): what stands in the way of the member's request for a combined audit
    now, whichever body: its membership state, a recertification under way, a request still
    open. The member's page shows it before the click and the service refuses with it."""
    blockers = _member_state_blockers(member, AuditKind.COMBINED_SWN) + open_audit_blockers(
        member, AuditKind.COMBINED_SWN, message=_(
            "Er loopt al een %(kind)s bij %(body)s; een gecombineerde NVVK/SWN-audit kan pas "
            "voor de volgende audit."))
    pending = combined_request_open(member=member)
    if pending is not None:
        blockers.append(("R-Z2", _(
            "Er staat al een aanvraag voor een gecombineerde audit open sinds %(date)s; het "
            "verenigingsbureau neemt contact met u op.") % {"date": date_label(pending.raised_on)}))
    return blockers
