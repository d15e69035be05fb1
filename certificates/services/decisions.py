"""R-Z1 the directeur's (re)certification decision and the certificate it issues (R-Z3
contiguous renewal, R-Z7 number and document, R-M3 mark cleared), and R-Z2 the SWN report
of a four-year certificate."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from audits.models import CERTIFYING_KINDS, Audit, AuditKind, AuditState, ReportVersion
from core.dates import today as amsterdam_today
from core.decisions import decision_record
from core.exceptions import RuleViolation, refuse_first
from core.flags import flag_resolve
from core.history import save_with_history
from core.messages import stored
from core.models import DecisionKind, Role
from core.uploads import store_upload
from members.models import MEMBERSHIP_STATES, Member, MemberState

from .. import deadlines, emails
from ..models import Certificate, CertificateState
from ..tasks import issue_certificate_documents
from ._common import _day
from .numbers import certificate_number_next
from .without_certificate import _member_clear_without_certificate

#: Member states in which a certificate can be issued: the admission audit (R-M1 step 3) and
#: every membership state (a paused or suspended member gets certified again, R-M4, R-S6).
CERTIFIABLE_MEMBER_STATES = [MemberState.ADMISSION_AUDIT, *MEMBERSHIP_STATES]


# --- R-Z1 the decision ------------------------------------------------------------------


def _previous_certificate(member, today: dt.date, *, lock: bool = True) -> Certificate | None:
    """R-Z3: the certificate a new one continues: the member's latest certificate that is
    valid or expired. A withdrawn certificate breaks the chain (R-Z5), and so does a lapse
    so long that a contiguous renewal would already have ended: the next certificate then
    starts on the day of the decision, like a first one."""
    certificates = Certificate.objects.select_for_update() if lock else Certificate.objects
    previous = (certificates
                .filter(member=member,
                        state__in=[CertificateState.VALID, CertificateState.EXPIRED])
                .order_by("-valid_until").first())
    if previous is None:
        return None
    start = deadlines.renewal_start(previous.valid_until)
    if deadlines.validity(start) < today:
        return None
    return previous


def certification_blockers(audit) -> list[tuple[str, str]]:
    """R-Z1/R-U2 (R-0.5): what stands in the way of the directeur's decision on ``audit`` now,
    as ``(rule_id, Dutch text)``: the decision page shows them before the click and
    :func:`certificate_decide` refuses with the first. The choice made in the form (certify or
    not, four years, the motivation) is checked on submit."""
    if audit.state == AuditState.DECIDED:
        return [("R-Z1", _("Over deze audit is al besloten."))]
    if audit.state != AuditState.ADVISED:
        return [("R-U2", _(
            "De audit staat in stap „%(state)s”; de directeur besluit pas na het advies "
            "van de certificerende instelling (stap „%(advised)s”).")
            % {"state": audit.get_state_display(), "advised": AuditState.ADVISED.label})]
    blockers = []
    if getattr(audit, "advice", None) is None:
        blockers.append(("R-Z1", _(
            "Er is nog geen advies van de certificerende instelling vastgelegd.")))
    if not can_proceed(audit.decide):
        blockers.append(("R-U2", _("De audit kan nu niet naar de stap „besluit”.")))
    return blockers


def certify_blockers(audit, *, member, today: dt.date,
                     lock: bool = False) -> list[tuple[str, str]]:
    """R-U1/R-M2/R-Z3 (R-0.5): what stands in the way of a *positive* decision on ``audit``
    (refusing stays possible), as ``(rule_id, Dutch text)``: the decision page shows it before
    the click and :func:`certificate_decide` refuses a certification with the first. ``lock``
    inside the service's transaction."""
    if audit.kind not in CERTIFYING_KINDS:
        return [("R-U1", _("Een %(kind)s leidt niet tot een certificaat.")
                 % {"kind": audit.get_kind_display().lower()})]
    if member.state not in CERTIFIABLE_MEMBER_STATES:
        return [("R-M2", _(
            "%(member)s is %(state)s; alleen een (aspirant-)lid kan een certificaat krijgen.")
            % {"member": member, "state": member.get_state_display().lower()})]
    previous = _previous_certificate(member, today, lock=lock)
    if previous is None:
        return []
    # R-Z3: a renewal continues the day after the previous certificate ends. The guideline (§8)
    # sets the three-month limit between audit and start for renewals ("certificaten sluiten
    # op elkaar aan ... maximaal drie maanden"); a first certificate follows its admission
    # audit whenever the follow-up is done.
    valid_from = deadlines.renewal_start(previous.valid_until)
    if audit.audit_date is None:
        return [("R-Z3", _(
            "De auditdatum ontbreekt; zonder auditdatum is niet na te gaan of de audit "
            "binnen drie maanden voor de ingangsdatum lag."))]
    if not deadlines.audit_early_enough(audit.audit_date, valid_from):
        return [("R-Z3", _(
            "De audit van %(audit)s ligt meer dan drie maanden voor de ingangsdatum "
            "%(start)s van het nieuwe certificaat (uiterlijk %(earliest)s); deze audit kan "
            "niet de basis zijn.") % {
                "audit": _day(audit.audit_date), "start": _day(valid_from),
                "earliest": _day(deadlines.earliest_audit_for(valid_from))})]
    return []


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
        refuse_first(certification_blockers(audit))
        advice = audit.advice
        # R-Z1: deciding against the advice requires a written motivation.
        against_advice = certify != advice.is_positive
        if against_advice and not motivation:
            raise RuleViolation("R-Z1", _(
                "Dit besluit wijkt af van het advies (%(advice)s); een schriftelijke "
                "motivering is verplicht.") % {"advice": advice.get_kind_display()})
        # R-Z2: four years only after a combined NVVK + SWN audit.
        if four_years_swn and not certify:
            raise RuleViolation("R-Z2", _(
                "Vier jaar geldigheid kan alleen bij een positief besluit."))
        if four_years_swn and audit.kind != AuditKind.COMBINED_SWN:
            raise RuleViolation("R-Z2", _(
                "Vier jaar geldigheid kan alleen na een gecombineerde NVVK/SWN-audit."))

        member = Member.objects.select_for_update().get(pk=audit.member_id)
        certificate = None
        if certify:
            certificate = _certificate_issue(
                audit=audit, advice=advice, member=member, four_years_swn=four_years_swn,
                actor=actor, today=today)

        audit.decide()
        save_with_history(audit, actor=actor, reason=(
            stored("R-Z1: besluit directeur: gecertificeerd") if certify
            else stored("R-Z1: besluit directeur: niet gecertificeerd")))

        # Whole sentences per outcome (issue #9), read in the reader's language.
        if certificate and against_advice:
            outcome = stored("Gecertificeerd: %(number)s, geldig %(start)s t/m %(end)s "
                             "(afwijkend van het advies)", number=certificate.number,
                             start=certificate.valid_from, end=certificate.valid_until)
        elif certificate:
            outcome = stored("Gecertificeerd: %(number)s, geldig %(start)s t/m %(end)s",
                             number=certificate.number, start=certificate.valid_from,
                             end=certificate.valid_until)
        elif against_advice:
            outcome = stored("Niet gecertificeerd (afwijkend van het advies)")
        else:
            outcome = stored("Niet gecertificeerd")
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
    refuse_first(certify_blockers(audit, member=member, today=today, lock=True))
    previous = _previous_certificate(member, today)
    # R-Z3: a renewal continues the day after the previous certificate ends, however early
    # or late (postponed, R-Z4) the audit was; a first certificate starts on the decision.
    valid_from = deadlines.renewal_start(previous.valid_until) if previous else today

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
    save_with_history(certificate, actor=actor, reason=stored("R-Z1: certificaat afgegeven"))
    # R-Z7: after the commit, a Celery task renders and stores the PDF and e-mails it to the
    # member (certificates.documents), so the decision does not wait for WeasyPrint.
    transaction.on_commit(lambda: issue_certificate_documents.delay(certificate.pk),
                          robust=True)
    scope = list(audit.scope.all()) or list(member.scope.all())
    certificate.scope.set(scope)

    if previous is not None:
        previous.supersede()
        save_with_history(previous, actor=actor, reason=stored(
            "R-Z3: opgevolgd door %(number)s", number=certificate.number))

    if certificate.is_valid_on(today):
        _member_clear_without_certificate(
            member, today=today, actor=actor,
            reason=stored("R-M3: weer een geldig certificaat (%(number)s)",
                          number=certificate.number))
    return certificate


# --- R-Z2 the SWN report ------------------------------------------------------------------


def swn_flag_key(certificate) -> str:
    return f"R-Z2:swn:{certificate.pk}"


def swn_report_blockers(certificate) -> list[tuple[str, str]]:
    """R-Z2 (R-0.5): what stands in the way of recording the receipt of ``certificate``'s SWN
    report now, as ``(rule_id, Dutch text)``: the bureau's page shows it before the click and
    :func:`certificate_record_swn_report` refuses with it. The date is checked on submit."""
    if not certificate.four_years_swn:
        return [("R-Z2", _(
            "Certificaat %(number)s is niet voor vier jaar afgegeven; er is geen "
            "SWN-rapport verschuldigd.") % {"number": certificate.number})]
    if certificate.swn_report_received_on is not None:
        return [("R-Z2", _(
            "Het SWN-rapport van certificaat %(number)s is al ontvangen op %(date)s.")
            % {"number": certificate.number,
               "date": _day(certificate.swn_report_received_on)})]
    return []


def certificate_record_swn_report(*, certificate, received_on: dt.date, actor,
                                  today=None) -> Certificate:
    """R-Z2: the bureau records that the member sent the SWN audit report of a four-year
    certificate (once, e.g. by post or e-mail): history, the overdue flag resolved, the member
    told by e-mail."""
    today = today or amsterdam_today()
    if not actor.has_role(Role.BUREAU, Role.DIRECTOR):
        raise RuleViolation("R-Z2", _(
            "Alleen het verenigingsbureau legt de ontvangst van het SWN-rapport vast."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        refuse_first(swn_report_blockers(certificate))
        if received_on > today:
            raise RuleViolation("R-Z2", _("De ontvangstdatum ligt in de toekomst."))
        if received_on < certificate.valid_from:
            raise RuleViolation("R-Z2", _(
                "De ontvangstdatum ligt voor de ingangsdatum van het certificaat."))
        _swn_report_received(certificate, received_on=received_on, actor=actor, today=today,
                             reason=stored("R-Z2: SWN-rapport ontvangen"))
    return certificate


def certificate_submit_swn_report(*, certificate, upload, actor, today=None) -> Certificate:
    """R-Z2: the member sends the SWN audit report of its four-year certificate to the bureau
    through the portal; ``upload`` is a cleaned :class:`core.uploads.UploadField` value. Sent
    is received: the report is stored with the certificate, the receipt recorded today (the
    overdue flag resolved, history) and the member gets the confirmation by e-mail."""
    today = today or amsterdam_today()
    with transaction.atomic():
        certificate = (Certificate.objects.select_for_update().select_related("member")
                       .get(pk=certificate.pk))
        if not certificate.member.contacts.filter(user=actor).exists():
            raise RuleViolation("R-Z2", _(
                "Alleen een contactpersoon van %(member)s stuurt dit SWN-rapport in.")
                % {"member": certificate.member})
        refuse_first(swn_report_blockers(certificate))
        certificate.swn_report = store_upload(
            upload, actor=actor, member=certificate.member,
            title=_("SWN-auditrapport bij certificaat %(number)s")
            % {"number": certificate.number})
        _swn_report_received(certificate, received_on=today, actor=actor, today=today,
                             reason=stored("R-Z2: SWN-rapport ingestuurd door het lid"))
    return certificate


def _swn_report_received(certificate, *, received_on, actor, today, reason) -> None:
    certificate.swn_report_received_on = received_on
    save_with_history(certificate, actor=actor, reason=reason)
    flag_resolve(key=swn_flag_key(certificate), today=today, actor=actor)
    transaction.on_commit(
        lambda: emails.swn_report_received(certificate_id=certificate.pk), robust=True)
