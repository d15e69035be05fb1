"""Calendar feeds (issue #5): an ICS feed per user with that user's deadlines.

The feed lives at ``/kalender/<token>.ics``: calendar programs cannot log in, so the secret
``User.calendar_token`` (a random UUID) is the key. Anyone holding the URL sees the feed;
the user revokes it with a POST to ``/kalender/vernieuwen/``, which draws a new token
(:func:`user_calendar_token_reset`) — the old URL is a 404 from then on, as is any unknown
token or the token of a deactivated user.

What a feed holds follows the user's roles (a user with several roles gets all of them):

- bureau and directeur: every deadline the bureau watches (R-N1), the same list as the
  bureau's dashboard, and the directeur's own signals;
- Bestuur: its appeal deadlines (R-S4) and its open signals;
- auditor: the deadlines of its own body's audits and findings (fieldwork R-U2, plans of
  approach R-F3, additional investigations R-F4/R-F5; never another body's, R-A1);
- member contact: the deadlines on its member's timeline, nothing else.

All of it is read from the deadline registry (``core.deadlines``), so the feed, the dashboard
and the timeline show the same deadlines on the same dates.

Each event is an all-day event (R-0.1: legal dates are calendar dates) that calendar programs
can trust (RFC 5545, issue #18):

- its UID is the deadline's identity in the registry (``plan-12``, never its date or title), so
  a calendar program updates an event rather than duplicating it when a date moves;
- SEQUENCE, LAST-MODIFIED and DTSTAMP follow the ``updated_at`` of the object the deadline is
  about, so a moved date is a newer revision of the same event and the document stays the same
  byte for byte while nothing changes;
- URL opens the object's page in the reader's portal (following ``SITE_URL``);
- the feed answers HEAD, carries an ETag and Last-Modified and answers a repeated request with
  304 Not Modified.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from icalendar import Calendar, Event

from .dates import add_months
from .dates import today as amsterdam_today
from .deadlines import Audience, Deadline, open_deadlines
from .exceptions import RuleViolation
from .models import Role, User

#: How far back and ahead a feed reaches.
PAST = dt.timedelta(days=90)
AHEAD_MONTHS = 24


@dataclass(frozen=True)
class CalendarEntry:
    """One all-day deadline: ``uid`` stays the same when the date moves."""

    uid: str
    on: dt.date
    title: str
    rule_id: str = ""
    description: str = ""
    until: dt.date | None = None  # last day of a multi-day event (fieldwork)
    path: str = ""  # the object's page in the reader's portal
    modified: dt.datetime | None = None  # when the object last changed (SEQUENCE, LAST-MODIFIED)


#: SEQUENCE counts seconds since this moment (RFC 5545 asks a non-negative integer that grows
#: with each revision; seconds since 2020 stay far below 2^31 for decades).
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

#: Where a deadline's object opens, per audience: ``resolver(deadline) -> path or ""``. The
#: apps that own the portals register theirs (``register_event_url``); the ground floor knows
#: only the URL names below as a fallback.
EVENT_URLS: dict[str, Callable[[Deadline], str]] = {}


def register_event_url(audience: str, resolver: Callable[[Deadline], str]) -> None:
    """Let the app of a portal say where a deadline opens for ``audience``."""
    EVENT_URLS[audience] = resolver


def _reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _default_path(deadline: Deadline, audience: str) -> str:
    label, pk = deadline.target or ("", None)
    if audience == Audience.MEMBER:
        if label == "audits.audit":
            return _reverse("member:audit_detail", pk)
        return _reverse("member:home")
    if audience == Audience.AUDITOR:
        audit_id = getattr(deadline.subject, "audit_id", None)
        if label == "audits.audit":
            audit_id = pk
        return _reverse("auditor:audit_detail", audit_id) if audit_id else _reverse(
            "auditor:home")
    if audience == Audience.DIRECTOR and deadline.member_id:
        return _reverse("director:member", deadline.member_id)
    if audience == Audience.BOARD:
        return _reverse("board:home")
    if deadline.member_id:
        return _reverse("bureau:member_detail", deadline.member_id)
    return _reverse(f"{audience}:home")


def event_path(deadline: Deadline, audience: str) -> str:
    """The page of ``deadline``'s object in ``audience``'s portal."""
    resolver = EVENT_URLS.get(audience)
    return (resolver(deadline) if resolver else "") or _default_path(deadline, audience)


def _modified(deadline: Deadline) -> dt.datetime | None:
    subject = deadline.subject
    return getattr(subject, "updated_at", None) or getattr(subject, "created_at", None)


# --- what each role sees ----------------------------------------------------------------------

def _entry(deadline: Deadline, *, with_member: bool, audience: str) -> CalendarEntry:
    title = deadline.title
    if with_member and deadline.member_name and deadline.member_name not in title:
        title = f"{title} – {deadline.member_name}"
    return CalendarEntry(uid=deadline.uid, on=deadline.on, title=title,
                         rule_id=deadline.rule_id, description=deadline.detail,
                         until=deadline.until, path=event_path(deadline, audience),
                         modified=_modified(deadline))


def calendar_entries(*, user, today: dt.date) -> list[CalendarEntry]:
    """The deadlines ``user`` sees in its feed, read from the deadline registry by role (see
    the module docstring), each once, in date order, from 90 days back to two years ahead."""
    start, end = today - PAST, add_months(today, AHEAD_MONTHS)
    window = {"today": today, "due_from": start, "due_to": end}
    entries: list[CalendarEntry] = []
    staff = []
    if user.has_role(Role.BUREAU, Role.DIRECTOR):
        staff.append(Audience.BUREAU)
    if user.has_role(Role.DIRECTOR):
        staff.append(Audience.DIRECTOR)
    if user.has_role(Role.BOARD):
        staff.append(Audience.BOARD)
    if staff:
        entries += [_entry(d, with_member=True, audience=staff[0])
                    for d in open_deadlines(audience=staff, **window)]
    auditor = getattr(user, "auditor", None) if user.has_role(Role.AUDITOR) else None
    if auditor is not None and auditor.active:  # R-A1: only the own body's deadlines
        entries += [_entry(d, with_member=True, audience=Audience.AUDITOR)
                    for d in open_deadlines(audience=Audience.AUDITOR,
                                            body_id=auditor.body_id, **window)]
    if user.has_role(Role.MEMBER_CONTACT):
        contact = user.member_contacts.select_related("member").first()
        if contact is not None:
            entries += [_entry(d, with_member=False, audience=Audience.MEMBER)
                        for d in open_deadlines(audience=Audience.MEMBER,
                                                member=contact.member, **window)]
    unique = {entry.uid: entry for entry in entries if entry.on and start <= entry.on <= end}
    return sorted(unique.values(), key=lambda entry: (entry.on, entry.uid))


# --- the ICS document -------------------------------------------------------------------------

def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "keurmerk.invalid"


def summary(entry: CalendarEntry) -> str:
    """``R-F3: title``; a title that names its rule already (a flag's message) keeps it once."""
    if not entry.rule_id or entry.title.startswith(f"{entry.rule_id}:"):
        return entry.title
    return f"{entry.rule_id}: {entry.title}"


def calendar_ics(*, user, today: dt.date) -> bytes:
    """The user's feed as an iCalendar document (RFC 5545), in the user's language. The same
    deadlines give the same bytes: every stamp comes from the objects, none from the clock."""
    host = _host()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//NVVK//Keurmerk//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Keurmerk – termijnen van %(name)s") % {"name": user})
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for entry in calendar_entries(user=user, today=today):
            event = Event()
            event.add("uid", f"{entry.uid}@{host}")
            modified = (entry.modified or SEQUENCE_EPOCH).astimezone(dt.UTC).replace(
                microsecond=0)
            event.add("dtstamp", modified)
            if entry.modified:
                event.add("last-modified", modified)
            event.add("sequence", max(int((modified - SEQUENCE_EPOCH).total_seconds()), 0))
            event.add("dtstart", entry.on)
            last = entry.until if entry.until and entry.until >= entry.on else entry.on
            event.add("dtend", last + dt.timedelta(days=1))  # all-day: DTEND is exclusive
            event.add("summary", summary(entry))
            if entry.path:
                event.add("url", settings.SITE_URL + entry.path)
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

def _last_modified(token, etag: str) -> dt.datetime:
    """When this content was first served: kept with its ETag in the cache, so a deadline that
    disappears (no object date to show it) still moves Last-Modified forward."""
    key = f"calendar-feed:{token}"
    seen = cache.get(key)
    if seen and seen[0] == etag:
        return seen[1]
    now = timezone.now().replace(microsecond=0)
    cache.set(key, (etag, now), timeout=None)
    return now


@require_safe
def calendar_feed(request, token):
    """The ICS feed of the user whose token this is; anything else is 404. GET and HEAD, with
    an ETag and Last-Modified; a conditional request for unchanged content gets 304."""
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404(_("Onbekende agendakoppeling."))
    body = calendar_ics(user=user, today=amsterdam_today())
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    last_modified = _last_modified(token, etag)
    not_modified = get_conditional_response(request, etag=etag,
                                            last_modified=int(last_modified.timestamp()))
    if not_modified is not None:
        return not_modified
    response = HttpResponse(b"" if request.method == "HEAD" else body,
                            content_type="text/calendar; charset=utf-8")
    response["Content-Length"] = str(len(body))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
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
