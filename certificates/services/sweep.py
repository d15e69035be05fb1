"""The daily sweep (core.sweep): expire certificates (R-M3), mark and clear members without a
valid certificate (R-M3), flag overdue SWN reports (R-Z2)."""

from django.db import transaction

from core.flags import flag_raise
from core.history import save_with_history
from core.messages import stored
from core.models import FlagAudience
from members.models import MEMBERSHIP_STATES, Member

from ..models import Certificate, CertificateState
from ..selectors import valid_on
from .decisions import swn_flag_key
from .without_certificate import _member_clear_without_certificate, _member_mark_without_certificate

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
            save_with_history(certificate, actor=None, reason=stored(
                "R-M3: geldigheid verstreken op %(date)s", date=certificate.valid_until))
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
                reason=stored("R-M3: geen geldig certificaat"))
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
                reason=stored("R-M3: weer een geldig certificaat"))

    overdue = (Certificate.objects
               .filter(valid_on(today), four_years_swn=True,
                       swn_report_received_on__isnull=True, swn_report_due_on__lt=today)
               .select_related("member"))
    for certificate in overdue:
        _flag, created = flag_raise(
            key=swn_flag_key(certificate), rule_id="R-Z2", audience=FlagAudience.BUREAU,
            today=today, member=certificate.member, subject=certificate,
            due_on=certificate.swn_report_due_on,
            message=stored("R-Z2: SWN-auditrapport van %(member)s ontbreekt (uiterlijk %(date)s)",
                           member=certificate.member, date=certificate.swn_report_due_on),
        )
        counts["swn_reports_overdue"] += created
        counts["flags_raised"] += created
    return counts
