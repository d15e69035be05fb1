"""Certificate services (R-Z1 … R-Z5, R-M3): every state change of a certificate or a
postponement goes through here.

Each service runs in one transaction, locks the rows it decides on (``select_for_update``),
checks who acts and which rule applies, raises :class:`core.exceptions.RuleViolation` naming
the rule when it cannot proceed (R-0.5), calls the state machine's transition, saves with
history (R-0.4) and writes the decision record where R-0.3 asks for one.

Lock order, to keep two services from deadlocking each other: audit → member → certificate
→ postponement.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import CERTIFYING_KINDS, Audit, AuditKind, AuditState, ReportVersion
from core.dates import today as amsterdam_today
from core.decisions import decision_record
from core.exceptions import RuleViolation
from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.models import DecisionKind, FlagAudience, Role
from members.models import MEMBERSHIP_STATES, Contact, Member, MemberState

from . import deadlines, emails
from .models import (
    Certificate,
    CertificateNumberCounter,
    CertificateState,
    Postponement,
    PostponementState,
    WithdrawalReason,
)
from .selectors import valid_on
from .tasks import issue_certificate_documents

NUMBER_PREFIX = "NVVK"

#: Member states in which a certificate can be issued: the admission audit (R-M1 step 3) and
#: every membership state (a paused or suspended member gets certified again, R-M4, R-S6).
CERTIFIABLE_MEMBER_STATES = [MemberState.ADMISSION_AUDIT, *MEMBERSHIP_STATES]

def _day(value: dt.date) -> str:
    """A date as users read it (``31 mei 2029``)."""
    return date_format(value, "j F Y")


# --- Certificate numbers ------------------------------------------------------------------


def certificate_number_format(*, year: int, sequence: int) -> str:
    """``NVVK-2026-0042``: the year of ``valid_from`` and a sequence per year (R-Z7)."""
    return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"


def _highest_sequence_in_use(year: int) -> int:
    """The highest sequence already used for ``year`` (certificates imported or created
    before the counter existed)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    highest = 0
    for number in Certificate.objects.filter(number__startswith=prefix).values_list(
            "number", flat=True):
        suffix = number[len(prefix):]
        if suffix.isdigit():
            highest = max(highest, int(suffix))
    return highest


def certificate_number_next(*, year: int) -> str:
    """Draw the next certificate number of ``year``.

    Safe under concurrency: the year's counter row is locked (``SELECT … FOR UPDATE``) until
    the caller's transaction ends, so a second decision waits and draws the next number.
    When two transactions create the year's row at the same moment, ``get_or_create`` catches
    the unique violation of the loser and reads (and locks) the winner's row."""
    with transaction.atomic():
        counter, _created = CertificateNumberCounter.objects.select_for_update().get_or_create(
            year=year, defaults={"last_number": _highest_sequence_in_use(year)})
        sequence = counter.last_number + 1
        while Certificate.objects.filter(
                number=certificate_number_format(year=year, sequence=sequence)).exists():
            sequence += 1
        counter.last_number = sequence
        counter.save(update_fields=["last_number"])
        return certificate_number_format(year=year, sequence=sequence)


# --- R-M3: the member without a valid certificate -----------------------------------------


def member_certificate_flag_keys(*, member, since: dt.date) -> tuple[str, str]:
    """The keys of the two R-M3 flags raised when ``member`` lost its certificate on
    ``since``: the bureau's (contact the member) and the directeur's (pause or suspend)."""
    return (f"R-M3:contact:{member.pk}:{since.isoformat()}",
            f"R-M3:options:{member.pk}:{since.isoformat()}")


def _lapsed_on(member, today: dt.date) -> dt.date:
    """The day ``member`` lost its last certificate: the day after the last ``valid_until``
    or the day of a withdrawal (R-M3). Today when it never had one."""
    ends = []
    for certificate in member.certificates.filter(valid_from__lte=today):
        if certificate.state == CertificateState.WITHDRAWN and certificate.withdrawn_on:
            ends.append(certificate.withdrawn_on)
        else:
            ends.append(deadlines.renewal_start(certificate.valid_until))
    return min(max(ends, default=today), today)


def _open_postponement_deadline(member, today: dt.date) -> dt.date | None:
    """The audit deadline of a granted postponement still running on ``today`` (R-Z4)."""
    postponement = (Postponement.objects
                    .filter(certificate__member=member, state=PostponementState.GRANTED,
                            audit_deadline__gte=today)
                    .order_by("-audit_deadline").first())
    return postponement.audit_deadline if postponement else None


def _member_mark_without_certificate(member, *, today: dt.date, actor, reason: str) -> tuple[
        bool, int]:
    """R-M3: record the day the member (locked by the caller) lost its certificate, once, and
    raise the two flags: the bureau contacts the member; the directeur considers pause or
    suspension. Returns ``(marked_now, flags_raised)``.

    The directeur's flag is only raised for a member in state *lid*: a paused or suspended
    member already had that decision taken (R-M4, R-S*)."""
    marked = False
    if member.without_certificate_since is None:
        member.without_certificate_since = _lapsed_on(member, today)
        save_with_history(member, actor=actor, reason=reason,
                          update_fields=["without_certificate_since", "updated_at"])
        marked = True
    since = member.without_certificate_since
    postponed_until = _open_postponement_deadline(member, today)
    note = (_(" (audit uitgesteld tot %(date)s)") % {"date": _day(postponed_until)}
            if postponed_until else "")
    contact_key, options_key = member_certificate_flag_keys(member=member, since=since)
    raised = 0
    _flag, created = flag_raise(
        key=contact_key, rule_id="R-M3", audience=FlagAudience.BUREAU, today=today,
        member=member, subject=member,
        message=_("R-M3: neem contact op met %(member)s: geen geldig certificaat sinds "
                  "%(since)s%(note)s") % {"member": member, "since": _day(since), "note": note},
    )
    raised += created
    if member.state == MemberState.MEMBER:
        _flag, created = flag_raise(
            key=options_key, rule_id="R-M3", audience=FlagAudience.DIRECTOR, today=today,
            member=member, subject=member,
            message=_("R-M3: pauzeren of schorsen? %(member)s heeft sinds %(since)s geen "
                      "geldig certificaat%(note)s")
            % {"member": member, "since": _day(since), "note": note},
        )
        raised += created
    return marked, raised


def _member_clear_without_certificate(member, *, today: dt.date, actor, reason: str) -> bool:
    """R-M3: the member (locked by the caller) holds a valid certificate again: clear the
    mark and resolve its R-M3 flags."""
    since = member.without_certificate_since
    if since is None:
        return False
    for key in member_certificate_flag_keys(member=member, since=since):
        flag_resolve(key=key, today=today, actor=actor)
    member.without_certificate_since = None
    save_with_history(member, actor=actor, reason=reason,
                      update_fields=["without_certificate_since", "updated_at"])
    return True


# --- R-Z1 the decision ------------------------------------------------------------------


def _previous_certificate(member, today: dt.date) -> Certificate | None:
    """R-Z3: the certificate a new one continues: the member's latest certificate that is
    valid or expired. A withdrawn certificate breaks the chain (R-Z5), and so does a lapse
    so long that a contiguous renewal would already have ended: the next certificate then
    starts on the day of the decision, like a first one."""
    previous = (Certificate.objects.select_for_update()
                .filter(member=member,
                        state__in=[CertificateState.VALID, CertificateState.EXPIRED])
                .order_by("-valid_until").first())
    if previous is None:
        return None
    start = deadlines.renewal_start(previous.valid_until)
    if deadlines.validity(start) < today:
        return None
    return previous


def certificate_decide(*, audit, certify: bool, motivation: str = "",
                       four_years_swn: bool = False, actor, today=None) -> Certificate | None:
    """R-Z1: the directeur decides on (re)certification after the body's advice.

    Following the advice needs no motivation; deciding against it does (certifying on a
    negative advice, refusing on a positive or conditional one). Writes the decision record
    (R-0.3) and moves the audit to *besluit genomen*. On a positive decision issues the
    certificate: contiguous with the previous one (R-Z3, also after an early or postponed
    audit, R-Z4), three years or, for a combined SWN audit, four (R-Z2). Returns the new
    certificate, or ``None`` when certification is refused.

    Two simultaneous decisions on one audit: the audit row is locked, so the second waits,
    then finds the audit decided and is refused; ``Certificate.audit`` is one-to-one as well.
    """
    today = today or amsterdam_today()
    motivation = (motivation or "").strip()
    if not actor.has_role(Role.DIRECTOR):
        raise RuleViolation("R-Z1", _("Alleen de directeur besluit over (her)certificering."))

    with transaction.atomic():
        audit = Audit.objects.select_for_update().get(pk=audit.pk)
        if audit.state == AuditState.DECIDED:
            raise RuleViolation("R-Z1", _("Over deze audit is al besloten."))
        if audit.state != AuditState.ADVISED:
            raise RuleViolation("R-U2", _(
                "De audit staat in stap „%(state)s”; de directeur besluit pas na het advies "
                "van de certificerende instelling (stap „%(advised)s”).")
                % {"state": audit.get_state_display(), "advised": AuditState.ADVISED.label})
        advice = getattr(audit, "advice", None)
        if advice is None:
            raise RuleViolation("R-Z1", _(
                "Er is nog geen advies van de certificerende instelling vastgelegd."))
        # R-Z1: deciding against the advice requires a written motivation.
        against_advice = certify != advice.is_positive
        if against_advice and not motivation:
            raise RuleViolation("R-Z1", _(
                "Dit besluit wijkt af van het advies (%(advice)s); een schriftelijke "
                "motivering is verplicht.") % {"advice": advice.get_kind_display()})
        if certify and audit.kind not in CERTIFYING_KINDS:
            raise RuleViolation("R-U1", _(
                "Een %(kind)s leidt niet tot een certificaat.")
                % {"kind": audit.get_kind_display().lower()})
        # R-Z2: four years only after a combined NVVK + SWN audit.
        if four_years_swn and not certify:
            raise RuleViolation("R-Z2", _(
                "Vier jaar geldigheid kan alleen bij een positief besluit."))
        if four_years_swn and audit.kind != AuditKind.COMBINED_SWN:
            raise RuleViolation("R-Z2", _(
                "Vier jaar geldigheid kan alleen na een gecombineerde NVVK/SWN-audit."))
        if not can_proceed(audit.decide):
            raise RuleViolation("R-U2", _("De audit kan nu niet naar de stap „besluit”."))

        member = Member.objects.select_for_update().get(pk=audit.member_id)
        certificate = None
        if certify:
            certificate = _certificate_issue(
                audit=audit, advice=advice, member=member, four_years_swn=four_years_swn,
                actor=actor, today=today)

        audit.decide()
        save_with_history(audit, actor=actor, reason=(
            _("R-Z1: besluit directeur: gecertificeerd") if certify
            else _("R-Z1: besluit directeur: niet gecertificeerd")))

        if certificate:
            outcome = _("Gecertificeerd: %(number)s, geldig %(start)s t/m %(end)s") % {
                "number": certificate.number, "start": _day(certificate.valid_from),
                "end": _day(certificate.valid_until)}
        else:
            outcome = _("Niet gecertificeerd")
        if against_advice:
            outcome += _(" (afwijkend van het advies)")
        definitive_reports = [report.document for report in
                              audit.reports.filter(version=ReportVersion.DEFINITIVE)]
        decision_record(
            kind=DecisionKind.CERTIFICATION, outcome=outcome, rule_id="R-Z1", actor=actor,
            role=Role.DIRECTOR, subject=audit, motivation=motivation, member=member,
            documents=definitive_reports,
        )
    return certificate


def _certificate_issue(*, audit, advice, member, four_years_swn, actor, today) -> Certificate:
    """Create the certificate of a positive decision (inside ``certificate_decide``)."""
    if member.state not in CERTIFIABLE_MEMBER_STATES:
        raise RuleViolation("R-M2", _(
            "%(member)s is %(state)s; alleen een (aspirant-)lid kan een certificaat krijgen.")
            % {"member": member, "state": member.get_state_display().lower()})

    previous = _previous_certificate(member, today)
    # R-Z3: a renewal continues the day after the previous certificate ends, however early
    # or late (postponed, R-Z4) the audit was; a first certificate starts on the decision.
    valid_from = deadlines.renewal_start(previous.valid_until) if previous else today
    # The guideline (§8) sets the three-month limit between audit and start for renewals
    # ("certificaten sluiten op elkaar aan ... maximaal drie maanden"); a first certificate
    # follows its admission audit whenever the follow-up is done.
    if previous and audit.audit_date is None:
        raise RuleViolation("R-Z3", _(
            "De auditdatum ontbreekt; zonder auditdatum is niet na te gaan of de audit "
            "binnen drie maanden voor de ingangsdatum lag."))
    if previous and not deadlines.audit_early_enough(audit.audit_date, valid_from):
        raise RuleViolation("R-Z3", _(
            "De audit van %(audit)s ligt meer dan drie maanden voor de ingangsdatum "
            "%(start)s van het nieuwe certificaat (uiterlijk %(earliest)s); deze audit kan "
            "niet de basis zijn.") % {
                "audit": _day(audit.audit_date), "start": _day(valid_from),
                "earliest": _day(deadlines.earliest_audit_for(valid_from))})

    years = deadlines.SWN_YEARS if four_years_swn else deadlines.STANDARD_YEARS
    certificate = Certificate(
        number=certificate_number_next(year=valid_from.year),
        member=member,
        audit=audit,
        body=audit.body,
        previous=previous,
        valid_from=valid_from,
        valid_until=deadlines.validity(valid_from, years),
        decided_on=today,
        four_years_swn=four_years_swn,
        swn_report_due_on=deadlines.swn_report_due(valid_from) if four_years_swn else None,
        conditions=advice.conditions or "",
    )
    save_with_history(certificate, actor=actor, reason=_("R-Z1: certificaat afgegeven"))
    # R-Z7: after the commit, a Celery task renders and stores the PDF and e-mails it to the
    # member (certificates.documents), so the decision does not wait for WeasyPrint.
    transaction.on_commit(lambda: issue_certificate_documents.delay(certificate.pk),
                          robust=True)
    scope = list(audit.scope.all()) or list(member.scope.all())
    certificate.scope.set(scope)

    if previous is not None:
        previous.supersede()
        save_with_history(previous, actor=actor, reason=_(
            "R-Z3: opgevolgd door %(number)s") % {"number": certificate.number})

    if certificate.is_valid_on(today):
        _member_clear_without_certificate(
            member, today=today, actor=actor,
            reason=_("R-M3: weer een geldig certificaat (%(number)s)")
            % {"number": certificate.number})
    return certificate


# --- R-Z2 the SWN report ------------------------------------------------------------------


def swn_flag_key(certificate) -> str:
    return f"R-Z2:swn:{certificate.pk}"


def certificate_record_swn_report(*, certificate, received_on: dt.date, actor,
                                  today=None) -> Certificate:
    """R-Z2: the bureau records that the member sent the SWN audit report of a four-year
    certificate."""
    today = today or amsterdam_today()
    if not actor.has_role(Role.BUREAU, Role.DIRECTOR):
        raise RuleViolation("R-Z2", _(
            "Alleen het verenigingsbureau legt de ontvangst van het SWN-rapport vast."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not certificate.four_years_swn:
            raise RuleViolation("R-Z2", _(
                "Certificaat %(number)s is niet voor vier jaar afgegeven; er is geen "
                "SWN-rapport verschuldigd.") % {"number": certificate.number})
        if received_on > today:
            raise RuleViolation("R-Z2", _("De ontvangstdatum ligt in de toekomst."))
        if received_on < certificate.valid_from:
            raise RuleViolation("R-Z2", _(
                "De ontvangstdatum ligt voor de ingangsdatum van het certificaat."))
        certificate.swn_report_received_on = received_on
        save_with_history(certificate, actor=actor, reason=_("R-Z2: SWN-rapport ontvangen"))
        flag_resolve(key=swn_flag_key(certificate), today=today, actor=actor)
    return certificate


# --- R-Z4 postponement ------------------------------------------------------------------


def _granted_months(certificate, *, exclude=None) -> int:
    granted = certificate.postponements.filter(state=PostponementState.GRANTED)
    if exclude is not None:
        granted = granted.exclude(pk=exclude.pk)
    return granted.aggregate(total=Sum("months"))["total"] or 0


def postponement_request_flag_key(postponement) -> str:
    return f"R-Z4:request:{postponement.pk}"


def postponement_board_flag_key(postponement) -> str:
    return f"R-Z4:board:{postponement.pk}"


def postponement_request(*, certificate, months: int, reason: str, actor,
                         today=None) -> Postponement:
    """R-Z4: a member contact (of this member) or the bureau requests, in writing and with a
    well-founded reason, postponement of the audit before the certificate expires (on or
    before ``valid_until``). One open request at a time; all postponements of a certificate
    together never exceed six months."""
    today = today or amsterdam_today()
    reason = (reason or "").strip()
    is_bureau = actor.has_role(Role.BUREAU)
    if not is_bureau:
        if not actor.has_role(Role.MEMBER_CONTACT):
            raise RuleViolation("R-Z4", _(
                "Uitstel wordt aangevraagd door het lid of het verenigingsbureau."))
        if not Contact.objects.filter(user=actor, member_id=certificate.member_id).exists():
            # R-A1: a contact acts only for its own organisation.
            raise RuleViolation("R-A1", _("Dit certificaat hoort niet bij uw organisatie."))

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not reason:
            raise RuleViolation("R-Z4", _(
                "Uitstel is alleen mogelijk met een gegronde reden; vul de reden in."))
        if not 1 <= months <= deadlines.MAX_POSTPONEMENT_MONTHS:
            raise RuleViolation("R-Z4", _(
                "Uitstel is 1 tot en met 6 maanden; nooit meer dan zes maanden."))
        if certificate.state == CertificateState.WITHDRAWN:
            raise RuleViolation("R-Z4", _(
                "Certificaat %(number)s is ingetrokken; uitstel is niet mogelijk.")
                % {"number": certificate.number})
        if certificate.state == CertificateState.SUPERSEDED:
            raise RuleViolation("R-Z4", _(
                "Certificaat %(number)s is al opgevolgd; uitstel is niet meer nodig.")
                % {"number": certificate.number})
        deadline = deadlines.postponement_request_deadline(certificate.valid_until)
        if today > deadline:
            raise RuleViolation("R-Z4", _(
                "Uitstel moet worden aangevraagd voordat het certificaat verloopt (uiterlijk "
                "%(deadline)s); het certificaat is verlopen.") % {"deadline": _day(deadline)})
        if certificate.postponements.filter(state=PostponementState.REQUESTED).exists():
            raise RuleViolation("R-Z4", _(
                "Er loopt al een uitstelverzoek voor dit certificaat."))
        already = _granted_months(certificate)
        if already + months > deadlines.MAX_POSTPONEMENT_MONTHS:
            raise RuleViolation("R-Z4", _(
                "Er is al %(already)s maanden uitstel verleend; in totaal nooit meer dan zes "
                "maanden.") % {"already": already})

        postponement = Postponement(
            certificate=certificate, requested_on=today, requested_by=actor, months=months,
            reason=reason)
        save_with_history(postponement, actor=actor, reason=_("R-Z4: uitstel aangevraagd"))
        total = already + months
        flag_raise(
            key=postponement_request_flag_key(postponement), rule_id="R-Z4",
            audience=(FlagAudience.DIRECTOR if deadlines.postponement_needs_director(total)
                      else FlagAudience.BUREAU),
            today=today, member=certificate.member, subject=postponement,
            due_on=certificate.valid_until,
            message=_("R-Z4: uitstelverzoek van %(member)s (%(months)s maanden) beoordelen")
            % {"member": certificate.member, "months": months},
        )
    return postponement


def postponement_decide(*, postponement, grant: bool, motivation: str, body_advice: str = "",
                        actor, today=None) -> Postponement:
    """R-Z4: decide on a postponement request. Up to three months in total the bureau (or the
    directeur) decides; more than three only the directeur, and the Bestuur is informed. The
    directeur may record the body's advice. A postponement never extends the certificate:
    ``valid_until`` stays, only the audit may take place up to ``audit_deadline``."""
    today = today or amsterdam_today()
    motivation = (motivation or "").strip()
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(
            pk=postponement.certificate_id)
        postponement = Postponement.objects.select_for_update().get(pk=postponement.pk)
        total = _granted_months(certificate, exclude=postponement) + postponement.months
        needs_director = deadlines.postponement_needs_director(total)
        if needs_director:
            if not actor.has_role(Role.DIRECTOR):
                raise RuleViolation("R-Z4", _(
                    "Over meer dan drie maanden uitstel (hier %(total)s) beslist de "
                    "directeur.") % {"total": total})
            role = Role.DIRECTOR
        elif actor.has_role(Role.BUREAU):
            role = Role.BUREAU
        elif actor.has_role(Role.DIRECTOR):
            role = Role.DIRECTOR
        else:
            raise RuleViolation("R-Z4", _(
                "Over uitstel beslist het verenigingsbureau (tot drie maanden) of de "
                "directeur."))
        transition = postponement.grant if grant else postponement.refuse
        if not can_proceed(transition):
            raise RuleViolation("R-Z4", _(
                "Over dit uitstelverzoek is al beslist (%(state)s).")
                % {"state": postponement.get_state_display().lower()})
        if not motivation:
            raise RuleViolation("R-0.3", _("Een besluit over uitstel vraagt een motivering."))
        if total > deadlines.MAX_POSTPONEMENT_MONTHS:
            raise RuleViolation("R-Z4", _("In totaal nooit meer dan zes maanden uitstel."))

        postponement.body_advice = (body_advice or "").strip()
        if grant:
            audit_deadline = deadlines.postponement_deadline(certificate.valid_until, total)
            postponement.grant(on=today, audit_deadline=audit_deadline)
            if needs_director:
                postponement.board_informed_on = today
            outcome = _("Uitstel verleend: audit uiterlijk %(date)s (%(total)s maanden); "
                        "het certificaat blijft geldig tot en met %(until)s") % {
                "date": _day(audit_deadline), "total": total,
                "until": _day(certificate.valid_until)}
        else:
            postponement.refuse(on=today)
            outcome = _("Uitstel geweigerd")
        save_with_history(postponement, actor=actor, reason=(
            _("R-Z4: uitstel verleend") if grant else _("R-Z4: uitstel geweigerd")))
        # R-Z4: the decision is announced to the member, after the commit.
        transaction.on_commit(
            lambda: emails.postponement_decided(postponement_id=postponement.pk), robust=True)
        decision_record(
            kind=DecisionKind.POSTPONEMENT, outcome=outcome, rule_id="R-Z4", actor=actor,
            role=role, subject=postponement, motivation=motivation,
            member=certificate.member,
        )
        flag_resolve(key=postponement_request_flag_key(postponement), today=today,
                     actor=actor)
        if grant and needs_director:
            # R-Z4: the Bestuur is informed of postponements beyond three months.
            flag_raise(
                key=postponement_board_flag_key(postponement), rule_id="R-Z4",
                audience=FlagAudience.BOARD, today=today, member=certificate.member,
                subject=postponement,
                message=_("R-Z4: de directeur verleende %(member)s %(total)s maanden uitstel "
                          "van de audit (uiterlijk %(date)s)") % {
                    "member": certificate.member, "total": total,
                    "date": _day(postponement.audit_deadline)},
            )
    return postponement


# --- R-Z5 withdrawal --------------------------------------------------------------------


def certificate_withdraw(*, certificate, reason: str, motivation: str, actor,
                         today=None) -> Certificate:
    """R-Z5: the directeur withdraws a valid certificate, recording reason and motivation.
    The register reflects it the same day; a member left without a valid certificate is
    flagged (R-M3)."""
    today = today or amsterdam_today()
    motivation = (motivation or "").strip()
    if not actor.has_role(Role.DIRECTOR):
        raise RuleViolation("R-Z5", _("Alleen de directeur kan een certificaat intrekken."))
    if reason not in WithdrawalReason.values:
        raise RuleViolation("R-Z5", _("Kies een reden voor de intrekking."))
    if not motivation:
        raise RuleViolation("R-Z5", _("Een intrekking vraagt een schriftelijke motivering."))

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


# --- The daily sweep --------------------------------------------------------------------


def certificates_sweep(*, today) -> dict[str, int]:
    """Daily, idempotent (a second run on the same day changes nothing):

    - R-M3: expire every valid certificate whose ``valid_until`` has passed (a superseded
      certificate is not touched: its renewal took over);
    - R-M3: record, once, the day each member (lid, gepauzeerd, geschorst) lost its valid
      certificate and flag it for the bureau and the directeur; clear the mark of a member
      that holds a valid certificate again;
    - R-Z2: flag four-year certificates whose SWN report is overdue.

    Each unit of work locks its row and re-checks it, so two sweeps at once do each thing
    once."""
    counts = {"certificates_expired": 0, "members_without_certificate": 0,
              "members_certificate_restored": 0, "flags_raised": 0,
              "swn_reports_overdue": 0}

    expiring = Certificate.objects.filter(state=CertificateState.VALID,
                                          valid_until__lt=today).values_list("pk", flat=True)
    for pk in list(expiring):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=pk)
            if certificate.state != CertificateState.VALID or certificate.valid_until >= today:
                continue
            certificate.expire()
            save_with_history(certificate, actor=None, reason=_(
                "R-M3: geldigheid verstreken op %(date)s") % {
                    "date": _day(certificate.valid_until)})
            counts["certificates_expired"] += 1

    holding = Certificate.objects.filter(valid_on(today)).values("member_id")
    without = (Member.objects.filter(state__in=MEMBERSHIP_STATES)
               .exclude(pk__in=holding).values_list("pk", flat=True))
    for pk in list(without):
        with transaction.atomic():
            member = Member.objects.select_for_update().get(pk=pk)
            if (member.state not in MEMBERSHIP_STATES
                    or member.certificates.filter(valid_on(today)).exists()):
                continue
            marked, raised = _member_mark_without_certificate(
                member, today=today, actor=None,
                reason=_("R-M3: geen geldig certificaat"))
            counts["members_without_certificate"] += marked
            counts["flags_raised"] += raised

    restored = (Member.objects.filter(without_certificate_since__isnull=False, pk__in=holding)
                .values_list("pk", flat=True))
    for pk in list(restored):
        with transaction.atomic():
            member = Member.objects.select_for_update().get(pk=pk)
            if not member.certificates.filter(valid_on(today)).exists():
                continue
            counts["members_certificate_restored"] += _member_clear_without_certificate(
                member, today=today, actor=None,
                reason=_("R-M3: weer een geldig certificaat"))

    overdue = (Certificate.objects
               .filter(valid_on(today), four_years_swn=True,
                       swn_report_received_on__isnull=True, swn_report_due_on__lt=today)
               .select_related("member"))
    for certificate in overdue:
        _flag, created = flag_raise(
            key=swn_flag_key(certificate), rule_id="R-Z2", audience=FlagAudience.BUREAU,
            today=today, member=certificate.member, subject=certificate,
            due_on=certificate.swn_report_due_on,
            message=_("R-Z2: SWN-auditrapport van %(member)s ontbreekt (uiterlijk %(date)s)")
            % {"member": certificate.member, "date": _day(certificate.swn_report_due_on)},
        )
        counts["swn_reports_overdue"] += created
        counts["flags_raised"] += created
    return counts
