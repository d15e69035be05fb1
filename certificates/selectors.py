"""Reads of certificates: the valid certificate of a member, the bureau's list of expiring
certificates (R-N1), the register status (R-N2, R-Z4, R-Z5) and the member's timeline."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audits.models import CERTIFYING_KINDS, Audit, AuditState
from core.dates import add_months
from core.timeline import TimelineEvent
from members.models import MEMBERSHIP_STATES, Member, MemberState

from .deadlines import renewal_start
from .models import Certificate, CertificateState, Postponement, PostponementState

#: A certificate is valid on a day inside its validity while valid or superseded (the
#: renewal takes over the day after, R-Z3). Withdrawn and expired certificates never are.
VALID_STATES = [CertificateState.VALID, CertificateState.SUPERSEDED]


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


def valid_on(today: dt.date) -> Q:
    """The filter for certificates valid on ``today`` (:meth:`Certificate.is_valid_on`), read
    from the dates, so correct even before the day's sweep ran."""
    return Q(state__in=VALID_STATES, valid_from__lte=today, valid_until__gte=today)


def withdrawal_chain(certificate, *, today: dt.date) -> list[Certificate]:
    """R-Z5/R-Z3: what a withdrawal of ``certificate`` acts on: the certificate valid today
    and every decided renewal that follows it (an early renewal starts the day after the
    current one ends), whichever of them the directeur opened; oldest first."""
    chain = [certificate]
    previous = certificate.previous
    while previous is not None and previous.withdrawable_on(today):
        chain.insert(0, previous)
        previous = previous.previous
    current = certificate
    while True:
        renewal = Certificate.objects.filter(previous=current).first()
        if renewal is None or not renewal.withdrawable_on(today):
            return chain
        chain.append(renewal)
        current = renewal


def certificates_valid_on(*, today: dt.date) -> QuerySet[Certificate]:
    """Every certificate valid on ``today``."""
    return Certificate.objects.filter(valid_on(today))


def valid_certificate(*, member, today: dt.date) -> Certificate | None:
    """The certificate that makes ``member`` certified on ``today``, or ``None`` (R-M3)."""
    return (certificates_valid_on(today=today).filter(member=member)
            .select_related("body").order_by("-valid_from").first())


def planned_audits() -> QuerySet[Audit]:
    """Audits that can lead to a new certificate and are under way (not decided, not
    cancelled)."""
    return Audit.objects.filter(kind__in=CERTIFYING_KINDS).exclude(
        state__in=[AuditState.DECIDED, AuditState.CANCELLED])


def certificates_expiring(*, today: dt.date, months: int = 7,
                          planned: bool | None = None) -> QuerySet[Certificate]:
    """R-N1: valid certificates ending within ``months`` months from ``today`` (inclusive,
    R-0.1), soonest first, each annotated with ``has_planned_audit``. ``planned=False`` gives
    the bureau's list of certificates expiring without a planned audit; ``True`` those with
    one. Certificates already renewed (superseded) are not listed."""
    queryset = (Certificate.objects
                .filter(state=CertificateState.VALID, valid_until__gte=today,
                        valid_until__lte=add_months(today, months))
                .annotate(has_planned_audit=Exists(
                    planned_audits().filter(member=OuterRef("member"))))
                .select_related("member", "body")
                .order_by("valid_until", "number"))
    if planned is not None:
        queryset = queryset.filter(has_planned_audit=planned)
    return queryset


def swn_certificates() -> QuerySet[Certificate]:
    """R-Z2: the four-year certificates (combined NVVK/SWN audit) that are or will be valid,
    the SWN report still due first (soonest first), then those received."""
    return (Certificate.objects
            .filter(four_years_swn=True, state__in=VALID_STATES,
                    swn_report_due_on__isnull=False)
            .select_related("member", "body")
            .order_by(F("swn_report_received_on").asc(nulls_first=True),
                      "swn_report_due_on", "number"))


def members_without_valid_certificate(*, today: dt.date) -> QuerySet[Member]:
    """R-N1/R-M3: members (lid, gepauzeerd, geschorst) without a valid certificate today."""
    holding = certificates_valid_on(today=today).values("member_id")
    return (Member.objects.filter(state__in=MEMBERSHIP_STATES).exclude(pk__in=holding)
            .order_by("without_certificate_since", "name"))


@dataclass(frozen=True)
class RegisterStatus:
    """What the public register shows about a member's certificate (R-N2).

    ``code`` is one of ``valid``, ``postponed`` (R-Z4: no valid certificate, audit
    postponed), ``expired``, ``withdrawn`` (R-Z5) and ``none``."""

    code: str
    label: str
    certificate: Certificate | None = None
    until: dt.date | None = None

    VALID = "valid"
    POSTPONED = "postponed"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    NONE = "none"


def register_status(*, member, today: dt.date) -> RegisterStatus:
    """The certificate status of ``member`` on ``today`` for the register. A postponement
    never makes a certificate valid: during the gap the register shows "audit uitgesteld tot
    …" (R-Z4); a withdrawal shows the same day (R-Z5)."""
    return register_status_of(
        certificates=Certificate.objects.filter(member=member).prefetch_related("postponements"),
        today=today)


def timeline_events(*, member, today: dt.date) -> list[TimelineEvent]:
    """The member's certificate events and deadlines, each with its rule id: certificates
    issued (R-Z1), their end dates (R-Z2/R-Z3 deadline, R-M3 once expired), postponements
    (R-Z4), withdrawals (R-Z5) and the SWN report (R-Z2)."""
    events: list[TimelineEvent] = []
    certificates = (Certificate.objects.filter(member=member)
                    .prefetch_related("postponements").order_by("valid_from"))
    for certificate in certificates:
        number = certificate.number
        events.append(TimelineEvent(
            on=certificate.decided_on, rule_id="R-Z1",
            title=_("Certificaat %(number)s afgegeven") % {"number": number},
            detail=_("Geldig van %(start)s tot en met %(end)s") % {
                "start": _day(certificate.valid_from), "end": _day(certificate.valid_until)},
        ))
        if certificate.state == CertificateState.WITHDRAWN:
            events.append(TimelineEvent(
                on=certificate.withdrawn_on, rule_id="R-Z5",
                title=_("Certificaat %(number)s ingetrokken") % {"number": number},
                detail=certificate.get_withdrawal_reason_display(),
            ))
        elif (certificate.valid_until < today
              and certificate.state != CertificateState.SUPERSEDED):
            # An end still ahead is a deadline of certificates.clocks (R-Z6/R-Z3).
            events.append(TimelineEvent(
                on=renewal_start(certificate.valid_until), rule_id="R-M3",
                title=_("Certificaat %(number)s verlopen") % {"number": number},
            ))
        events.extend(_postponement_events(certificate, today))
        if certificate.four_years_swn and certificate.swn_report_due_on:
            if certificate.swn_report_received_on:
                events.append(TimelineEvent(
                    on=certificate.swn_report_received_on, rule_id="R-Z2",
                    title=_("SWN-auditrapport ontvangen"),
                ))
    return events


def _postponement_events(certificate: Certificate, today: dt.date) -> list[TimelineEvent]:
    events = []
    postponement: Postponement
    for postponement in certificate.postponements.all():
        events.append(TimelineEvent(
            on=postponement.requested_on, rule_id="R-Z4",
            title=_("Uitstel van de audit aangevraagd (%(months)s maanden)") % {
                "months": postponement.months},
        ))
        if postponement.state == PostponementState.GRANTED:
            events.append(TimelineEvent(
                on=postponement.decided_on, rule_id="R-Z4",
                title=_("Uitstel verleend tot %(date)s") % {
                    "date": _day(postponement.audit_deadline)},
                detail=_("Het certificaat wordt niet verlengd"),
            ))
        elif postponement.state == PostponementState.REFUSED:
            events.append(TimelineEvent(
                on=postponement.decided_on, rule_id="R-Z4",
                title=_("Uitstel geweigerd"),
            ))
    return events



# --- directeur and Bestuur (issue #4) ---------------------------------------------------------


def audits_awaiting_decision() -> QuerySet[Audit]:
    """R-Z1: audits in step *advies aan NVVK*: the body has advised, the directeur decides.
    Oldest advice first."""
    return (Audit.objects.filter(state=AuditState.ADVISED)
            .select_related("member", "body", "advice")
            .order_by("advice__given_on", "pk"))


def _granted_months_subquery():
    from django.db.models import IntegerField, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    granted = (Postponement.objects
               .filter(certificate=OuterRef("certificate"), state=PostponementState.GRANTED)
               .values("certificate").annotate(total=Sum("months")).values("total"))
    return Coalesce(Subquery(granted, output_field=IntegerField()), 0)


def postponements_awaiting_director() -> QuerySet[Postponement]:
    """R-Z4: open postponement requests that would bring the certificate's postponement above
    three months in total: the directeur decides (the Bestuur is informed). Annotated with
    ``granted_months`` and ``total_months``."""
    from django.db.models import F

    from .deadlines import BUREAU_POSTPONEMENT_MONTHS

    return (Postponement.objects.filter(state=PostponementState.REQUESTED)
            .annotate(granted_months=_granted_months_subquery())
            .annotate(total_months=F("granted_months") + F("months"))
            .filter(total_months__gt=BUREAU_POSTPONEMENT_MONTHS)
            .select_related("certificate__member", "certificate__body", "requested_by")
            .order_by("requested_on", "pk"))


def postponements_board_informed() -> QuerySet[Postponement]:
    """R-Z4: postponements of more than three months the directeur granted; the Bestuur was
    informed of them. Newest first."""
    return (Postponement.objects.filter(board_informed_on__isnull=False)
            .select_related("certificate__member", "certificate__body")
            .order_by("-board_informed_on", "-pk"))


# --- the public register and the verification page (issue #4, R-N2, R-Z7) -------------------


def register_status_of(*, certificates, today: dt.date) -> RegisterStatus:
    """:func:`register_status` over a member's certificates already in memory, each with its
    postponements prefetched, so the register list needs no query per member (R-N2)."""
    certificates = list(certificates)
    current = [c for c in certificates
               if c.state in VALID_STATES and c.valid_from <= today <= c.valid_until]
    if current:
        certificate = max(current, key=lambda c: (c.valid_from, c.pk))
        return RegisterStatus(
            RegisterStatus.VALID,
            _("Geldig tot en met %(date)s") % {"date": _day(certificate.valid_until)},
            certificate, certificate.valid_until)
    started = [c for c in certificates if c.valid_from <= today]
    if not started:
        return RegisterStatus(RegisterStatus.NONE, _("Geen certificaat"))
    latest = max(started, key=lambda c: (c.valid_from, c.pk))
    if latest.state == CertificateState.WITHDRAWN:
        return RegisterStatus(
            RegisterStatus.WITHDRAWN,
            _("Certificaat ingetrokken op %(date)s") % {"date": _day(latest.withdrawn_on)},
            latest, latest.withdrawn_on)
    postponed = [p for p in latest.postponements.all()
                 if p.state == PostponementState.GRANTED and p.audit_deadline >= today]
    if postponed:
        postponement = max(postponed, key=lambda p: p.audit_deadline)
        return RegisterStatus(
            RegisterStatus.POSTPONED,
            _("Audit uitgesteld tot %(date)s") % {"date": _day(postponement.audit_deadline)},
            latest, postponement.audit_deadline)
    return RegisterStatus(
        RegisterStatus.EXPIRED,
        _("Certificaat verlopen op %(date)s") % {"date": _day(latest.valid_until)},
        latest, latest.valid_until)


@dataclass(frozen=True)
class CertificateVerification:
    """What the public verification page says about a certificate number (R-Z7).

    ``code`` is ``valid``, ``not_yet_valid`` (a renewal that starts later, R-Z3),
    ``expired``, ``withdrawn`` (R-Z5), ``suspended`` (the membership is suspended and the
    directeur or Bestuur chose to publish it, R-S7), ``unknown`` (no such number) or
    ``invalid_link`` (the number exists, but the QR token is forged, altered or belongs to
    other dates: the link is not valid, the certificate can be looked up by its number)."""

    code: str
    label: str
    certificate: Certificate | None = None

    VALID = "valid"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"
    INVALID_LINK = "invalid_link"


def paused_members_with_valid_certificate(*, today: dt.date) -> QuerySet[Member]:
    """R-M4: paused members that hold a valid certificate again; the directeur may end the
    pause (R-M3)."""
    holding = certificates_valid_on(today=today).values("member_id")
    return (Member.objects.filter(state=MemberState.PAUSED, pk__in=holding)
            .order_by("state_changed_on", "name"))


# --- The bureau portal (issue #4) -------------------------------------------------------------


def postponements_open() -> QuerySet[Postponement]:
    """R-Z4: postponement requests awaiting a decision, the certificate ending first first,
    each annotated with ``granted_months`` (already granted on the same certificate), so that
    the total — which decides who decides — is known without a query per row."""
    from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    granted = (Postponement.objects
               .filter(certificate=OuterRef("certificate"), state=PostponementState.GRANTED)
               .order_by().values("certificate")
               .annotate(total=Sum("months")).values("total"))
    return (Postponement.objects.filter(state=PostponementState.REQUESTED)
            .annotate(granted_months=Coalesce(Subquery(granted, output_field=IntegerField()),
                                              Value(0)))
            .select_related("certificate__member", "certificate__body", "requested_by")
            .order_by("certificate__valid_until", "requested_on", "pk"))
