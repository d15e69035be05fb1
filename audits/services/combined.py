"""R-Z2 the combined NVVK + SWN audit: a member that is audited on the NVVK Kwaliteitskader
and the SWN-keurmerk may ask NVVK for one combined audit; the bureau registers it with the
body the member chose (R-C1, R-C2). After it the directeur may grant four years (R-Z2,
``certificates.services.certificate_decide``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import RuleViolation
from core.history import save_with_history
from core.messages import stored
from core.models import Role
from core.rules import require_role
from core.rules import today_or as _today
from members.models import Member

from .. import emails
from ..models import Audit, AuditKind, CertificationBody
from ._common import OPEN_STATES, _require_body_may_audit
from .audits import _require_member_state_for_kind

#: R-Z2: the audits a combined NVVK + SWN audit takes the place of; one of them open means the
#: member already has its recertification under way.
REPLACED_KINDS = [AuditKind.RECERTIFICATION, AuditKind.COMBINED_SWN]


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
    _require_member_state_for_kind(member, AuditKind.COMBINED_SWN)
    if fieldwork_starts_on is not None and fieldwork_starts_on < today:
        raise RuleViolation("R-U2", _("De geplande startdatum van het veldwerk ligt in het "
                                      "verleden."))
    _require_body_may_audit(body, fieldwork_starts_on or today)
    open_audit = member.audits.filter(kind__in=REPLACED_KINDS, state__in=OPEN_STATES).first()
    if open_audit is not None:
        raise RuleViolation("R-C2", _(
            "Er loopt al een %(kind)s bij %(body)s; annuleer die eerst om een gecombineerde "
            "NVVK/SWN-audit te registreren.")
            % {"kind": str(AuditKind(open_audit.kind).label).lower(), "body": open_audit.body})
    audit = Audit(member=member, kind=AuditKind.COMBINED_SWN, body=body,
                  development_levels=bool(development_levels),
                  fieldwork_starts_on=fieldwork_starts_on)
    save_with_history(audit, actor=actor, reason=stored(
        "R-Z2: gecombineerde NVVK/SWN-audit geregistreerd op verzoek van het lid (CI: "
        "%(body)s)", body=body))
    transaction.on_commit(lambda: emails.combined_audit_registered(audit_id=audit.pk),
                          robust=True)
    return audit
