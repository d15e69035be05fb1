"""The audit itself: creating it (R-U1, R-C1, R-C2, R-M1) or imposing an interim audit
(R-T1, R-T2); the team (R-C3, R-C4) and the plan (R-U4, R-U6, R-M5, R-M6); cancelling it
(R-C2, R-T1, R-U2; R-M2 for the open audits of a member). The R-U2 steps from the quote to
the follow-up are in :mod:`audits.services.steps`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_resolve, flags_resolve_for_member
from core.history import save_with_history as _save
from core.messages import choice, stored
from core.models import DecisionKind, Flag, Role
from core.rules import require_role as _require_role
from core.rules import require_text
from core.rules import today_or as _today
from members.models import MEMBERSHIP_STATES, Member, MemberState
from members.services import (
    SCOPE_EXTENSION_FLAG_PREFIX,
    core_data_snapshot,
    is_member_contact,
    scope_items,
)

from ..models import Audit, AuditKind, Auditor, AuditState, CertificationBody, InterimTrigger
from ._common import (
    BEFORE_FIELDWORK,
    CARRIED_OUT_STATES,
    OPEN_STATES,
    _audit_date,
    _lock,
    _require_body_may_audit,
    _require_body_side,
    _require_state,
    _require_step,
    auditor_of,
    open_audit_blockers,
)
from .auditors import _require_team_member, check_independence

#: R-U1: the member states in which an audit of each kind can be started.
KIND_MEMBER_STATES = {
    AuditKind.ADMISSION: [MemberState.ADMISSION_AUDIT],
    AuditKind.RECERTIFICATION: MEMBERSHIP_STATES,
    AuditKind.COMBINED_SWN: MEMBERSHIP_STATES,
    AuditKind.RE_AUDIT: [MemberState.SUSPENDED, MemberState.PAUSED],
    AuditKind.ADDITIONAL: [MemberState.ADMISSION_AUDIT, *MEMBERSHIP_STATES],
    AuditKind.INTERIM: MEMBERSHIP_STATES,
}


# --- R-U1, R-C1, R-C2 creating audits ---------------------------------------------------------


def _member_state_blockers(member: Member, kind: str) -> list[tuple[str, str]]:
    allowed = KIND_MEMBER_STATES[kind]
    if member.state in allowed:
        return []
    rule = "R-M1" if kind == AuditKind.ADMISSION else "R-U1"
    return [(rule, _(
        "Een %(kind)s kan niet bij status %(state)s van %(member)s; wel bij: %(allowed)s.")
        % {"kind": str(AuditKind(kind).label).lower(), "member": member,
           "state": str(MemberState(member.state).label),
           "allowed": ", ".join(str(MemberState(s).label) for s in allowed)})]


def audit_create_blockers(member: Member, kind: str) -> list[tuple[str, str]]:
    """R-U1/R-C2 (R-0.5): what stands in the way of starting an audit of ``kind`` for
    ``member`` now, whichever body is chosen, as ``(rule_id, Dutch text)``: the member's
    "choose a body" page shows it before the click and :func:`audit_create` refuses with the
    first. The body (R-C1) is checked on submit."""
    return _member_state_blockers(member, kind) + open_audit_blockers(member, kind)


def _new_audit(*, member, kind, body, development_levels, actor, reason, **fields) -> Audit:
    audit = Audit(member=member, kind=kind, body=body,
                  development_levels=bool(development_levels), **fields)
    return _save(audit, actor=actor, reason=reason)


@transaction.atomic
def audit_create(
    *, member: Member, kind: str, body: CertificationBody, actor,
    development_levels: bool = False, fieldwork_starts_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Audit:
    """R-U1/R-U2 step 1 (CI chosen): the member chooses its body (R-C2); the bureau may register
    the choice. R-C1: only a recognised body whose contract covers the planned date (or today).
    An additional investigation (R-F4) may also be ordered by an auditor of the body. Interim
    audits are imposed by NVVK through :func:`audit_impose_interim` (R-T1)."""
    today = _today(today)
    if kind not in AuditKind.values:
        raise RuleViolation("R-U1", _("Onbekende soort audit: %(kind)s.") % {"kind": kind})
    if kind == AuditKind.INTERIM:
        raise RuleViolation(
            "R-T1", _("Een tussentijdse audit wordt door de NVVK opgelegd, niet aangevraagd.")
        )
    allowed = (actor is not None and actor.has_role(Role.BUREAU)) or is_member_contact(
        actor, member
    ) or (kind == AuditKind.ADDITIONAL and auditor_of(actor, body) is not None)
    if not allowed:
        raise RuleViolation(
            "R-C2", _("Het lid kiest zelf de certificerende instelling: alleen een "
                      "contactpersoon van %(member)s of het Verenigingsbureau kan deze audit "
                      "aanmaken.") % {"member": member},
        )
    member = Member.objects.select_for_update().get(pk=member.pk)
    refuse_first(audit_create_blockers(member, kind))
    _require_body_may_audit(body, fieldwork_starts_on or today)
    return _new_audit(
        member=member, kind=kind, body=body, development_levels=development_levels, actor=actor,
        reason=stored("CI gekozen: %(body)s (R-C2, R-U2)", body=body), fieldwork_starts_on=fieldwork_starts_on,
    )


def interim_audit_blockers(member: Member) -> list[tuple[str, str]]:
    """R-T1/R-U1 (R-0.5): what stands in the way of imposing an interim audit on ``member``
    now, whichever body and trigger, as ``(rule_id, Dutch text)``: the bureau's page shows it
    before the click and :func:`audit_impose_interim` refuses with it."""
    return _member_state_blockers(member, AuditKind.INTERIM)


def interim_trigger_blockers(*, member: Member, trigger: str, trigger_source: str = "",
                             complaint=None) -> list[tuple[str, str]]:
    """R-T2, the one guard of every route to an interim audit (the bureau's and directeur's own
    "impose" and the route from a complaint, ``complaints.services``): a known trigger with its
    source; a trigger "serious and public complaints" needs a linked complaint; a linked
    complaint is about this member, was judged serious and public by NVVK
    (``complaint_mark_serious``) when it is the trigger, and has not led to another (not
    cancelled) interim audit. Empty when the trigger holds."""
    if trigger not in InterimTrigger.values:
        return [("R-T2", _("Kies de aanleiding: ernstige en openbare klachten, een "
                           "organisatiewijziging of uitbreiding van de dienstverlening."))]
    if not (trigger_source or "").strip() and complaint is None:
        return [("R-T2", _("Vermeld de bron van de aanleiding."))]
    if trigger == InterimTrigger.COMPLAINT and complaint is None:
        return [("R-T2", _("Koppel de klacht die aanleiding is voor de audit."))]
    if complaint is None:
        return []
    if complaint.subject_kind != "member" or complaint.member_id != member.pk:
        return [("R-T2", _("De klacht gaat niet over %(member)s.") % {"member": member})]
    if trigger == InterimTrigger.COMPLAINT and not complaint.serious_and_public:
        return [("R-T2", _(
            "Klacht %(ref)s is niet als ernstig en openbaar aangemerkt; dat oordeel van de "
            "NVVK is nodig voor een tussentijdse audit.") % {"ref": complaint.reference})]
    if complaint.interim_audits.exclude(state=AuditState.CANCELLED).exists():
        return [("R-T2", _("Klacht %(ref)s heeft al geleid tot een tussentijdse audit.")
                 % {"ref": complaint.reference})]
    return []


@transaction.atomic
def audit_impose_interim(
    *, member: Member, body: CertificationBody, trigger: str, trigger_source: str,
    complaint=None, motivation: str, actor, today: dt.date | None = None,
) -> Audit:
    """R-T1: the NVVK (directeur or bureau) imposes an interim audit; the member bears the costs.
    R-T2: the trigger and its source (e.g. the complaint) are linked to the audit; the trigger
    is checked by :func:`interim_trigger_blockers`, the same on every route."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, Role.BUREAU, rule_id="R-T1",
                  what=_("een tussentijdse audit opleggen"))
    if complaint is not None:  # R-T2: one route at a time decides on this complaint
        complaint = type(complaint).objects.select_for_update().get(pk=complaint.pk)
    refuse_first(interim_trigger_blockers(member=member, trigger=trigger,
                                          trigger_source=trigger_source, complaint=complaint))
    require_text(motivation, rule_id="R-0.3", message=_("Het besluit heeft een motivering nodig."))
    member = Member.objects.select_for_update().get(pk=member.pk)
    refuse_first(interim_audit_blockers(member))
    _require_body_may_audit(body, today)  # R-C1
    source = (trigger_source or "").strip() or str(complaint)
    audit = _new_audit(
        member=member, kind=AuditKind.INTERIM, body=body, development_levels=False, actor=actor,
        reason=stored("tussentijdse audit opgelegd (R-T1): %(trigger)s",
                      trigger=choice(InterimTrigger, trigger)),
        trigger=trigger, trigger_source=source, complaint=complaint, costs_for_member=True,
    )
    role = Role.DIRECTOR if actor.has_role(Role.DIRECTOR) else Role.BUREAU
    decision_record(
        kind=DecisionKind.INTERIM_AUDIT,
        outcome=stored("tussentijdse audit opgelegd: %(trigger)s",
                       trigger=choice(InterimTrigger, trigger)),
        rule_id="R-T1", actor=actor, role=role, subject=audit, motivation=motivation,
        member=member,
    )
    if trigger == InterimTrigger.SCOPE_EXTENSION:
        keys = Flag.objects.open().filter(
            member=member, key__startswith=SCOPE_EXTENSION_FLAG_PREFIX
        ).values_list("key", flat=True)
        for key in list(keys):
            flag_resolve(key=key, today=today, actor=actor)
    return audit


# --- R-C1 reassigning an audit whose body may no longer audit ---------------------------------


@transaction.atomic
def audit_reassign(
    *, audit: Audit, body: CertificationBody, reason: str, actor,
    fieldwork_starts_on: dt.date | None = None, today: dt.date | None = None,
) -> Audit:
    """R-C1/R-C2: the bureau (or the directeur) moves an audit whose body is no longer
    recognised or contracted to the body the member chose instead. The old audit is cancelled
    with the reason (its history and reports stay); a new audit of the same kind starts at
    "CI gekozen" with the new body, which must be recognised and contracted on the planned
    date (or today). The fieldwork is carried out again by the new body: what the old body did
    after losing recognition does not count. An interim audit keeps its trigger, source,
    complaint and costs (R-T1/R-T2). Refused while the old body may still audit (the member
    then cancels and chooses again itself, R-C2). The R-C1 flags of the old audit are
    resolved."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("een audit aan een andere certificerende instelling toewijzen"))
    reason = require_text(reason, rule_id="R-C1", message=_(
        "Vermeld waarom de audit naar een andere instelling gaat."))
    audit = _lock(audit)
    if audit.state not in OPEN_STATES:
        raise RuleViolation("R-U2", _("Deze audit is afgerond of geannuleerd."))
    if audit.body.may_audit_on(today) and (
            audit.state in CARRIED_OUT_STATES or not audit.fieldwork_starts_on
            or audit.body.may_audit_on(audit.fieldwork_starts_on)):
        raise RuleViolation("R-C1", _(
            "%(body)s is erkend en gecontracteerd; alleen een audit waarvan de instelling dat "
            "niet meer is, wordt door de NVVK toegewezen. Het lid kiest anders zelf (R-C2).")
            % {"body": audit.body})
    if body.pk == audit.body_id:
        raise RuleViolation("R-C1", _("Kies een andere certificerende instelling."))
    _require_body_may_audit(body, fieldwork_starts_on or today)
    old_body = audit.body
    audit.cancel()
    _save(audit, actor=actor, reason=stored(
        "toegewezen aan %(body)s (R-C1): %(reason)s", body=body.name, reason=reason))
    new = _new_audit(
        member=audit.member, kind=audit.kind, body=body,
        development_levels=audit.development_levels, actor=actor,
        reason=stored("overgenomen van %(body)s (R-C1): %(reason)s", body=old_body.name,
                      reason=reason),
        fieldwork_starts_on=fieldwork_starts_on, trigger=audit.trigger,
        trigger_source=audit.trigger_source, complaint=audit.complaint,
        costs_for_member=audit.costs_for_member,
    )
    new.scope.set(audit.scope.all())
    flag_resolve(key=f"R-C1:body-stopped:{audit.pk}", today=today, actor=actor)
    flags_resolve_for_member(member=audit.member, key_prefix=f"R-C1:body-not-contracted:{audit.pk}:",
                             today=today, actor=actor)
    return new


# --- R-C3, R-C4 team; R-U4, R-U6 plan ---------------------------------------------------------

@transaction.atomic
def audit_assign_team(
    *, audit: Audit, lead: Auditor, actor, second: Auditor | None = None,
    today: dt.date | None = None,
) -> Audit:
    """R-C4/R-U6: the body assigns a lead and (as a rule) a second auditor. R-A1: both of the
    audit's body. R-C3: each has a signed confidentiality declaration and no work or interest
    for the member in the three years before the audit date, checked now."""
    today = _today(today)
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het auditteam samenstellen"))
    _require_state(audit, BEFORE_FIELDWORK, step=_("het samenstellen van het team"))
    if second is not None and second.pk == lead.pk:
        raise RuleViolation(
            "R-C4", _("De tweede auditor moet een ander zijn dan de leidend auditor.")
        )
    audit_date = _audit_date(audit, today)
    for auditor, label in ((lead, _("leidend auditor")), (second, _("tweede auditor"))):
        if auditor is None:
            continue
        _require_team_member(auditor, audit, role_label=label)
        check_independence(auditor=auditor, member=audit.member, audit_date=audit_date,
                           today=today)
    audit.lead_auditor = lead
    audit.second_auditor = second
    reason = (stored("team: %(lead)s en %(second)s (R-C3, R-C4)", lead=lead.name,
                     second=second.name) if second else
              stored("team: %(lead)s (R-C3, R-C4)", lead=lead.name))
    return _save(audit, actor=actor, reason=reason)


def _as_decimal(value, *, rule_id: str, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise RuleViolation(rule_id, _("%(what)s is geen getal.") % {"what": what}) from None
    if number <= 0:
        raise RuleViolation(rule_id, _("%(what)s moet groter dan nul zijn.") % {"what": what})
    return number


@transaction.atomic
def audit_plan(
    *, audit: Audit, actor, fieldwork_starts_on: dt.date | None = None,
    fieldwork_ends_on: dt.date | None = None, planned_days=None,
    planned_auditors: int | None = None, scope_numbers: Iterable[int] | None = None,
    development_levels: bool | None = None, today: dt.date | None = None,
) -> Audit:
    """R-U6: the body records the fieldwork dates, planned days and number of auditors; the
    member's kerngegevens are frozen for the audit (R-M6). R-U4: development levels on or off.
    R-M5: the audit's scope is part of the member's scope. A value left ``None`` is kept.
    A new fieldwork date re-checks the contract (R-C1) and the team's independence (R-C3)."""
    today = _today(today)
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de audit plannen"))
    _require_state(audit, BEFORE_FIELDWORK, step=_("het plannen van de audit"))
    starts = fieldwork_starts_on or audit.fieldwork_starts_on
    ends = fieldwork_ends_on or (audit.fieldwork_ends_on if not fieldwork_starts_on else None)
    ends = ends or starts
    if starts and ends and ends < starts:
        raise RuleViolation("R-U6", _("De audit op locatie eindigt vóór ze begint."))
    if planned_days is not None:
        audit.planned_days = _as_decimal(planned_days, rule_id="R-U6",
                                         what=_("Het aantal auditdagen"))
    if planned_auditors is not None:
        if int(planned_auditors) < 1:
            raise RuleViolation("R-U6", _("Er is ten minste één auditor nodig."))
        audit.planned_auditors = int(planned_auditors)
    if development_levels is not None and bool(development_levels) != audit.development_levels:
        if audit.state == AuditState.DEVELOPMENT_LEVELS:
            raise RuleViolation(
                "R-U4", _("De audit is al in de stap ontwikkelniveaus; die keuze ligt vast.")
            )
        audit.development_levels = bool(development_levels)
    items = None
    if scope_numbers is not None:
        items = scope_items(scope_numbers)
        member_scope = set(audit.member.scope.values_list("number", flat=True))
        outside = sorted({i.number for i in items} - member_scope)
        if outside:
            raise RuleViolation(
                "R-M5", _("Onderdelen %(numbers)s horen niet tot de scope van %(member)s.")
                % {"numbers": ", ".join(map(str, outside)), "member": audit.member},
            )
    date_changed = starts != audit.fieldwork_starts_on
    if starts and date_changed:
        _require_body_may_audit(audit.body, starts)
        for auditor in (audit.lead_auditor, audit.second_auditor):
            if auditor is not None:
                check_independence(auditor=auditor, member=audit.member, audit_date=starts,
                                   today=today)
    audit.fieldwork_starts_on = starts
    audit.fieldwork_ends_on = ends
    _save(audit, actor=actor, reason=stored("audit gepland (R-U6)"))
    if items is not None:
        audit.scope.set(items)
    core_data_snapshot(audit=audit, actor=actor, today=today)
    return audit


# --- cancelling (R-C2, R-T1; R-M2) ---------------------------------------------------------


def audits_cancel_open_for_member(member, *, actor, reason: str, kinds=None) -> int:
    """R-M2: cancel every open audit of ``member`` (after its application was rejected or it
    resigned; the calling members service checked who acts). Answers
    ``members.hooks`` ``cancel_open_audits``. Returns how many were cancelled."""
    audits = member.audits.exclude(state__in=[AuditState.DECIDED, AuditState.CANCELLED])
    if kinds is not None:
        audits = audits.filter(kind__in=kinds)
    count = 0
    for audit in audits:
        audit_cancel_unchecked(audit=audit, actor=actor, reason=reason)
        count += 1
    return count


def audit_cancel_unchecked(*, audit: Audit, actor, reason: str) -> Audit:
    """Cancel an open audit as a consequence of another decision (rejection, resignation);
    the calling service has checked who acts."""
    audit = _lock(audit)
    if audit.state not in OPEN_STATES:
        return audit
    audit.cancel()
    return _save(audit, actor=actor, reason=stored("geannuleerd: %(reason)s", reason=reason))


@transaction.atomic
def audit_cancel(*, audit: Audit, reason: str, actor, today: dt.date | None = None) -> Audit:
    """An audit that will not take place. The bureau or directeur may cancel any open audit; the
    member may cancel its own (non-interim) audit before the fieldwork, e.g. to choose another
    body (R-C2). An interim audit is imposed by NVVK and cancelled only by NVVK (R-T1)."""
    audit = _lock(audit)
    staff = actor is not None and actor.has_role(Role.BUREAU, Role.DIRECTOR)
    if not staff:
        if not is_member_contact(actor, audit.member):
            raise RuleViolation(
                "R-C2", _("Alleen het lid zelf of het Verenigingsbureau kan deze audit "
                          "annuleren.")
            )
        if audit.kind == AuditKind.INTERIM:
            raise RuleViolation(
                "R-T1", _("Een opgelegde tussentijdse audit kan alleen de NVVK annuleren.")
            )
        if audit.state not in BEFORE_FIELDWORK:
            raise RuleViolation(
                "R-C2", _("Na de start van de audit op locatie annuleert alleen het "
                          "Verenigingsbureau.")
            )
    require_text(reason, rule_id="R-U2", message=_("Vermeld waarom de audit wordt geannuleerd."))
    _require_step(audit, audit.cancel, step=_("annuleren"))
    audit.cancel()
    return _save(audit, actor=actor, reason=stored("geannuleerd: %(reason)s", reason=reason))
