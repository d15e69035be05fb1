"""The legal clocks of certificates, registered with the deadline registry
(``core.deadlines``):

- ``certificates.expiry`` (R-Z6, R-Z3): the last day of a valid certificate not yet renewed
  (the reminders R-Z6 count back from it; a renewal starts the day after, R-Z3);
- ``certificates.postponed_audit`` (R-Z4): the audit after a granted postponement, until a
  renewal takes over;
- ``certificates.swn_report`` (R-Z2): the SWN audit report of a four-year certificate, until
  the bureau receives it.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.deadlines import Audience, Deadline, Query, clock, member_fields

from .deadlines import renewal_start
from .models import Certificate, CertificateState, Postponement, PostponementState
from .selectors import VALID_STATES

WATCHERS = frozenset({Audience.BUREAU, Audience.DIRECTOR, Audience.MEMBER})


def _filter(queryset, query: Query, prefix: str = ""):
    if query.member_id is not None:
        queryset = queryset.filter(**{f"{prefix}member_id": query.member_id})
    return queryset


@clock("certificates.expiry", rule_id="R-Z6", audiences=WATCHERS)
def expiry_clock(query: Query):
    """R-Z6/R-Z3: a valid certificate ends; the renewal must be decided by then."""
    certificates = _filter(Certificate.objects.filter(state=CertificateState.VALID,
                                                      valid_until__gte=query.today), query)
    if query.due_from is not None:
        certificates = certificates.filter(valid_until__gte=query.due_from)
    if query.due_to is not None:
        certificates = certificates.filter(valid_until__lte=query.due_to)
    for certificate in certificates.select_related("member"):
        yield Deadline(
            clock="certificates.expiry", uid=f"certificate-end-{certificate.pk}",
            rule_id="R-Z6", on=certificate.valid_until, audiences=WATCHERS,
            title=_("Certificaat %(number)s loopt af") % {"number": certificate.number},
            detail=_("Het nieuwe certificaat gaat in op %(date)s") % {
                "date": date_format(renewal_start(certificate.valid_until), "j F Y")},
            target=("members.member", certificate.member_id), subject=certificate,
            **member_fields(certificate.member))


@clock("certificates.postponed_audit", rule_id="R-Z4", audiences=WATCHERS)
def postponed_audit_clock(query: Query):
    """R-Z4: after a granted postponement the audit takes place by the new date."""
    postponements = _filter(
        Postponement.objects.filter(state=PostponementState.GRANTED)
        .exclude(certificate__state__in=[CertificateState.SUPERSEDED,
                                         CertificateState.WITHDRAWN]),
        query, "certificate__")
    for postponement in postponements.select_related("certificate__member"):
        certificate = postponement.certificate
        yield Deadline(
            clock="certificates.postponed_audit", uid=f"postponement-{postponement.pk}",
            rule_id="R-Z4", on=postponement.audit_deadline, audiences=WATCHERS,
            title=_("Uitgestelde audit uiterlijk"),
            target=("members.member", certificate.member_id), subject=postponement,
            **member_fields(certificate.member))


@clock("certificates.swn_report", rule_id="R-Z2", audiences=WATCHERS)
def swn_report_clock(query: Query):
    """R-Z2: a four-year certificate needs the SWN audit report at the bureau."""
    certificates = _filter(Certificate.objects.filter(
        state__in=VALID_STATES, four_years_swn=True, swn_report_due_on__isnull=False,
        swn_report_received_on__isnull=True, valid_until__gte=query.today), query)
    for certificate in certificates.select_related("member"):
        yield Deadline(
            clock="certificates.swn_report", uid=f"swn-report-{certificate.pk}",
            rule_id="R-Z2", on=certificate.swn_report_due_on, audiences=WATCHERS,
            title=_("SWN-auditrapport naar het verenigingsbureau"),
            detail=_("Verplicht bij een certificaat van vier jaar"),
            target=("members.member", certificate.member_id), subject=certificate,
            **member_fields(certificate.member))
