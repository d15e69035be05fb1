"""Admission (R-M1, R-M2): step 1, the application (aanmelding), the bureau's check and
contact and the start of the admission audit (step 2); step 3, the kernteam Kwaliteit's advice,
the directeur's admission or rejection (R-M2), informing the Bestuur and the completion (step 4);
and step 1 from the public application form, with the contact person's account (issue #4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_raise
from core.fsm import unmet_conditions
from core.history import save_with_history
from core.history import save_with_history as _save
from core.messages import stored, stored_label
from core.models import DecisionKind, FlagAudience, Role
from core.rules import require_role as _require_role
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails, hooks
from ..models import (
    APPLICATION_STATES,
    MEMBERSHIP_STATES,
    Admission,
    AdmissionAdvice,
    Contact,
    CoreData,
    Member,
    MemberState,
)
from ._common import (
    _admission,
    _application_state_blockers,
    _last_decision,
    _lock,
    _next_member_number,
    _require_application_state,
    _source_blockers,
    scope_items,
)

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
    _save(member, actor=actor, reason=stored("aanmelding ontvangen (R-M1 stap 1)"))
    member.scope.set(items)
    admission = Admission(member=member, submitted_on=today, conditions_accepted_on=today,
                          motivation=motivation or "")
    _save(admission, actor=actor, reason=stored("aanmelding ontvangen (R-M1 stap 1)"))
    _save(
        Contact(member=member, name=contact_name.strip(), email=contact_email.strip(),
                phone=contact_phone or "", is_primary=True),
        actor=actor, reason=stored("eerste contactpersoon uit aanmeldformulier"),
    )
    _save(
        CoreData(member=member, name=member.name, contact_person=contact_name.strip(),
                 email=contact_email.strip(), phone=contact_phone or "",
                 website=website or ""),
        actor=actor, reason=stored("kerngegevens uit aanmeldformulier (R-M6)"),
    )
    # R-M1: the application is confirmed to the contact person, after the commit.
    transaction.on_commit(lambda: emails.application_received(admission_id=admission.pk),
                          robust=True)
    return member


def admission_step_blockers(member: Member, step: str) -> list[tuple[str, str]]:
    """R-M1 (R-0.5): what stands in the way of the bureau's admission step ``step``
    (``start_review``, ``check``, ``contact``, ``start_audit``, ``inform_board``,
    ``complete``) for ``member`` now, as ``(rule_id, Dutch text)``: the step's page shows it
    before the click and the step's service refuses with the first. Dates and texts of the
    form are checked on submit."""
    if step == "start_review":
        return _source_blockers(member, member.start_review, rule_id="R-M1",
                                step=_("de beoordeling van de aanmelding"))
    if step == "check":
        return _application_state_blockers(member, MemberState.UNDER_REVIEW,
                                           step=_("de controle"))
    if step == "contact":
        return _application_state_blockers(member, *APPLICATION_STATES,
                                           step=_("contact met de aanvrager"))
    if step == "start_audit":
        return (_source_blockers(member, member.start_admission_audit, rule_id="R-M1",
                                 step=_("de toelatingsaudit"))
                or unmet_conditions(member.start_admission_audit))  # R-M1: what is missing
    admission = Admission.objects.filter(member=member).first()
    if admission is None:
        return [("R-M1", _("Van %(member)s is geen aanmelding vastgelegd.")
                 % {"member": member})]
    admitted = bool(admission.decided_on) and member.state in MEMBERSHIP_STATES
    if step == "inform_board" and not admitted:
        return [("R-M1", _(
            "Het Bestuur wordt geïnformeerd over nieuwe leden: %(member)s is nog niet "
            "toegelaten.") % {"member": member})]
    if step == "complete":
        if not admitted:
            return [("R-M1", _(
                "De afronding (stap 4) volgt op het besluit tot toelating; %(member)s is nog "
                "niet toegelaten.") % {"member": member})]
        if not admission.board_informed_on:
            return [("R-M1", _(
                "Leg eerst vast dat het Bestuur over het nieuwe lid is geïnformeerd "
                "(stap 3)."))]
    return []


@transaction.atomic
def admission_start_review(*, member: Member, actor, today: dt.date | None = None) -> Member:
    """R-M1 step 1: the bureau starts checking the application."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, rule_id="R-M1",
                  what=_("een aanmelding in behandeling nemen"))
    member = _lock(member)
    refuse_first(admission_step_blockers(member, "start_review"))
    member.start_review()
    member.state_changed_on = today
    return _save(member, actor=actor, reason=stored("aanmelding in behandeling (R-M1)"))


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
    refuse_first(admission_step_blockers(member, "check"))
    items = scope_items(scope_numbers)
    admission = _admission(member)
    admission.checked_on = today
    admission.checked_by = actor
    admission.meets_conditions = bool(meets_conditions)
    admission.check_notes = notes or ""
    _save(admission, actor=actor, reason=stored("aanmelding gecontroleerd (R-M1)"))
    member.scope.set(items)
    _save(
        member, actor=actor,
        reason=stored("scope vastgesteld (R-M5): %(items)s",
                      items=", ".join(str(i.number) for i in items)),
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
    refuse_first(admission_step_blockers(member, "contact"))
    admission = _admission(member)
    if contacted_on > today or contacted_on < admission.submitted_on:
        raise RuleViolation(
            "R-M1", _("De contactdatum moet tussen de aanmelding (%(submitted)s) en vandaag "
                      "liggen.") % {"submitted": admission.submitted_on},
        )
    admission.contacted_on = contacted_on
    return _save(admission, actor=actor, reason=stored("contact met aanvrager (R-M1)"))


@transaction.atomic
def admission_start_audit(*, member: Member, actor, today: dt.date | None = None) -> Member:
    """R-M1 step 2: a complete application that meets the conditions goes to the admission
    audit; the refusal names R-M1 and lists what is missing."""
    today = _today(today)
    _require_role(actor, Role.BUREAU, rule_id="R-M1", what=_("de toelatingsaudit openen"))
    member = _lock(member)
    refuse_first(admission_step_blockers(member, "start_audit"))  # R-M1: what is missing
    member.start_admission_audit()
    member.state_changed_on = today
    return _save(member, actor=actor, reason=stored("naar toelatingsaudit (R-M1 stap 2)"))


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
    require_text(text, rule_id="R-0.3", message=_(
        "Een advies heeft een schriftelijke toelichting nodig."))
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
    _save(admission, actor=actor, reason=stored("advies kernteam Kwaliteit (R-M1)"))
    decision_record(
        kind=DecisionKind.QUALITY_TEAM_ADVICE, outcome=stored_label(AdmissionAdvice, advice),
        rule_id="R-M1", actor=actor, role=Role.QUALITY_TEAM, subject=admission,
        motivation=text, member=member, corrects=previous,
    )
    return admission


def admission_decision_blockers(member: Member, *, admit: bool) -> list[tuple[str, str]]:
    """R-M1 step 3 / R-M2 (R-0.5): what stands in the way of admitting (``admit``) or rejecting
    ``member`` now, as ``(rule_id, Dutch text)``: the decision page shows it before the click
    and :func:`member_admit` / :func:`member_reject` refuse with the first."""
    if not admit:
        return _source_blockers(member, member.reject, rule_id="R-M2", step=_("afwijzing"))
    blockers = _source_blockers(member, member.admit, rule_id="R-M2", step=_("de toelating"))
    if blockers:
        return blockers
    if not Admission.objects.filter(member=member).exists():
        return [("R-M1", _("Van %(member)s is geen aanmelding vastgelegd.")
                 % {"member": member})]
    blockers = unmet_conditions(member.admit)  # R-M1 step 3: the kernteam's advice
    if hooks.ask("admission_audit_with_positive", member) is None:
        blockers.append(("R-M1", _(
            "Er is geen toelatingsaudit met een positief advies (eventueel onder voorwaarden) "
            "van de CI.")))
    return blockers


@transaction.atomic
def member_admit(
    *, member: Member, motivation: str, actor, today: dt.date | None = None,
) -> Member:
    """R-M1 step 3 / R-M2: only the directeur admits an applicant, after the kernteam's advice
    and a positive (or conditional) advice of the admission audit. Assigns the member number and
    sets ``member_since``; records the admission decision (R-0.3)."""
    today = _today(today)
    _require_role(actor, Role.DIRECTOR, rule_id="R-M2", what=_("een aanvrager toelaten als lid"))
    require_text(motivation, rule_id="R-0.3", message=_(
        "Een besluit tot toelating heeft een motivering nodig."))
    member = _lock(member)
    refuse_first(admission_decision_blockers(member, admit=True))
    admission = _admission(member)
    audit = hooks.ask("admission_audit_with_positive", member)
    member.admit(on=today)
    member.state_changed_on = today
    member.member_number = _next_member_number()  # locked counter: distinct under bursts
    try:
        with transaction.atomic():
            _save(member, actor=actor, reason=stored("toegelaten als lid (R-M1, R-M2)"))
    except IntegrityError:  # pragma: no cover - the counter rules this out; never a 500
        raise RuleViolation(
            "R-M2", _("Er kon geen lidnummer worden toegekend; probeer opnieuw.")) from None
    admission.decided_on = today
    _save(admission, actor=actor, reason=stored("besluit directeur: toegelaten (R-M1)"))
    documents = [report.document for report in audit.reports.all()]
    decision_record(
        kind=DecisionKind.ADMISSION, outcome=stored("toegelaten als lid"), rule_id="R-M1",
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
    require_text(motivation, rule_id="R-0.3", message=_(
        "Een afwijzing heeft een motivering nodig."))
    member = _lock(member)
    refuse_first(admission_decision_blockers(member, admit=False))
    member.reject()
    member.state_changed_on = today
    _save(member, actor=actor, reason=stored("aanvraag afgewezen (R-M2)"))
    admission = getattr(member, "admission", None)
    if admission is not None:
        admission.decided_on = today
        _save(admission, actor=actor, reason=stored("besluit directeur: afgewezen (R-M2)"))
    hooks.ask("cancel_open_audits", member, actor=actor, reason=stored("aanvraag afgewezen (R-M2)"))
    decision_record(
        kind=DecisionKind.ADMISSION, outcome=stored("afgewezen"), rule_id="R-M2", actor=actor,
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
    refuse_first(admission_step_blockers(member, "inform_board"))
    admission = _admission(member)
    if informed_on < admission.decided_on or informed_on > today:
        raise RuleViolation(
            "R-M1", _("De datum ligt tussen het besluit (%(decided)s) en vandaag.")
            % {"decided": admission.decided_on},
        )
    admission.board_informed_on = informed_on
    _save(admission, actor=actor, reason=stored("Bestuur geïnformeerd over nieuw lid (R-M1)"))
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
    refuse_first(admission_step_blockers(member, "complete"))
    admission = _admission(member)
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
    return _save(admission, actor=actor, reason=stored("afronding toelating (R-M1 stap 4)"))


# --- R-M1 step 1 from the public form: the contact's account (issue #4) ------------------------


def member_invitation_url(user) -> str:
    """The absolute link where an invited contact sets a password for the member portal: a
    single-use invitation token (``core.accounts``: it stops working once a password is set,
    when a newer invitation is sent, and after ``PASSWORD_RESET_TIMEOUT``, three days)."""
    from core.accounts import invitation_url

    return invitation_url(user, url_name="member:invitation")


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
                message=stored("R-M1: het e-mailadres van de contactpersoon van %(member)s "
                               "heeft al een account; koppel de inlog handmatig",
                               member=member),
            )
        else:
            user = user_model.objects.create_user(email=contact.email, password=None,
                                                  full_name=contact.name,
                                                  invited_at=timezone.now())
            role = UserRole(user=user, role=Role.MEMBER_CONTACT)
            save_with_history(role, actor=None, reason=stored("contactpersoon na aanmelding (R-M1)"))
            contact.user = user
            _save(contact, actor=None, reason=stored("inlog voor de contactpersoon aangemaakt (R-A1)"))
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
