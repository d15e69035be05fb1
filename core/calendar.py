"""Calendar feeds (issue #5): an ICS feed per user with that user's deadlines.

The feed lives at ``/kalender/<token>.ics``: calendar programs cannot log in, so the secret
``User.calendar_token`` (a random UUID) is the key. Anyone holding the URL sees the feed;
the user revokes it with a POST to ``/kalender/vernieuwen/``, which draws a new token
(:func:`user_calendar_token_reset`) — the old URL is a 404 from then on, as is any unknown
token or the token of a deactivated user.

What a feed holds follows the user's roles (a user with several roles gets all of them):

- bureau and directeur: open flags with a due date (of their audience) and the deadlines the
  bureau watches (R-N1): certificate end dates in the coming seven months (R-Z6), the
  complaint deadlines (R-K2), the Bestuur's appeal deadlines (R-S4), the ends of open
  suspensions (R-S5) and postponed audits (R-Z4);
- Bestuur: its appeal deadlines (R-S4) and its open flags with a due date;
- auditor: the fieldwork of its own body's audits (R-U2, never another body's, R-A1), the
  plan-of-approach deadlines (R-F3) and the additional investigations (R-F4/R-F5) of the
  findings its body follows up;
- member contact: the deadlines on its member's timeline (``core.timeline``), nothing else.

Each event is an all-day event (R-0.1: legal dates are calendar dates) with a stable UID, so a
calendar program updates an event rather than duplicating it when a date moves.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from icalendar import Calendar, Event

from .dates import add_months
from .dates import today as amsterdam_today
from .exceptions import RuleViolation
from .models import Flag, FlagAudience, Role, User

#: How far back and ahead a feed reaches.
PAST = dt.timedelta(days=90)
AHEAD_MONTHS = 24
#: R-N1: the bureau's horizon for certificate end dates.
CERTIFICATE_HORIZON_MONTHS = 7


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day deadline: ``uid`` stays the same when the date moves."""

    uid: str
    on: dt.date
    title: str
    rule_id: str = ""
    description: str = ""
    until: dt.date | None = None  # last day of a multi-day event (fieldwork)


# --- what each role sees ----------------------------------------------------------------------

def _flag_entries(audiences, start, end) -> list[CalendarEntry]:
    flags = (Flag.objects.open().filter(audience__in=audiences, due_on__gte=start,
                                        due_on__lte=end).select_related("member"))
    return [CalendarEntry(uid=f"flag-{flag.pk}", on=flag.due_on, rule_id=flag.rule_id,
                          title=flag.message, description=str(flag.member or ""))
            for flag in flags]


def _bureau_entries(today, start, end) -> list[CalendarEntry]:
    from certificates.models import Postponement, PostponementState
    from certificates.selectors import certificates_expiring
    from complaints.models import ComplaintState
    from complaints.selectors import UNRESOLVED_STATES, complaints_open
    from suspensions.selectors import suspensions_open

    entries = []
    for certificate in certificates_expiring(today=today, months=CERTIFICATE_HORIZON_MONTHS):
        entries.append(CalendarEntry(
            uid=f"certificate-end-{certificate.pk}", on=certificate.valid_until, rule_id="R-Z6",
            title=_("Certificaat %(number)s van %(member)s loopt af") % {
                "number": certificate.number, "member": certificate.member},
            description=(_("Audit gepland") if certificate.has_planned_audit
                         else _("Nog geen audit gepland"))))
    for complaint in complaints_open():
        if complaint.state in (ComplaintState.RECEIVED, ComplaintState.ACKNOWLEDGED):
            entries.append(CalendarEntry(
                uid=f"complaint-respond-{complaint.pk}", on=complaint.respond_by,
                rule_id="R-K2", title=_("Klacht %(ref)s: inhoudelijke reactie uiterlijk") % {
                    "ref": complaint.reference}))
        if complaint.state in UNRESOLVED_STATES:
            entries.append(CalendarEntry(
                uid=f"complaint-resolve-{complaint.pk}",
                on=complaint.expected_on or complaint.resolve_by, rule_id="R-K2",
                title=_("Klacht %(ref)s: afhandeling uiterlijk") % {"ref": complaint.reference}))
    for suspension in suspensions_open():
        entries.append(CalendarEntry(
            uid=f"suspension-end-{suspension.pk}", on=suspension.ends_on, rule_id="R-S5",
            title=_("Schorsing van %(member)s eindigt") % {"member": suspension.member}))
    postponed = (Postponement.objects
                 .filter(state=PostponementState.GRANTED, audit_deadline__gte=start)
                 .select_related("certificate__member"))
    for postponement in postponed:
        entries.append(CalendarEntry(
            uid=f"postponement-{postponement.pk}", on=postponement.audit_deadline,
            rule_id="R-Z4", title=_("Uitgestelde audit van %(member)s uiterlijk") % {
                "member": postponement.certificate.member}))
    return entries + _appeal_entries()


def _appeal_entries() -> list[CalendarEntry]:
    from suspensions.selectors import appeals_pending

    return [CalendarEntry(
        uid=f"appeal-{appeal.pk}", on=appeal.board_deadline, rule_id="R-S4",
        title=_("Bestuur beslist op beroep van %(member)s") % {
            "member": appeal.suspension.member},
        description=str(appeal.get_subject_display()))
        for appeal in appeals_pending()]


def _auditor_entries(user, start, end) -> list[CalendarEntry]:
    from audits.models import AuditState
    from audits.selectors import audits_for_auditor
    from findings.deadlines import plan_deadline
    from findings.models import (
        AdditionalInvestigation,
        Finding,
        FindingKind,
        FindingStatus,
        InvestigationState,
        PlanState,
    )

    audits = audits_for_auditor(user=user)  # R-A1: only the own body's audits
    if not audits.exists():
        return []
    body_id = user.auditor.body_id
    entries = []
    for audit in audits.exclude(state__in=[AuditState.DECIDED, AuditState.CANCELLED]).filter(
            fieldwork_starts_on__isnull=False):
        entries.append(CalendarEntry(
            uid=f"fieldwork-{audit.pk}", on=audit.fieldwork_starts_on,
            until=audit.fieldwork_ends_on, rule_id="R-U2",
            title=_("Audit op locatie: %(member)s") % {"member": audit.member},
            description=str(audit.get_kind_display())))
    findings = (Finding.objects
                .filter(audit__body_id=body_id, kind=FindingKind.NONCONFORMITY,
                        status=FindingStatus.OPEN)
                .exclude(plans__state=PlanState.APPROVED)
                .select_related("member", "norm").distinct())
    for finding in findings:
        entries.append(CalendarEntry(
            uid=f"plan-{finding.pk}", on=plan_deadline(finding.kind_since), rule_id="R-F3",
            title=_("Plan van aanpak %(member)s (norm %(norm)s) uiterlijk") % {
                "member": finding.member, "norm": finding.norm.code}))
    investigations = (AdditionalInvestigation.objects
                      .filter(finding__audit__body_id=body_id,
                              state=InvestigationState.ORDERED)
                      .select_related("finding__member", "finding__norm"))
    for investigation in investigations:
        entries.append(CalendarEntry(
            uid=f"investigation-{investigation.pk}", on=investigation.due_on,
            rule_id=investigation.rule_id,
            title=_("Aanvullend onderzoek %(member)s (norm %(norm)s) uiterlijk") % {
                "member": investigation.finding.member, "norm": investigation.finding.norm.code}))
    return entries


def _digest(*parts) -> str:
    """A stable short id (Python's ``hash`` of a string differs per process)."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _member_entries(user, today) -> list[CalendarEntry]:
    from core.timeline import member_timeline

    contact = user.member_contacts.select_related("member").first()
    if contact is None:
        return []
    entries = []
    for event in member_timeline(member=contact.member, today=today):
        if event.is_deadline:
            entries.append(CalendarEntry(
                uid=f"member-{contact.member_id}-{_digest(event.rule_id, event.on, event.title)}",
                on=event.on, rule_id=event.rule_id, title=event.title,
                description=event.detail))
    return entries


def calendar_entries(*, user, today: dt.date) -> list[CalendarEntry]:
    """The deadlines ``user`` sees in its feed, by role (see the module docstring), each
    once, in date order, from 90 days back to two years ahead."""
    start, end = today - PAST, add_months(today, AHEAD_MONTHS)
    entries: list[CalendarEntry] = []
    if user.has_role(Role.BUREAU, Role.DIRECTOR):
        audiences = [FlagAudience.BUREAU]
        if user.has_role(Role.DIRECTOR):
            audiences.append(FlagAudience.DIRECTOR)
        entries += _flag_entries(audiences, start, end)
        entries += _bureau_entries(today, start, end)
    if user.has_role(Role.BOARD):
        entries += _flag_entries([FlagAudience.BOARD], start, end)
        entries += _appeal_entries()
    if user.has_role(Role.AUDITOR):
        entries += _auditor_entries(user, start, end)
    if user.has_role(Role.MEMBER_CONTACT):
        entries += _member_entries(user, today)
    unique = {entry.uid: entry for entry in entries if entry.on and start <= entry.on <= end}
    return sorted(unique.values(), key=lambda entry: (entry.on, entry.uid))


# --- the ICS document -------------------------------------------------------------------------

def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "keurmerk.invalid"


def calendar_ics(*, user, today: dt.date) -> bytes:
    """The user's feed as an iCalendar document (RFC 5545), in the user's language."""
    host = _host()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//NVVK//Keurmerk//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Keurmerk – termijnen van %(name)s") % {"name": user})
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        stamp = timezone.now()
        for entry in calendar_entries(user=user, today=today):
            event = Event()
            event.add("uid", f"{entry.uid}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.on)
            last = entry.until if entry.until and entry.until >= entry.on else entry.on
            event.add("dtend", last + dt.timedelta(days=1))  # all-day: DTEND is exclusive
            event.add("summary", f"{entry.rule_id}: {entry.title}" if entry.rule_id
                      else entry.title)
            if entry.description:
                event.add("description", entry.description)
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
        return calendar.to_ical()


def calendar_feed_url(user) -> str:
    """The absolute feed URL a portal shows to ``user`` (to copy into a calendar program)."""
    return settings.SITE_URL + reverse("calendar_feed", kwargs={"token": user.calendar_token})


# --- the service ------------------------------------------------------------------------------

def user_calendar_token_reset(*, user, actor) -> User:
    """Revoke ``user``'s feed URL by drawing a new secret token; the old URL gives 404.
    A user resets its own token; the bureau may reset anyone's (e.g. a leaked link)."""
    if actor is None or not (actor.pk == user.pk or actor.has_role(Role.BUREAU)):
        raise RuleViolation("R-A1", _("Alleen de gebruiker zelf of het verenigingsbureau kan "
                                      "de agendakoppeling vernieuwen."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.calendar_token = User._meta.get_field("calendar_token").default()
        user.save(update_fields=["calendar_token"])
    return user


# --- views ------------------------------------------------------------------------------------

@require_GET
def calendar_feed(request, token):
    """The ICS feed of the user whose token this is; anything else is 404."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404(_("Onbekende agendakoppeling."))
    response = HttpResponse(calendar_ics(user=user, today=amsterdam_today()),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="keurmerk.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_reset(request):
    """Revoke the current feed URL (POST only); back to where the user came from."""
    user_calendar_token_reset(user=request.user, actor=request.user)
    messages.success(request, _("Uw agendakoppeling is vernieuwd; de oude link werkt niet "
                                "meer."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("home")
    return redirect(target)


urlpatterns = [
    path("<uuid:token>.ics", calendar_feed, name="calendar_feed"),
    path("vernieuwen/", calendar_reset, name="calendar_reset"),
]
