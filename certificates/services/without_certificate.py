"""R-M3: the member without a valid certificate: the day it lost its certificate, the flags
for the bureau and the directeur, and clearing them when it holds a valid certificate again.
The decision (R-Z1), the withdrawal (R-Z5) and the daily sweep use these."""

import datetime as dt

from core.flags import flag_raise, flag_resolve
from core.history import save_with_history
from core.messages import stored
from core.models import FlagAudience
from members.models import MemberState

from .. import deadlines
from ..models import CertificateState, Postponement, PostponementState

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


def _member_mark_without_certificate(member, *, today: dt.date, actor, reason: str,
                                     again: bool = False) -> tuple[bool, int]:
    """R-M3: record the day the member (locked by the caller) lost its certificate, once, and
    raise the two flags: the bureau contacts the member; the directeur considers pause or
    suspension. Returns ``(marked_now, flags_raised)``.

    The directeur's flag is only raised for a member in state *lid*: a paused or suspended
    member already had that decision taken (R-M4, R-S*). ``again``: the member became a
    member without a certificate once more (its suspension was lifted): a fresh flag is raised
    where the earlier one was answered."""
    marked = False
    if member.without_certificate_since is None:
        member.without_certificate_since = _lapsed_on(member, today)
        save_with_history(member, actor=actor, reason=reason,
                          update_fields=["without_certificate_since", "updated_at"])
        marked = True
    since = member.without_certificate_since
    postponed_until = _open_postponement_deadline(member, today)
    # Whole sentences, with and without a postponed audit (issue #9).
    if postponed_until:
        contact = stored("R-M3: neem contact op met %(member)s: geen geldig certificaat sinds "
                         "%(since)s (audit uitgesteld tot %(date)s)",
                         member=member, since=since, date=postponed_until)
        options = stored("R-M3: pauzeren of schorsen? %(member)s heeft sinds %(since)s geen "
                         "geldig certificaat (audit uitgesteld tot %(date)s)",
                         member=member, since=since, date=postponed_until)
    else:
        contact = stored("R-M3: neem contact op met %(member)s: geen geldig certificaat sinds "
                         "%(since)s", member=member, since=since)
        options = stored("R-M3: pauzeren of schorsen? %(member)s heeft sinds %(since)s geen "
                         "geldig certificaat", member=member, since=since)
    contact_key, options_key = member_certificate_flag_keys(member=member, since=since)
    raised = 0
    _flag, created = flag_raise(
        key=contact_key, rule_id="R-M3", audience=FlagAudience.BUREAU, today=today,
        member=member, subject=member, message=contact, again=again,
    )
    raised += created
    if member.state == MemberState.MEMBER:
        _flag, created = flag_raise(
            key=options_key, rule_id="R-M3", audience=FlagAudience.DIRECTOR, today=today,
            member=member, subject=member,
            message=options, again=again,
        )
        raised += created
    return marked, raised


def member_without_certificate_again(*, member, today: dt.date, actor) -> int:
    """R-M3: ``member`` (locked by the caller) is a member again (its suspension was lifted):
    without a certificate valid ``today`` it is a member without a certificate once more, and
    the bureau and the directeur get fresh flags. Returns how many flags were raised."""
    from ..selectors import valid_on

    if member.state != MemberState.MEMBER or member.certificates.filter(
            valid_on(today)).exists():
        return 0
    _marked, raised = _member_mark_without_certificate(
        member, today=today, actor=actor, again=True,
        reason=stored("R-M3: na de schorsing geen geldig certificaat"))
    return raised


def _member_clear_without_certificate(member, *, today: dt.date, actor, reason: str) -> bool:
    """R-M3: the member (locked by the caller) holds a valid certificate again: clear the
    mark and resolve its R-M3 flags."""
    since = member.without_certificate_since
    if since is None:
        return False
    for key in member_certificate_flag_keys(member=member, since=since):
        flag_resolve(key=key, today=today, actor=actor,
                     reason=stored("het lid heeft weer een geldig certificaat"))
    member.without_certificate_since = None
    save_with_history(member, actor=actor, reason=reason,
                      update_fields=["without_certificate_since", "updated_at"])
    return True
