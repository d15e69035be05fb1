"""State changes of certification bodies, auditors and audits (R-C1 … R-C4, R-U1 … R-U6,
R-T1, R-T2).

Each service is keyword-only, runs in one transaction, locks the row it changes, checks who may
act and the rule, and raises :class:`core.exceptions.RuleViolation` naming the rule with a Dutch
message of what is missing (R-0.5). A step of R-U2 taken from the wrong step is refused naming
R-U2. The transitions ``advise`` (R-F7) and ``decide`` (R-Z1) belong to ``findings.services``
and ``certificates.services``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import dates
from core.decisions import decision_record
from core.documents import document_store
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve
from core.fsm import transition_sources
from core.history import save_with_history as _save
from core.models import DecisionKind, Flag, FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import today_or as _today
from members.models import MEMBERSHIP_STATES, Member, MemberState
from members.services import (
    SCOPE_EXTENSION_FLAG_PREFIX,
    core_data_snapshot,
    is_member_contact,
    scope_items,
)

from . import emails
from .models import (
    AreaAssessment,
    Audit,
    AuditEvaluation,
    AuditKind,
    Auditor,
    AuditReport,
    AuditState,
    BodyEvaluation,
    CertificationBody,
    Contract,
    CoveredNorm,
    InterimTrigger,
    InvolvementKind,
    Level,
    Norm,
    NormChangeProposal,
    NormProposalState,
    PerformanceArea,
    PriorInvolvement,
    ReportVersion,
)

#: R-U2: the steps in which the team, the plan and the zelfscan can still change.
BEFORE_FIELDWORK = [AuditState.BODY_CHOSEN, AuditState.QUOTE_AGREED, AuditState.PREPARATION,
                    AuditState.DEVELOPMENT_LEVELS]
OPEN_STATES = [s for s in AuditState.values if s not in (AuditState.DECIDED, AuditState.CANCELLED)]
#: R-U3: the auditor observes from the document review up to the concept report.
OBSERVATION_STATES = [AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS,
                      AuditState.FIELDWORK, AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT]
#: R-U3: the zelfscan is filled in before and during the fieldwork.
SELF_ASSESSMENT_STATES = [*BEFORE_FIELDWORK, AuditState.FIELDWORK]

#: R-U1: the member states in which an audit of each kind can be started.
KIND_MEMBER_STATES = {
    AuditKind.ADMISSION: [MemberState.ADMISSION_AUDIT],
    AuditKind.RECERTIFICATION: MEMBERSHIP_STATES,
    AuditKind.COMBINED_SWN: MEMBERSHIP_STATES,
    AuditKind.RE_AUDIT: [MemberState.SUSPENDED, MemberState.PAUSED],
    AuditKind.ADDITIONAL: [MemberState.ADMISSION_AUDIT, *MEMBERSHIP_STATES],
    AuditKind.INTERIM: MEMBERSHIP_STATES,
}


# --- helpers ----------------------------------------------------------------------------------






def _step_label(value: str) -> str:
    return str(AuditState(value).label)






def auditor_of(user, body) -> Auditor | None:
    """The active :class:`Auditor` behind ``user`` when it belongs to ``body`` (R-A1)."""
    auditor = getattr(user, "auditor", None) if user is not None else None
    if (auditor is None or not auditor.active or auditor.body_id != body.pk
            or not user.has_role(Role.AUDITOR)):
        return None
    return auditor


def _require_body_side(actor, audit: Audit, *, what: str, allow_bureau: bool = True,
                       allow_contact: bool = False) -> None:
    """The body's own auditors act on its audits (R-A1); the bureau may record on their behalf;
    for some steps the member's contact may act (R-C2)."""
    if auditor_of(actor, audit.body):
        return
    if allow_bureau and actor is not None and actor.has_role(Role.BUREAU):
        return
    if allow_contact and is_member_contact(actor, audit.member):
        return
    who = [_("een auditor van %(body)s") % {"body": audit.body}]
    if allow_bureau:
        who.append(str(Role.BUREAU.label))
    if allow_contact:
        who.append(_("een contactpersoon van %(member)s") % {"member": audit.member})
    raise RuleViolation(
        "R-A1", _("Alleen %(who)s mag %(what)s.") % {"who": " of ".join(who), "what": what}
    )


def _lock(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().select_related("member", "body").get(pk=audit.pk)


def _wrong_step(audit: Audit, sources: Iterable[str], step: str) -> RuleViolation:
    return RuleViolation(
        "R-U2",
        _("De audit staat in stap %(current)s; %(step)s kan alleen vanuit: %(sources)s.")
        % {"current": _step_label(audit.state), "step": step,
           "sources": ", ".join(_step_label(s) for s in sources)},
    )


def _require_step(audit: Audit, transition, *, step: str) -> None:
    """R-U2: refuse a step taken from a state it does not follow (no skipping)."""
    if not can_proceed(transition, check_conditions=False):
        raise _wrong_step(audit, transition_sources(transition), step)


def _require_state(audit: Audit, states: Iterable[str], *, step: str) -> None:
    states = list(states)
    if audit.state not in states:
        raise _wrong_step(audit, states, step)


def _proceed(audit: Audit, transition, *, rule_id: str, **kwargs) -> None:
    """Call a transition whose conditions the service checked; a guard that still refuses
    (e.g. a condition added later) is reported with its rule, never silently."""
    if not can_proceed(transition):
        raise RuleViolation(
            rule_id, _("Deze stap (%(step)s) is nog niet mogelijk: niet aan alle voorwaarden "
                       "is voldaan.") % {"step": transition.__name__},
        )
    transition(**kwargs)


def _require_body_may_audit(body: CertificationBody, day: dt.date) -> None:
    """R-C1: only a recognised body with a contract covering ``day``."""
    if not body.recognised:
        raise RuleViolation(
            "R-C1", _("%(body)s is niet door de NVVK erkend.") % {"body": body}
        )
    if body.contract_on(day) is None:
        raise RuleViolation(
            "R-C1", _("%(body)s heeft op %(day)s geen contract met de NVVK.")
            % {"body": body, "day": day},
        )


def _date_not_future(value: dt.date, today: dt.date, *, rule_id: str, what: str) -> None:
    if value > today:
        raise RuleViolation(
            rule_id, _("%(what)s (%(date)s) ligt in de toekomst.") % {"what": what, "date": value}
        )


# --- R-C1 certification bodies ----------------------------------------------------------------


@transaction.atomic
def body_register(
    *, name: str, actor, city: str = "", website: str = "", recognised: bool = False,
    today: dt.date | None = None,
) -> CertificationBody:
    """R-C1: the bureau registers a certification body (recognised or not yet)."""
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("certificerende instellingen beheren"))
    if not (name or "").strip():
        raise RuleViolation("R-C1", _("De naam van de certificerende instelling ontbreekt."))
    if CertificationBody.objects.filter(name__iexact=name.strip()).exists():
        raise RuleViolation("R-C1", _("%(name)s is al geregistreerd.") % {"name": name})
    body = CertificationBody(name=name.strip(), city=city or "", website=website or "",
                             recognised=bool(recognised))
    return _save(body, actor=actor, reason="certificerende instelling geregistreerd (R-C1)")


@transaction.atomic
def body_set_recognition(*, body: CertificationBody, recognised: bool, actor,
                         today: dt.date | None = None) -> CertificationBody:
    """R-C1: the NVVK recognises a body (or withdraws its recognition)."""
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("de erkenning van een certificerende instelling wijzigen"))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    body.recognised = bool(recognised)
    return _save(body, actor=actor,
                 reason="erkend door NVVK (R-C1)" if recognised else "erkenning ingetrokken (R-C1)")


@transaction.atomic
def body_record_contract(
    *, body: CertificationBody, starts_on: dt.date, actor, ends_on: dt.date | None = None,
    signed_on: dt.date | None = None, notes: str = "", today: dt.date | None = None,
) -> Contract:
    """R-C1: the contract (samenwerkingsovereenkomst) with start and end date. Contracts of
    one body do not overlap."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("contracten met certificerende instellingen vastleggen"))
    if ends_on is not None and ends_on < starts_on:
        raise RuleViolation("R-C1", _("Het contract eindigt vóór het ingaat."))
    if signed_on is not None:
        _date_not_future(signed_on, today, rule_id="R-C1", what=_("De ondertekening"))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    overlapping = body.contracts.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise RuleViolation(
            "R-C1", _("Dit contract overlapt met een bestaand contract van %(body)s (%(other)s).")
            % {"body": body, "other": overlapping.first()},
        )
    contract = Contract(body=body, starts_on=starts_on, ends_on=ends_on, signed_on=signed_on,
                        notes=notes or "")
    return _save(contract, actor=actor, reason="contract vastgelegd (R-C1)")


@transaction.atomic
def body_record_accreditation(
    *, body: CertificationBody, accredited: bool, actor, reference: str = "",
    today: dt.date | None = None,
) -> CertificationBody:
    """R-C1: accreditation by the Raad voor Accreditatie (preferred, not required)."""
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("de accreditatie vastleggen"))
    if accredited and not (reference or "").strip():
        raise RuleViolation("R-C1", _("Vermeld het accreditatienummer van de RvA."))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    body.accredited = bool(accredited)
    body.accreditation_reference = (reference or "").strip() if accredited else ""
    return _save(body, actor=actor, reason="accreditatie RvA vastgelegd (R-C1)")


@transaction.atomic
def body_record_evaluation(
    *, body: CertificationBody, year: int, held_on: dt.date, summary: str, actor,
    agreements: str = "", today: dt.date | None = None,
) -> BodyEvaluation:
    """R-C1: the yearly evaluation with each body (one per year)."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-C1",
                  what=_("de jaarlijkse evaluatie vastleggen"))
    _date_not_future(held_on, today, rule_id="R-C1", what=_("De evaluatie"))
    if not (summary or "").strip():
        raise RuleViolation("R-C1", _("Het verslag van de evaluatie ontbreekt."))
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    if body.evaluations.filter(year=year).exists():
        raise RuleViolation(
            "R-C1", _("De evaluatie %(year)s met %(body)s is al vastgelegd.")
            % {"year": year, "body": body},
        )
    evaluation = BodyEvaluation(body=body, year=year, held_on=held_on, summary=summary,
                                agreements=agreements or "")
    return _save(evaluation, actor=actor, reason=f"jaarlijkse evaluatie {year} (R-C1)")


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
    if not (name or "").strip():
        raise RuleViolation("R-C3", _("De naam van de auditor ontbreekt."))
    if user is not None and Auditor.objects.filter(user=user).exists():
        raise RuleViolation("R-A1", _("Deze gebruiker is al auditor bij een instelling."))
    auditor = Auditor(body=body, name=name.strip(), email=email, user=user)
    return _save(auditor, actor=actor, reason="auditor geregistreerd")


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
    return _save(auditor, actor=actor, reason="geheimhoudingsverklaring getekend (R-C3)")


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
    if not (description or "").strip():
        raise RuleViolation("R-C3", _("Omschrijf de werkzaamheden of het belang."))
    if ended_on is not None and ended_on < started_on:
        raise RuleViolation("R-C3", _("De betrokkenheid eindigt vóór ze begint."))
    involvement = PriorInvolvement(auditor=auditor, member=member, kind=kind,
                                   description=description, started_on=started_on,
                                   ended_on=ended_on)
    return _save(involvement, actor=actor, reason="eerdere betrokkenheid verklaard (R-C3)")


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


# --- R-U1, R-C1, R-C2 creating audits ---------------------------------------------------------


def _require_member_state_for_kind(member: Member, kind: str) -> None:
    allowed = KIND_MEMBER_STATES[kind]
    if member.state not in allowed:
        rule = "R-M1" if kind == AuditKind.ADMISSION else "R-U1"
        raise RuleViolation(
            rule,
            _("Een %(kind)s kan niet bij status %(state)s van %(member)s; wel bij: %(allowed)s.")
            % {"kind": str(AuditKind(kind).label).lower(), "member": member,
               "state": str(MemberState(member.state).label),
               "allowed": ", ".join(str(MemberState(s).label) for s in allowed)},
        )


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
    _require_member_state_for_kind(member, kind)
    _require_body_may_audit(body, fieldwork_starts_on or today)
    if kind != AuditKind.ADDITIONAL:
        open_audit = member.audits.filter(kind=kind, state__in=OPEN_STATES).first()
        if open_audit is not None:
            raise RuleViolation(
                "R-C2", _("Er loopt al een %(kind)s bij %(body)s; annuleer die eerst om een "
                          "andere instelling te kiezen.")
                % {"kind": str(AuditKind(kind).label).lower(), "body": open_audit.body},
            )
    return _new_audit(
        member=member, kind=kind, body=body, development_levels=development_levels, actor=actor,
        reason=f"CI gekozen: {body} (R-C2, R-U2)", fieldwork_starts_on=fieldwork_starts_on,
    )


@transaction.atomic
def audit_impose_interim(
    *, member: Member, body: CertificationBody, trigger: str, trigger_source: str,
    complaint=None, motivation: str, actor, today: dt.date | None = None,
) -> Audit:
    """R-T1: the NVVK (directeur or bureau) imposes an interim audit; the member bears the costs.
    R-T2: the trigger and its source (e.g. the complaint) are linked to the audit."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, Role.BUREAU, rule_id="R-T1",
                  what=_("een tussentijdse audit opleggen"))
    if trigger not in InterimTrigger.values:
        raise RuleViolation(
            "R-T2", _("Kies de aanleiding: ernstige en openbare klachten, een "
                      "organisatiewijziging of uitbreiding van de dienstverlening.")
        )
    if not (trigger_source or "").strip() and complaint is None:
        raise RuleViolation("R-T2", _("Vermeld de bron van de aanleiding."))
    if trigger == InterimTrigger.COMPLAINT and complaint is None:
        raise RuleViolation("R-T2", _("Koppel de klacht die aanleiding is voor de audit."))
    if complaint is not None and complaint.member_id not in (None, member.pk):
        raise RuleViolation("R-T2", _("De klacht gaat niet over %(member)s.") % {"member": member})
    if not (motivation or "").strip():
        raise RuleViolation("R-0.3", _("Het besluit heeft een motivering nodig."))
    member = Member.objects.select_for_update().get(pk=member.pk)
    _require_member_state_for_kind(member, AuditKind.INTERIM)
    _require_body_may_audit(body, today)
    source = (trigger_source or "").strip() or str(complaint)
    audit = _new_audit(
        member=member, kind=AuditKind.INTERIM, body=body, development_levels=False, actor=actor,
        reason=f"tussentijdse audit opgelegd (R-T1): {InterimTrigger(trigger).label}",
        trigger=trigger, trigger_source=source, complaint=complaint, costs_for_member=True,
    )
    role = Role.DIRECTOR if actor.has_role(Role.DIRECTOR) else Role.BUREAU
    decision_record(
        kind=DecisionKind.INTERIM_AUDIT,
        outcome=_("tussentijdse audit opgelegd: %(trigger)s")
        % {"trigger": InterimTrigger(trigger).label},
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


# --- R-C3, R-C4 team; R-U4, R-U6 plan ---------------------------------------------------------


def _audit_date(audit: Audit, today: dt.date) -> dt.date:
    """R-C3 checks against the audit date (the first fieldwork day; today if not planned)."""
    return audit.audit_date or today


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
    names = lead.name + (f" en {second.name}" if second else "")
    return _save(audit, actor=actor, reason=f"team: {names} (R-C3, R-C4)")


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
    _save(audit, actor=actor, reason="audit gepland (R-U6)")
    if items is not None:
        audit.scope.set(items)
    core_data_snapshot(audit=audit, actor=actor, today=today)
    return audit


# --- R-U2 steps ------------------------------------------------------------------------------


@transaction.atomic
def audit_agree_quote(*, audit: Audit, actor, on: dt.date | None = None,
                      today: dt.date | None = None) -> Audit:
    """R-U2: quote and scope agreed between member and body."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de offerte akkoord melden"), allow_contact=True)
    _require_step(audit, audit.agree_quote, step=_("offerte en scope akkoord"))
    _date_not_future(on, today, rule_id="R-U2", what=_("Het akkoord"))
    if not audit.scope.exists():
        raise RuleViolation("R-U2", _("Leg eerst de scope van de audit vast (offerte en scope)."))
    _proceed(audit, audit.agree_quote, rule_id="R-U2", on=on)
    return _save(audit, actor=actor, reason="offerte en scope akkoord (R-U2)")


@transaction.atomic
def audit_start_preparation(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2: preparation (zelfscan optional, documents of appendix 3 requested)."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de voorbereiding starten"))
    _require_step(audit, audit.start_preparation, step=_("de voorbereiding"))
    _proceed(audit, audit.start_preparation, rule_id="R-U2")
    audit = _save(audit, actor=actor, reason="voorbereiding gestart (R-U2)")
    # R-U2: the member and the audit team are told, after the commit.
    transaction.on_commit(lambda: emails.audit_planned(audit_id=audit.pk), robust=True)
    return audit


@transaction.atomic
def audit_start_development_levels(*, audit: Audit, actor,
                                   today: dt.date | None = None) -> Audit:
    """R-U4: the optional development-levels step, only when levels are part of the audit."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de stap ontwikkelniveaus starten"))
    _require_step(audit, audit.start_development_levels, step=_("de stap ontwikkelniveaus"))
    if not audit.development_levels:
        raise RuleViolation(
            "R-U4", _("Ontwikkelniveaus maken geen deel uit van deze audit.")
        )
    _proceed(audit, audit.start_development_levels, rule_id="R-U4")
    return _save(audit, actor=actor, reason="stap ontwikkelniveaus (R-U4)")


@transaction.atomic
def audit_start_fieldwork(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2: fieldwork on site. From preparation when the audit has no development levels, from
    the development-levels step when it has (R-U4). Needs the team (R-C4) and the plan (R-U6),
    and starts on or after the planned first day."""
    today = _today(today)
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de audit op locatie starten"))
    if audit.state == AuditState.PREPARATION and audit.development_levels:
        raise RuleViolation(
            "R-U2", _("Deze audit heeft ontwikkelniveaus (R-U4): die stap komt vóór de audit "
                      "op locatie.")
        )
    if audit.state == AuditState.DEVELOPMENT_LEVELS:
        transition = audit.start_fieldwork_after_levels
    else:
        transition = audit.start_fieldwork
    if audit.state not in (AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS):
        raise _wrong_step(audit, [AuditState.PREPARATION, AuditState.DEVELOPMENT_LEVELS],
                          _("de audit op locatie"))
    if audit.lead_auditor_id is None:
        raise RuleViolation("R-C4", _("Wijs eerst een leidend auditor toe."))
    if not audit.fieldwork_starts_on or not audit.planned_days:
        raise RuleViolation(
            "R-U6", _("Plan eerst de audit: data op locatie en het aantal auditdagen.")
        )
    if today < audit.fieldwork_starts_on:
        raise RuleViolation(
            "R-U2", _("De audit op locatie is gepland vanaf %(date)s.")
            % {"date": audit.fieldwork_starts_on},
        )
    _proceed(audit, transition, rule_id="R-U2")
    return _save(audit, actor=actor, reason="audit op locatie gestart (R-U2)")


@transaction.atomic
def audit_give_oral_feedback(*, audit: Audit, actor, on: dt.date | None = None,
                             today: dt.date | None = None) -> Audit:
    """R-U2: the oral feedback at the end of the last fieldwork day."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de mondelinge terugkoppeling vastleggen"),
                       allow_bureau=False)
    _require_step(audit, audit.give_oral_feedback, step=_("de mondelinge terugkoppeling"))
    _date_not_future(on, today, rule_id="R-U2", what=_("De terugkoppeling"))
    if audit.fieldwork_starts_on and on < audit.fieldwork_starts_on:
        raise RuleViolation(
            "R-U2", _("De terugkoppeling ligt vóór de audit op locatie (%(date)s).")
            % {"date": audit.fieldwork_starts_on},
        )
    _proceed(audit, audit.give_oral_feedback, rule_id="R-U2", on=on)
    return _save(audit, actor=actor, reason="mondelinge terugkoppeling (R-U2)")


#: R-U2: where each report version may be uploaded.
REPORT_STATES = {
    ReportVersion.CONCEPT: [AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT],
    ReportVersion.DEFINITIVE: [AuditState.PRESENTED],
}


@transaction.atomic
def audit_upload_report(
    *, audit: Audit, version: str, content: bytes, name: str, actor,
    mime_type: str = "application/pdf", today: dt.date | None = None,
) -> AuditReport:
    """R-U2: the body's auditor uploads a concept report (after the oral feedback) or the one
    definitive report (only once it was presented to the organisation)."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("rapporten uploaden"), allow_bureau=False)
    if version not in REPORT_STATES:
        raise RuleViolation("R-U2", _("Een rapport is concept of definitief."))
    label = str(ReportVersion(version).label).lower()
    _require_state(audit, REPORT_STATES[version],
                   step=_("het uploaden van een %(version)s rapport") % {"version": label})
    if not content:
        raise RuleViolation("R-U2", _("Het bestand is leeg."))
    if version == ReportVersion.DEFINITIVE and audit.reports.filter(version=version).exists():
        raise RuleViolation("R-U2", _("Er is al een definitief rapport."))
    document = document_store(content=content, name=name, mime_type=mime_type, actor=actor,
                              member=audit.member,
                              title=f"{ReportVersion(version).label} rapport {audit}")
    report = AuditReport(audit=audit, version=version, document=document, uploaded_by=actor)
    return _save(report, actor=actor, reason=f"{label} rapport geüpload (R-U2)")


@transaction.atomic
def audit_submit_concept(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2: the concept report is ready for the internal review."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het conceptrapport indienen"), allow_bureau=False)
    _require_step(audit, audit.submit_concept, step=_("het conceptrapport"))
    if not audit.reports.filter(version=ReportVersion.CONCEPT).exists():
        raise RuleViolation("R-U2", _("Upload eerst het conceptrapport."))
    _proceed(audit, audit.submit_concept, rule_id="R-U2")
    return _save(audit, actor=actor, reason="conceptrapport (R-U2)")


@transaction.atomic
def audit_review(*, audit: Audit, reviewer: Auditor, notes: str, actor,
                 today: dt.date | None = None) -> Audit:
    """R-C4: the internal quality review by a second auditor of the same body, never the lead
    auditor, recorded by that reviewer. The reviewer is independent too (R-C3)."""
    today = _today(today)
    audit = _lock(audit)
    _require_step(audit, audit.complete_review, step=_("de interne kwaliteitstoets"))
    if reviewer.body_id != audit.body_id or not reviewer.active:
        raise RuleViolation(
            "R-C4", _("De toets wordt gedaan door een (actieve) auditor van %(body)s; "
                      "%(reviewer)s is dat niet.")
            % {"body": audit.body, "reviewer": reviewer.name},
        )
    if reviewer.pk == audit.lead_auditor_id:
        raise RuleViolation(
            "R-C4", _("De leidend auditor mag de eigen bevindingen niet toetsen; een tweede "
                      "auditor toetst (vier ogen).")
        )
    if actor is None or reviewer.user_id != actor.pk:
        raise RuleViolation(
            "R-C4", _("De toets wordt vastgelegd door de toetsende auditor zelf (%(reviewer)s).")
            % {"reviewer": reviewer.name},
        )
    check_independence(auditor=reviewer, member=audit.member,
                       audit_date=_audit_date(audit, today), today=today)
    audit.reviewer = reviewer
    audit.reviewed_on = today
    audit.review_notes = notes or ""
    _proceed(audit, audit.complete_review, rule_id="R-C4")
    return _save(audit, actor=actor, reason=f"intern getoetst door {reviewer.name} (R-C4)")


@transaction.atomic
def audit_present(*, audit: Audit, actor, on: dt.date | None = None,
                  today: dt.date | None = None) -> Audit:
    """R-U2: the reviewed report is presented to the organisation."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het rapport voorleggen"), allow_bureau=False)
    _require_step(audit, audit.present, step=_("het voorleggen aan de organisatie"))
    _date_not_future(on, today, rule_id="R-U2", what=_("Het voorleggen"))
    _proceed(audit, audit.present, rule_id="R-U2", on=on)
    return _save(audit, actor=actor, reason="voorgelegd aan organisatie (R-U2)")


@transaction.atomic
def audit_make_definitive(*, audit: Audit, actor, on: dt.date | None = None,
                          today: dt.date | None = None) -> Audit:
    """R-U2: the definitive report (uploaded after the presentation) makes the audit
    definitive."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het rapport definitief maken"), allow_bureau=False)
    _require_step(audit, audit.make_definitive, step=_("het definitieve rapport"))
    _date_not_future(on, today, rule_id="R-U2", what=_("De datum"))
    if not audit.reports.filter(version=ReportVersion.DEFINITIVE).exists():
        raise RuleViolation("R-U2", _("Upload eerst het definitieve rapport."))
    _proceed(audit, audit.make_definitive, rule_id="R-U2", on=on)
    audit = _save(audit, actor=actor, reason="rapport definitief (R-U2)")
    # R-U2: the definitive report is announced to the member, after the commit.
    transaction.on_commit(lambda: emails.report_definitive(audit_id=audit.pk), robust=True)
    return audit


@transaction.atomic
def audit_start_follow_up(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2/R-F3: follow-up of the findings (plans of approach)."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het nawerk starten"))
    _require_step(audit, audit.start_follow_up, step=_("het nawerk"))
    _proceed(audit, audit.start_follow_up, rule_id="R-U2")
    return _save(audit, actor=actor, reason="nawerk gestart (R-U2)")


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
    return _save(audit, actor=actor, reason=f"geannuleerd: {reason}")


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
    if not (reason or "").strip():
        raise RuleViolation("R-U2", _("Vermeld waarom de audit wordt geannuleerd."))
    _require_step(audit, audit.cancel, step=_("annuleren"))
    audit.cancel()
    return _save(audit, actor=actor, reason=f"geannuleerd: {reason}")


# --- R-U3 self-assessment and observation; R-U5 overlap -------------------------------------


def _level(value, *, what: str) -> str:
    if value not in Level.values:
        raise RuleViolation(
            "R-U3", _("%(what)s is een ontwikkelniveau A, B, C of D.") % {"what": what}
        )
    return value


@transaction.atomic
def assessment_record(
    *, audit: Audit, area_number: int, actor, self_assessment: str | None = None,
    self_assessment_notes: str | None = None, observation: str | None = None,
    observation_notes: str | None = None, today: dt.date | None = None,
) -> AreaAssessment:
    """R-U3: per performance area the member's self-assessment (zelfscan, by its contact or the
    bureau, up to the fieldwork) and the auditor's observation (only by an auditor of the audit's
    body) side by side. Levels are information: every level is good and none blocks anything."""
    audit = _lock(audit)
    try:
        area = PerformanceArea.objects.get(number=area_number)
    except PerformanceArea.DoesNotExist:
        raise RuleViolation(
            "R-U3", _("Prestatiegebied %(number)s bestaat niet (1 t/m 7).")
            % {"number": area_number},
        ) from None
    self_part = self_assessment is not None or self_assessment_notes is not None
    observation_part = observation is not None or observation_notes is not None
    if not self_part and not observation_part:
        raise RuleViolation("R-U3", _("Vul een zelfscan of een waarneming in."))
    if self_part:
        if not ((actor is not None and actor.has_role(Role.BUREAU))
                or is_member_contact(actor, audit.member)):
            raise RuleViolation(
                "R-U3", _("De zelfscan wordt ingevuld door het lid (of het Verenigingsbureau).")
            )
        _require_state(audit, SELF_ASSESSMENT_STATES, step=_("de zelfscan"))
    if observation_part:
        if auditor_of(actor, audit.body) is None:
            raise RuleViolation(
                "R-U3", _("Alleen een auditor van %(body)s legt waarnemingen vast.")
                % {"body": audit.body},
            )
        _require_state(audit, OBSERVATION_STATES, step=_("de waarneming"))
    assessment = AreaAssessment.objects.select_for_update().filter(audit=audit, area=area).first()
    assessment = assessment or AreaAssessment(audit=audit, area=area)
    if self_assessment is not None:
        assessment.self_assessment = _level(self_assessment, what=_("De zelfscan"))
    if self_assessment_notes is not None:
        assessment.self_assessment_notes = self_assessment_notes
    if observation is not None:
        assessment.observation = _level(observation, what=_("De waarneming"))
    if observation_notes is not None:
        assessment.observation_notes = observation_notes
    parts = [p for p, given in (("zelfscan", self_part), ("waarneming", observation_part)) if given]
    return _save(assessment, actor=actor,
                 reason=f"{' en '.join(parts)} gebied {area.number} (R-U3)")


@transaction.atomic
def norm_mark_covered(
    *, audit: Audit, norm_code: str, other_mark: str, reference: str, actor,
    improvement_follow_up: str = "", reduction: str | None = None,
    today: dt.date | None = None,
) -> CoveredNorm:
    """R-U5: a norm already tested by another recognised audit (LKB, ISO, NEN, …) is marked as
    covered, with that audit's reference and the follow-up of its improvement points; it is not
    tested again (findings on it are refused). ``reduction`` records the reduction of work
    agreed with the member."""
    audit = _lock(audit)
    if auditor_of(actor, audit.body) is None:
        raise RuleViolation(
            "R-U5", _("Alleen een auditor van %(body)s markeert normen als elders getoetst.")
            % {"body": audit.body},
        )
    _require_state(audit, SELF_ASSESSMENT_STATES,
                   step=_("het markeren van elders getoetste normen"))
    try:
        norm = Norm.objects.get(code=norm_code)
    except Norm.DoesNotExist:
        raise RuleViolation(
            "R-U3", _("Norm %(code)s bestaat niet.") % {"code": norm_code}
        ) from None
    if not (other_mark or "").strip() or not (reference or "").strip():
        raise RuleViolation(
            "R-U5", _("Vermeld het andere keurmerk en de referentie van die audit.")
        )
    if audit.covered_norms.filter(norm=norm).exists():
        raise RuleViolation(
            "R-U5", _("Norm %(code)s is al als elders getoetst gemarkeerd.") % {"code": norm.code}
        )
    if audit.findings.filter(norm=norm).exists():
        raise RuleViolation(
            "R-U5", _("Op norm %(code)s is in deze audit al een bevinding vastgelegd.")
            % {"code": norm.code},
        )
    covered = CoveredNorm(audit=audit, norm=norm, other_mark=other_mark.strip(),
                          reference=reference.strip(),
                          improvement_follow_up=improvement_follow_up or "")
    _save(covered, actor=actor, reason=f"norm {norm.code} elders getoetst: {other_mark} (R-U5)")
    if reduction is not None:
        audit.overlap_reduction = reduction
        _save(audit, actor=actor, reason="reductie werkzaamheden afgesproken (R-U5)")
    return covered


# --- sweep ------------------------------------------------------------------------------------


def audits_sweep(*, today: dt.date) -> dict[str, int]:
    """Daily, idempotent: flag for the bureau each open audit, not yet on site, whose body is no
    longer recognised or has no contract on the planned fieldwork date (R-C1)."""
    raised = 0
    audits = Audit.objects.filter(state__in=BEFORE_FIELDWORK).select_related("body", "member")
    for audit in audits:
        day = audit.fieldwork_starts_on or today
        if audit.body.may_audit_on(day):
            continue
        _flag, created = flag_raise(
            key=f"R-C1:body-not-contracted:{audit.pk}:{day.isoformat()}", rule_id="R-C1",
            audience=FlagAudience.BUREAU,
            message=_("R-C1: %(body)s is op %(day)s niet erkend of gecontracteerd voor %(audit)s")
            % {"body": audit.body, "day": day, "audit": audit},
            today=today, member=audit.member, subject=audit, due_on=day,
        )
        raised += int(created)
    return {"body_not_contracted_flags": raised}


# --- R-N4 proposals to change the norms -------------------------------------------------------

#: R-N4: NVVK's own people may propose a change of the norms; the bureau (or the directeur)
#: tracks and decides on the proposals.
NORM_PROPOSAL_SUBMITTERS = (Role.BUREAU, Role.DIRECTOR, Role.BOARD, Role.QUALITY_TEAM)
NORM_PROPOSAL_DECIDERS = (Role.BUREAU, Role.DIRECTOR)


def _proposal_state_label(value: str) -> str:
    return str(NormProposalState(value).label).lower()


def _require_proposal_step(proposal: NormChangeProposal, transition, *, step: str) -> None:
    """R-N4: refuse a step taken from a state it does not follow, naming where it can."""
    if not can_proceed(transition, check_conditions=False):
        sources = ", ".join(_proposal_state_label(s) for s in transition_sources(transition))
        raise RuleViolation(
            "R-N4", _("Het voorstel is %(state)s; %(step)s kan alleen als het %(sources)s is.")
            % {"state": _proposal_state_label(proposal.state), "step": step,
               "sources": sources},
        )


@transaction.atomic
def norm_proposal_submit(
    *, text: str, rationale: str, actor, norm: Norm | None = None,
    today: dt.date | None = None,
) -> NormChangeProposal:
    """R-N4: a proposal to change a norm (or, without ``norm``, the framework) is collected,
    with the proposed text and its rationale. Any NVVK staff member may submit one."""
    today = _today(today)
    _require_role(actor, *NORM_PROPOSAL_SUBMITTERS, rule_id="R-N4",
                  what=_("een voorstel tot normwijziging indienen"))
    text, rationale = (text or "").strip(), (rationale or "").strip()
    if not text:
        raise RuleViolation("R-N4", _("Beschrijf de voorgestelde wijziging."))
    if not rationale:
        raise RuleViolation("R-N4", _("Onderbouw waarom de norm zou moeten wijzigen."))
    proposal = NormChangeProposal(norm=norm, proposed_by=actor, proposed_on=today, text=text,
                                  rationale=rationale)
    about = norm.code if norm is not None else "kader"
    return _save(proposal, actor=actor, reason=f"voorstel normwijziging ingediend ({about}, R-N4)")


@transaction.atomic
def norm_proposal_review(
    *, proposal: NormChangeProposal, actor, today: dt.date | None = None,
) -> NormChangeProposal:
    """R-N4: the bureau takes a submitted proposal into review."""
    today = _today(today)
    _require_role(actor, *NORM_PROPOSAL_DECIDERS, rule_id="R-N4",
                  what=_("een voorstel tot normwijziging in behandeling nemen"))
    proposal = NormChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    _require_proposal_step(proposal, proposal.start_review, step=_("in behandeling nemen"))
    proposal.start_review(on=today)
    return _save(proposal, actor=actor, reason="voorstel normwijziging in behandeling (R-N4)")


@transaction.atomic
def norm_proposal_decide(
    *, proposal: NormChangeProposal, accept: bool, notes: str, actor,
    today: dt.date | None = None,
) -> NormChangeProposal:
    """R-N4: the bureau (or the directeur) accepts or rejects a proposal under review, with
    written notes on the decision."""
    today = _today(today)
    _require_role(actor, *NORM_PROPOSAL_DECIDERS, rule_id="R-N4",
                  what=_("over een voorstel tot normwijziging besluiten"))
    notes = (notes or "").strip()
    if not notes:
        raise RuleViolation("R-N4", _("Licht het besluit over het voorstel toe."))
    proposal = NormChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    transition = proposal.accept if accept else proposal.reject
    _require_proposal_step(proposal, transition, step=_("besluiten"))
    transition(on=today)
    proposal.decided_by = actor
    proposal.decision_notes = notes
    return _save(proposal, actor=actor,
                 reason="voorstel normwijziging " + ("aangenomen" if accept else "afgewezen")
                 + " (R-N4)")


# --- R-U3 the zelfscan as one form; R-N3 the member's evaluation (member portal, issue #4) -----


@transaction.atomic
def self_assessment_save(
    *, audit: Audit, entries: dict, actor, today: dt.date | None = None,
) -> list[AreaAssessment]:
    """R-U3: the member's zelfscan for several performance areas at once, all or nothing.
    ``entries`` maps an area number to ``(level, notes)``; an empty level leaves the level as it
    is and stores only the notes. Each area goes through :func:`assessment_record` (who may, in
    which step); one refusal stores none of them."""
    saved = []
    for area_number, (level, notes) in sorted(entries.items()):
        saved.append(assessment_record(
            audit=audit, area_number=area_number, actor=actor,
            self_assessment=level or None, self_assessment_notes=notes or "", today=today,
        ))
    return saved


#: R-N3: an audit the member can evaluate: its report is definitive (the audit is finished for
#: the member; follow-up, advice and decision may still run).
EVALUATION_STATES = [AuditState.DEFINITIVE, AuditState.FOLLOW_UP, AuditState.ADVISED,
                     AuditState.DECIDED]


@transaction.atomic
def audit_evaluate(
    *, audit: Audit, score: int, comments: str, actor, today: dt.date | None = None,
) -> AuditEvaluation:
    """R-N3: the member evaluates a finished audit with a mark from 1 to 10 and comments; the
    bureau reads them per body (audit quality). Only a contact of the audited member gives it;
    evaluating again replaces the earlier mark (the history keeps it, R-0.4)."""
    if not is_member_contact(actor, audit.member):
        raise RuleViolation(
            "R-N3", _("De evaluatie van een audit wordt gegeven door het geauditeerde lid.")
        )
    audit = _lock(audit)
    _require_state(audit, EVALUATION_STATES, step=_("de evaluatie van de audit"))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 10:
        raise RuleViolation("R-N3", _("Geef de audit een rapportcijfer van 1 tot en met 10."))
    evaluation = AuditEvaluation.objects.select_for_update().filter(audit=audit).first()
    evaluation = evaluation or AuditEvaluation(audit=audit, score=score)
    evaluation.score = score
    evaluation.comments = (comments or "").strip()
    return _save(evaluation, actor=actor, reason=f"evaluatie door het lid: {score} (R-N3)")
