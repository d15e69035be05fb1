"""State changes of members: admission in four steps (R-M1), the directeur's decisions (R-M2),
pause (R-M4), scope (R-M5), core data (R-M6) and contacts.

Every service is keyword-only, runs in one transaction, locks the member row, checks who may act
and the rule, and raises :class:`core.exceptions.RuleViolation` naming the rule with a Dutch
message of what is missing (R-0.5). Decisions are recorded where R-0.3 asks.

The suspension transitions ``suspend``, ``lift_suspension`` and ``expel`` are driven by
``suspensions.services``; they are deliberately not wrapped here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.flags import flag_raise, flags_resolve_for_member
from core.fsm import transition_sources
from core.history import save_with_history
from core.history import save_with_history as _save
from core.models import Decision, DecisionKind, FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import today_or as _today

from . import emails, hooks
from .models import (
    APPLICATION_STATES,
    MEMBERSHIP_STATES,
    Admission,
    AdmissionAdvice,
    Contact,
    CoreData,
    Member,
    MemberState,
    ScopeItem,
)

MEMBER_NUMBER_PREFIX = "L"
_MEMBER_NUMBER_RE = re.compile(r"^L(\d{5})$")
SCOPE_EXTENSION_FLAG_PREFIX = "R-T2:scope-extension:"


# --- helpers ----------------------------------------------------------------------------------






def _state_label(value: str) -> str:
    return str(MemberState(value).label)




def is_member_contact(user, member) -> bool:
    """The user is a contact person of ``member`` with a login (R-A1)."""
    return bool(
        user is not None
        and user.has_role(Role.MEMBER_CONTACT)
        and Contact.objects.filter(member=member, user=user).exists()
    )


def _require_bureau_or_contact(actor, member, *, rule_id: str, what: str) -> None:
    if actor is not None and (actor.has_role(Role.BUREAU) or is_member_contact(actor, member)):
        return
    raise RuleViolation(
        rule_id,
        _("Alleen het Verenigingsbureau of een contactpersoon van %(member)s mag %(what)s.")
        % {"member": member, "what": what},
    )


def _require_source(member: Member, transition, *, rule_id: str, step: str) -> None:
    """Refuse a transition from a state it does not leave (R-0.5): name the current state and the
    states it can be taken from."""
    if can_proceed(transition, check_conditions=False):
        return
    sources = ", ".join(_state_label(s) for s in transition_sources(transition))
    raise RuleViolation(
        rule_id,
        _("%(member)s heeft status %(state)s; %(step)s kan alleen vanuit: %(sources)s.")
        % {"member": member, "state": _state_label(member.state), "step": step,
           "sources": sources},
    )


def _lock(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _admission(member: Member) -> Admission:
    try:
        return Admission.objects.select_for_update().get(member=member)
    except Admission.DoesNotExist:
        raise RuleViolation(
            "R-M1", _("Van %(member)s is geen aanmelding vastgelegd.") % {"member": member}
        ) from None


def _require_application_state(member: Member, *states: str, step: str) -> None:
    if member.state not in states:
        raise RuleViolation(
            "R-M1",
            _("%(member)s heeft status %(state)s; %(step)s kan alleen bij status: %(allowed)s.")
            % {"member": member, "state": _state_label(member.state), "step": step,
               "allowed": ", ".join(_state_label(s) for s in states)},
        )


def scope_items(numbers: Iterable[int]) -> list[ScopeItem]:
    """The scope items with these numbers (R-M5: a subset of the 22 forms of appendix 1)."""
    wanted = sorted({int(n) for n in numbers})
    if not wanted:
        raise RuleViolation(
            "R-M5", _("Kies ten minste één vorm van financiële dienstverlening voor de scope.")
        )
    items = list(ScopeItem.objects.filter(number__in=wanted).order_by("number"))
    unknown = sorted(set(wanted) - {item.number for item in items})
    if unknown:
        raise RuleViolation(
            "R-M5",
            _("Onbekende scope-onderdelen: %(numbers)s (bijlage 1 kent 1 t/m 22).")
            % {"numbers": ", ".join(str(n) for n in unknown)},
        )
    return items


def _next_member_number() -> str:
    highest = 0
    for number in Member.objects.filter(member_number__regex=r"^L[0-9]{5}$").values_list(
        "member_number", flat=True
    ):
        highest = max(highest, int(_MEMBER_NUMBER_RE.match(number).group(1)))
    return f"{MEMBER_NUMBER_PREFIX}{highest + 1:05d}"


def _last_decision(member: Member, kind: str) -> Decision | None:
    return Decision.objects.filter(member=member, kind=kind).order_by("-decided_at", "-id").first()


# --- R-M1 step 1: aanmelding ------------------------------------------------------------------


@transaction.atomic
def member_apply(
    *, name: str, city: str, website: str, contact_name: str, contact_email: str,
    contact_phone: str, motivation: str, scope_numbers: Iterable[int],
    conditions_accepted: bool, actor=None, today: dt.date | None = None,
) -> Member:
    """R-M1 step 1: an organisation applies and accepts the membership conditions. Creates the
    member in ``applicant``, its :class:`Admission`, the primary contact and the current core
    data (R-M6). The requested scope is stored; the bureau determines it in its check (R-M5)."""
    today = _today(today)
    if not conditions_accepted:
        raise RuleViolation(
            "R-M1", _("De aanmelding kan alleen als de lidmaatschapsvoorwaarden zijn aanvaard.")
        )
    missing = [label for label, value in (
        (_("naam organisatie"), name), (_("plaats"), city), (_("naam contactpersoon"),
                                                               contact_name),
        (_("e-mailadres contactpersoon"), contact_email),
    ) if not (value or "").strip()]
    if missing:
        raise RuleViolation(
            "R-M1", _("Het aanmeldformulier is niet compleet: %(missing)s ontbreekt.")
            % {"missing": ", ".join(missing)},
        )
    try:
        validate_email(contact_email)
        if website:
            URLValidator()(website)
    except ValidationError:
        raise RuleViolation(
            "R-M1", _("Controleer het e-mailadres en de website in het aanmeldformulier.")
        ) from None
    items = scope_items(scope_numbers)

    member = Member(name=name.strip(), city=city.strip(), website=website or "",
                    state_changed_on=today)
    _save(member, actor=actor, reason="aanmelding ontvangen (R-M1 stap 1)")
    member.scope.set(items)
    admission = Admission(member=member, submitted_on=today, conditions_accepted_on=today,
                          motivation=motivation or "")
    _save(admission, actor=actor, reason="aanmelding ontvangen (R-M1 stap 1)")
    _save(
        Contact(member=member, name=contact_name.strip(), email=contact_email.strip(),
                phone=contact_phone or "", is_primary=True),
        actor=actor, reason="eerste contactpersoon uit aanmeldformulier",
    )
    _save(
        CoreData(member=member, name=member.name, contact_person=contact_name.strip(),
                 email=contact_email.strip(), phone=contact_phone or "",
                 website=website or ""),
        actor=actor, reason="kerngegevens uit aanmeldformulier (R-M6)",
    )
    # R-M1: the application is confirmed to the contact person, after the commit.
    transaction.on_commit(lambda: emails.application_received(admission_id=admission.pk),
                          robust=True)
    return member


@transaction.atomic
def admission_start_review(*, member: Member, actor, today: dt.date | None = None) -> Member:
    """R-M1 step 1: the bureau starts checking the application."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, rule_id="R-M1",
                  what=_("een aanmelding in behandeling nemen"))
    member = _lock(member)
    _require_source(member, member.start_review, rule_id="R-M1",
                    step=_("de beoordeling van de aanmelding"))
    member.start_review()
    member.state_changed_on = today
    return _save(member, actor=actor, reason="aanmelding in behandeling (R-M1)")


@transaction.atomic
def admission_record_check(
    *, member: Member, meets_conditions: bool, notes: str, scope_numbers: Iterable[int],
    actor, today: dt.date | None = None,
) -> Admission:
    """R-M1 step 1: the bureau checks the application against law and regulation and determines
    the scope (R-M5)."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, rule_id="R-M1", what=_("een aanmelding controleren"))
    member = _lock(member)
    _require_application_state(member, MemberState.UNDER_REVIEW, step=_("de controle"))
    items = scope_items(scope_numbers)
    admission = _admission(member)
    admission.checked_on = today
    admission.checked_by = actor
    admission.meets_conditions = bool(meets_conditions)
    admission.check_notes = notes or ""
    _save(admission, actor=actor, reason="aanmelding gecontroleerd (R-M1)")
    member.scope.set(items)
    _save(
        member, actor=actor,
        reason="scope vastgesteld (R-M5): " + ", ".join(str(i.number) for i in items),
    )
    return admission


@transaction.atomic
def admission_record_contact(
    *, member: Member, actor, contacted_on: dt.date | None = None, today: dt.date | None = None,
) -> Admission:
    """R-M1 step 1: the bureau contacted the organisation about its application."""
    today = _today(today)
    contacted_on = contacted_on or today
    _require_role(actor, Role.BUREAU, rule_id="R-M1", what=_("het contact vastleggen"))
    member = _lock(member)
    _require_application_state(member, *APPLICATION_STATES, step=_("contact met de aanvrager"))
    admission = _admission(member)
    if contacted_on > today or contacted_on < admission.submitted_on:
        raise RuleViolation(
            "R-M1", _("De contactdatum moet tussen de aanmelding (%(submitted)s) en vandaag "
                      "liggen.") % {"submitted": admission.submitted_on},
        )
    admission.contacted_on = contacted_on
    return _save(admission, actor=actor, reason="contact met aanvrager (R-M1)")


def application_missing(member: Member) -> list[str]:
    """What step 1 of R-M1 still lacks before the admission audit (empty when complete)."""
    admission = getattr(member, "admission", None)
    if admission is None:
        return [_("het aanmeldformulier")]
    missing = []
    if not admission.conditions_accepted_on:
        missing.append(_("aanvaarding van de lidmaatschapsvoorwaarden"))
    if not admission.checked_on:
        missing.append(_("de controle door het Verenigingsbureau"))
    elif not admission.meets_conditions:
        missing.append(_("een controle waaruit blijkt dat aan wet- en regelgeving wordt voldaan"))
    if not member.scope.exists():
        missing.append(_("de vastgestelde scope"))
    if not admission.contacted_on:
        missing.append(_("contact met de organisatie"))
    return missing


@transaction.atomic
def admission_start_audit(*, member: Member, actor, today: dt.date | None = None) -> Member:
    """R-M1 step 2: a complete application that meets the conditions goes to the admission
    audit; the refusal names R-M1 and lists what is missing."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, rule_id="R-M1", what=_("de toelatingsaudit openen"))
    member = _lock(member)
    _require_source(member, member.start_admission_audit, rule_id="R-M1",
                    step=_("de toelatingsaudit"))
    missing = application_missing(member)
    if missing:
        raise RuleViolation(
            "R-M1", _("De aanmelding is nog niet compleet; nodig is nog: %(missing)s.")
            % {"missing": "; ".join(missing)},
        )
    member.start_admission_audit()
    member.state_changed_on = today
    return _save(member, actor=actor, reason="naar toelatingsaudit (R-M1 stap 2)")


# --- R-M1 step 3: akkoord ---------------------------------------------------------------------


@transaction.atomic
def admission_record_quality_team_advice(
    *, member: Member, advice: str, text: str, actor, today: dt.date | None = None,
) -> Admission:
    """R-M1 step 3: the kernteam Kwaliteit advises the directeur, after the admission audit's
    report is in. A second advice corrects the first (R-0.3: a new record referring to it)."""
    today = _today(today)
    _require_role(actor, Role.QUALITY_TEAM, rule_id="R-M1",
                  what=_("het advies van het kernteam vastleggen"))
    if advice not in AdmissionAdvice.values:
        raise RuleViolation("R-M1", _("Het advies is positief of negatief."))
    if not (text or "").strip():
        raise RuleViolation("R-0.3", _("Een advies heeft een schriftelijke toelichting nodig."))
    member = _lock(member)
    _require_application_state(member, MemberState.ADMISSION_AUDIT,
                               step=_("het advies van het kernteam"))
    if not hooks.ask("admission_audit_reported", member):
        raise RuleViolation(
            "R-M1", _("Het kernteam adviseert nadat de CI het definitieve auditrapport van de "
                      "toelatingsaudit aan de NVVK heeft gestuurd; dat rapport ontbreekt nog."),
        )
    admission = _admission(member)
    previous = _last_decision(member, DecisionKind.QUALITY_TEAM_ADVICE)
    admission.quality_team_advice = advice
    admission.quality_team_advice_text = text
    admission.quality_team_advised_on = today
    _save(admission, actor=actor, reason="advies kernteam Kwaliteit (R-M1)")
    decision_record(
        kind=DecisionKind.QUALITY_TEAM_ADVICE, outcome=AdmissionAdvice(advice).label,
        rule_id="R-M1", actor=actor, role=Role.QUALITY_TEAM, subject=admission,
        motivation=text, member=member, corrects=previous,
    )
    return admission


@transaction.atomic
def member_admit(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M1 step 3 / R-M2: only the directeur admits an applicant, after the kernteam's advice
    and a positive (or conditional) advice of the admission audit. Assigns the member number and
    sets ``member_since``; records the admission decision (R-0.3)."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M2", what=_("een aanvrager toelaten als lid"))
    if not (motivation or "").strip():
        raise RuleViolation("R-0.3", _("Een besluit tot toelating heeft een motivering nodig."))
    member = _lock(member)
    _require_source(member, member.admit, rule_id="R-M2", step=_("de toelating"))
    admission = _admission(member)
    if not admission.quality_team_advice:
        raise RuleViolation(
            "R-M1", _("Het advies van het kernteam Kwaliteit ontbreekt nog (stap 3).")
        )
    audit = hooks.ask("admission_audit_with_positive", member)
    if audit is None:
        raise RuleViolation(
            "R-M1", _("Er is geen toelatingsaudit met een positief advies (eventueel onder "
                      "voorwaarden) van de CI."),
        )
    member.admit(on=today)
    member.state_changed_on = today
    for _attempt in range(5):
        member.member_number = _next_member_number()
        try:
            with transaction.atomic():
                _save(member, actor=actor, reason="toegelaten als lid (R-M1, R-M2)")
            break
        except IntegrityError:  # another admission took the same number at the same moment
            continue
    else:  # pragma: no cover - five collisions in a row
        raise RuleViolation("R-M2", _("Er kon geen lidnummer worden toegekend; probeer opnieuw."))
    admission.decided_on = today
    _save(admission, actor=actor, reason="besluit directeur: toegelaten (R-M1)")
    documents = [report.document for report in audit.reports.all()]
    decision_record(
        kind=DecisionKind.ADMISSION, outcome=_("toegelaten als lid"), rule_id="R-M1",
        actor=actor, role=Role.DIRECTOR, subject=member, motivation=motivation, member=member,
        documents=documents,
    )
    # R-M2: the decision is announced to the contacts, after the commit.
    transaction.on_commit(lambda: emails.application_decided(member_id=member.pk), robust=True)
    return member


@transaction.atomic
def member_reject(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M2: the directeur rejects an applicant at any step of the admission. Open admission
    audits are cancelled."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M2", what=_("een aanvraag afwijzen"))
    if not (motivation or "").strip():
        raise RuleViolation("R-0.3", _("Een afwijzing heeft een motivering nodig."))
    member = _lock(member)
    _require_source(member, member.reject, rule_id="R-M2", step=_("afwijzing"))
    member.reject()
    member.state_changed_on = today
    _save(member, actor=actor, reason="aanvraag afgewezen (R-M2)")
    admission = getattr(member, "admission", None)
    if admission is not None:
        admission.decided_on = today
        _save(admission, actor=actor, reason="besluit directeur: afgewezen (R-M2)")
    hooks.ask("cancel_open_audits", member, actor=actor, reason="aanvraag afgewezen (R-M2)")
    decision_record(
        kind=DecisionKind.ADMISSION, outcome=_("afgewezen"), rule_id="R-M2", actor=actor,
        role=Role.DIRECTOR, subject=member, motivation=motivation, member=member,
    )
    # R-M2: the rejection is announced with its motivation, after the commit.
    transaction.on_commit(lambda: emails.application_decided(member_id=member.pk), robust=True)
    return member


@transaction.atomic
def admission_inform_board(
    *, member: Member, actor, informed_on: dt.date | None = None, today: dt.date | None = None,
) -> Admission:
    """R-M1 step 3: the Bestuur is informed of the new member."""
    today = _today(today)
    informed_on = informed_on or today
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-M1",
                  what=_("vastleggen dat het Bestuur is geïnformeerd"))
    member = _lock(member)
    admission = _admission(member)
    if not admission.decided_on or member.state not in MEMBERSHIP_STATES:
        raise RuleViolation(
            "R-M1", _("Het Bestuur wordt geïnformeerd over nieuwe leden: %(member)s is nog "
                      "niet toegelaten.") % {"member": member},
        )
    if informed_on < admission.decided_on or informed_on > today:
        raise RuleViolation(
            "R-M1", _("De datum ligt tussen het besluit (%(decided)s) en vandaag.")
            % {"decided": admission.decided_on},
        )
    admission.board_informed_on = informed_on
    _save(admission, actor=actor, reason="Bestuur geïnformeerd over nieuw lid (R-M1)")
    from core.flags import flag_resolve

    flag_resolve(key=f"R-M1:board-informed:{member.pk}", today=today, actor=actor)
    return admission


@transaction.atomic
def admission_complete(
    *, member: Member, actor, introduction_meeting_on: dt.date | None = None,
    certificate_handed_over_on: dt.date | None = None, published_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Admission:
    """R-M1 step 4 (afronding): introduction meeting, certificate handed over, introduced on the
    website. Each date may be recorded when it happens; a date left ``None`` is kept."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, rule_id="R-M1",
                  what=_("de afronding van de toelating vastleggen"))
    member = _lock(member)
    admission = _admission(member)
    if not admission.decided_on or member.state not in MEMBERSHIP_STATES:
        raise RuleViolation(
            "R-M1", _("De afronding (stap 4) volgt op het besluit tot toelating; %(member)s is "
                      "nog niet toegelaten.") % {"member": member},
        )
    if not admission.board_informed_on:
        raise RuleViolation(
            "R-M1",
            _("Leg eerst vast dat het Bestuur over het nieuwe lid is geïnformeerd (stap 3)."),
        )
    given = {
        "introduction_meeting_on": introduction_meeting_on,
        "certificate_handed_over_on": certificate_handed_over_on,
        "published_on": published_on,
    }
    for value in given.values():
        if value is not None and not (admission.decided_on <= value <= today):
            raise RuleViolation(
                "R-M1", _("De datum %(date)s ligt niet tussen het besluit (%(decided)s) en "
                          "vandaag.") % {"date": value, "decided": admission.decided_on},
            )
    if certificate_handed_over_on is not None and not member.certificates.exists():
        raise RuleViolation(
            "R-M1", _("Er is nog geen certificaat afgegeven dat kan worden uitgereikt.")
        )
    for field, value in given.items():
        if value is not None:
            setattr(admission, field, value)
    return _save(admission, actor=actor, reason="afronding toelating (R-M1 stap 4)")


# --- R-M4 pause, resignation ------------------------------------------------------------------


@transaction.atomic
def member_pause(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M4: the directeur pauses a membership so the organisation can still get certified; a
    paused member does not appear as a member in the public register."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M4", what=_("een lidmaatschap pauzeren"))
    if not (motivation or "").strip():
        raise RuleViolation("R-0.3", _("Een besluit tot pauzering heeft een motivering nodig."))
    member = _lock(member)
    _require_source(member, member.pause, rule_id="R-M4", step=_("pauzering"))
    member.pause()
    member.state_changed_on = today
    _save(member, actor=actor, reason="lidmaatschap gepauzeerd (R-M4)")
    # R-M3: the directeur chose between pause and suspension; that question is answered.
    flags_resolve_for_member(member=member, key_prefix="R-M3:options:", today=today,
                             actor=actor)
    decision_record(
        kind=DecisionKind.PAUSE, outcome=_("lidmaatschap gepauzeerd"), rule_id="R-M4",
        actor=actor, role=Role.DIRECTOR, subject=member, motivation=motivation, member=member,
    )
    return member


@transaction.atomic
def member_resume(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M4: the directeur ends the pause; R-M3: only with a certificate valid today."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M4", what=_("een pauzering beëindigen"))
    if not (motivation or "").strip():
        raise RuleViolation("R-0.3", _("Een besluit heeft een motivering nodig."))
    member = _lock(member)
    _require_source(member, member.resume, rule_id="R-M4", step=_("beëindiging van de pauze"))
    if not hooks.ask("has_valid_certificate", member, today):
        raise RuleViolation(
            "R-M3", _("%(member)s heeft op %(today)s geen geldig certificaat; de pauze kan pas "
                      "eindigen met een geldig certificaat.") % {"member": member, "today": today},
        )
    member.resume()
    member.state_changed_on = today
    member.without_certificate_since = None
    _save(member, actor=actor, reason="pauze beëindigd (R-M4)")
    decision_record(
        kind=DecisionKind.PAUSE, outcome=_("pauze beëindigd"), rule_id="R-M4", actor=actor,
        role=Role.DIRECTOR, subject=member, motivation=motivation, member=member,
    )
    return member


@transaction.atomic
def member_resign(
    *, member: Member, reason: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M2: the member ends its membership (registered by the bureau or the member's own
    contact). Open audits are cancelled."""
    today = _today(today)
    _require_bureau_or_contact(actor, member, rule_id="R-M2", what=_("het lidmaatschap opzeggen"))
    if not (reason or "").strip():
        raise RuleViolation("R-M2", _("Vermeld de reden van de opzegging."))
    member = _lock(member)
    _require_source(member, member.resign, rule_id="R-M2", step=_("opzegging"))
    member.resign()
    member.state_changed_on = today
    _save(member, actor=actor, reason=f"lidmaatschap opgezegd (R-M2): {reason}")
    hooks.ask("cancel_open_audits", member, actor=actor, reason="lidmaatschap opgezegd (R-M2)")
    # R-M3 no longer applies to a former member.
    flags_resolve_for_member(member=member, key_prefix="R-M3:", today=today, actor=actor)
    return member


# --- R-M5 scope -------------------------------------------------------------------------------


@transaction.atomic
def member_update_scope(
    *, member: Member, scope_numbers: Iterable[int], actor, today: dt.date | None = None,
) -> Member:
    """R-M5: the bureau sets a member's scope (a subset of appendix 1). An extension of a
    member's scope raises a flag for the bureau to consider an interim audit (R-T2)."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, Role.DIRECTOR, rule_id="R-M5", what=_("de scope wijzigen"))
    member = _lock(member)
    if member.state in (MemberState.EXPELLED, MemberState.RESIGNED, MemberState.REJECTED):
        raise RuleViolation(
            "R-M5", _("%(member)s heeft status %(state)s; de scope kan niet meer wijzigen.")
            % {"member": member, "state": _state_label(member.state)},
        )
    items = scope_items(scope_numbers)
    before = set(member.scope.values_list("number", flat=True))
    after = {item.number for item in items}
    added, removed = sorted(after - before), sorted(before - after)
    if not added and not removed:
        return member
    member.scope.set(items)
    parts = []
    if added:
        parts.append("+" + ",".join(str(n) for n in added))
    if removed:
        parts.append("-" + ",".join(str(n) for n in removed))
    _save(member, actor=actor, reason=f"scope gewijzigd (R-M5): {' '.join(parts)}")
    if added and member.state in MEMBERSHIP_STATES:
        titles = ", ".join(item.title for item in items if item.number in added)
        flag_raise(
            key=f"{SCOPE_EXTENSION_FLAG_PREFIX}{member.pk}:{today.isoformat()}:"
                + "-".join(str(n) for n in added),
            rule_id="R-T2", audience=FlagAudience.BUREAU,
            message=_("R-T2: scope uitgebreid; overweeg tussentijdse audit (%(titles)s)")
            % {"titles": titles},
            today=today, member=member, subject=member,
        )
    return member


# --- R-M6 core data ---------------------------------------------------------------------------


def _current_core_data(member: Member) -> CoreData:
    core = CoreData.objects.select_for_update().filter(member=member, audit__isnull=True).first()
    return core or CoreData(member=member, name=member.name)


@transaction.atomic
def core_data_update(
    *, member: Member, data: dict, actor, today: dt.date | None = None,
) -> CoreData:
    """R-M6: the member (or the bureau) keeps its kerngegevens of appendix 2 up to date."""
    _require_bureau_or_contact(actor, member, rule_id="R-M6", what=_("de kerngegevens wijzigen"))
    unknown = sorted(set(data) - set(CoreData.SNAPSHOT_FIELDS))
    if unknown:
        raise RuleViolation(
            "R-M6", _("Onbekende kerngegevens: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    member = _lock(member)
    core = _current_core_data(member)
    for field, value in data.items():
        setattr(core, field, "" if value is None and _is_text(field) else value)
    try:
        core.full_clean(exclude=["member", "audit"], validate_unique=False,
                        validate_constraints=False)
    except ValidationError as error:
        fields = ", ".join(
            str(CoreData._meta.get_field(f).verbose_name) for f in error.message_dict
        )
        raise RuleViolation(
            "R-M6", _("Controleer de kerngegevens: %(fields)s.") % {"fields": fields}
        ) from None
    return _save(core, actor=actor, reason="kerngegevens bijgewerkt (R-M6)")


def _is_text(field: str) -> bool:
    return CoreData._meta.get_field(field).get_internal_type() in (
        "CharField", "TextField", "EmailField", "URLField",
    )


@transaction.atomic
def core_data_snapshot(*, audit, actor, today: dt.date | None = None) -> CoreData:
    """R-M6/R-U6: freeze the member's current kerngegevens for ``audit`` (the basis of its
    size). Taking it again before the fieldwork refreshes the frozen copy."""
    member = _lock(audit.member)
    current = CoreData.objects.filter(member=member, audit__isnull=True).first()
    if current is None:
        raise RuleViolation(
            "R-M6", _("%(member)s heeft nog geen kerngegevens vastgelegd.") % {"member": member}
        )
    snapshot = CoreData.objects.select_for_update().filter(audit=audit).first()
    snapshot = snapshot or CoreData(member=member, audit=audit)
    for field in CoreData.SNAPSHOT_FIELDS:
        setattr(snapshot, field, getattr(current, field))
    return _save(snapshot, actor=actor,
                             reason=f"kerngegevens vastgelegd voor audit {audit.pk} (R-M6)")


# --- contacts ---------------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "email", "phone", "function", "is_primary", "user")


def _save_contact(contact: Contact, *, actor, reason: str) -> Contact:
    try:
        validate_email(contact.email)
    except ValidationError:
        raise RuleViolation(
            "R-M6", _("Het e-mailadres van de contactpersoon is ongeldig.")
        ) from None
    if not contact.name.strip():
        raise RuleViolation("R-M6", _("De naam van de contactpersoon ontbreekt."))
    if contact.user_id and Contact.objects.filter(user_id=contact.user_id).exclude(
        pk=contact.pk
    ).exists():
        raise RuleViolation(
            "R-A1", _("Deze gebruiker is al contactpersoon van een andere organisatie.")
        )
    _save(contact, actor=actor, reason=reason)
    if contact.is_primary:
        for other in Contact.objects.select_for_update().filter(
            member=contact.member, is_primary=True
        ).exclude(pk=contact.pk):
            other.is_primary = False
            _save(other, actor=actor, reason="andere eerste contactpersoon")
    return contact


@transaction.atomic
def contact_add(
    *, member: Member, name: str, email: str, actor, phone: str = "", function: str = "",
    is_primary: bool = False, user=None, today: dt.date | None = None,
) -> Contact:
    """Add a contact person (personal data, never public: R-A2). A ``user`` gives the person a
    login to the member portal, for this member only (R-A1)."""
    _require_bureau_or_contact(actor, member, rule_id="R-A1", what=_("contactpersonen toevoegen"))
    member = _lock(member)
    contact = Contact(member=member, name=name or "", email=email or "", phone=phone or "",
                      function=function or "", is_primary=bool(is_primary), user=user)
    return _save_contact(contact, actor=actor, reason="contactpersoon toegevoegd")


@transaction.atomic
def contact_update(
    *, contact: Contact, actor, today: dt.date | None = None, **changes,
) -> Contact:
    """Change a contact person's fields (``name``, ``email``, ``phone``, ``function``,
    ``is_primary``, ``user``)."""
    unknown = sorted(set(changes) - set(CONTACT_FIELDS))
    if unknown:
        raise TypeError(f"contact_update() got unexpected fields: {', '.join(unknown)}")
    _require_bureau_or_contact(actor, contact.member, rule_id="R-A1",
                               what=_("contactpersonen wijzigen"))
    if "user" in changes and not (actor and actor.has_role(Role.BUREAU)):
        raise RuleViolation("R-A1", _("Alleen het Verenigingsbureau koppelt een inlog aan een "
                                      "contactpersoon."))
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    for field, value in changes.items():
        setattr(contact, field, value if value is not None or field == "user" else "")
    return _save_contact(contact, actor=actor, reason="contactpersoon gewijzigd")


# --- sweep ------------------------------------------------------------------------------------


def members_sweep(*, today: dt.date) -> dict[str, int]:
    """Daily, idempotent: flag new members whose Bestuur has not been informed yet (R-M1)."""
    raised = 0
    admissions = Admission.objects.filter(
        decided_on__isnull=False, board_informed_on__isnull=True,
        member__state__in=MEMBERSHIP_STATES,
    ).select_related("member")
    for admission in admissions:
        _flag, created = flag_raise(
            key=f"R-M1:board-informed:{admission.member_id}", rule_id="R-M1",
            audience=FlagAudience.BUREAU,
            message=_("R-M1: informeer het Bestuur over het nieuwe lid %(member)s")
            % {"member": admission.member},
            today=today, member=admission.member, subject=admission,
        )
        raised += int(created)
    return {"board_not_informed_flags": raised}


# --- R-M1 step 1 from the public form: the contact's account (issue #4) ------------------------


def member_invitation_url(user) -> str:
    """The absolute link where an invited contact sets a password for the member portal: a
    one-time token of Django's password-reset generator (it stops working once a password is
    set, and after ``PASSWORD_RESET_TIMEOUT``, three days by default)."""
    from django.conf import settings
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse("member:invitation", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    })
    return f"{settings.SITE_URL}{path}"


def member_apply_with_account(
    *, name: str, city: str, website: str, contact_name: str, contact_email: str,
    contact_phone: str, motivation: str, scope_numbers: Iterable[int],
    conditions_accepted: bool, today: dt.date | None = None,
) -> Member:
    """R-M1 step 1 without an account: the application of :func:`member_apply`, then a login
    for its contact person — a new user with no usable password and the member-contact role,
    linked as ``Contact.user`` so it sees only this member (R-A1) — and the
    ``application-received`` e-mail with an invitation link to set a password.

    An e-mail address that already has an account gets no second one and is not linked
    automatically (whoever applies must not gain someone else's login, nor learn that it
    exists): the application is stored, the e-mail goes without a link and the bureau gets a
    flag to link the contact by hand."""
    from django.contrib.auth import get_user_model

    from core.models import UserRole
    from notifications import recipients
    from notifications.services import notification_queue

    today = _today(today)
    with transaction.atomic():
        member = member_apply(
            name=name, city=city, website=website, contact_name=contact_name,
            contact_email=contact_email, contact_phone=contact_phone, motivation=motivation,
            scope_numbers=scope_numbers, conditions_accepted=conditions_accepted, actor=None,
            today=today,
        )
        contact = Contact.objects.select_for_update().get(member=member, is_primary=True)
        user_model = get_user_model()
        invitation_url = ""
        if user_model.objects.filter(email__iexact=contact.email).exists():
            flag_raise(
                key=f"R-M1:account-exists:{member.pk}", rule_id="R-M1",
                audience=FlagAudience.BUREAU, today=today, member=member, subject=contact,
                message=_("R-M1: het e-mailadres van de contactpersoon van %(member)s heeft al "
                          "een account; koppel de inlog handmatig") % {"member": member},
            )
        else:
            user = user_model.objects.create_user(email=contact.email, password=None,
                                                  full_name=contact.name)
            role = UserRole(user=user, role=Role.MEMBER_CONTACT)
            save_with_history(role, actor=None, reason="contactpersoon na aanmelding (R-M1)")
            contact.user = user
            _save(contact, actor=None, reason="inlog voor de contactpersoon aangemaakt (R-A1)")
            invitation_url = member_invitation_url(user)
        # The key is the one members.emails.application_received gives the confirmation
        # member_apply sends for every new admission (issue #5), so the contact gets one
        # message: this one, with the link.
        notification_queue(
            template="application-received", to=contact, member=member,
            context={"member": member, "submitted_on": today,
                     "invitation_url": invitation_url, "audience": recipients.MEMBER},
            key=f"event:application-received:{member.admission.pk}:"
                f"{recipients.recipient_key(contact)}",
        )
    return member
