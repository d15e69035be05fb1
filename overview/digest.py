"""The daily digest of the work inbox (issue #11): one e-mail a day per staff member who has
not opted out (``User.daily_digest``) and has work waiting: the open flags assigned to them,
and how many of their team's flags are unassigned or overdue. Queued through the outbox from
the daily sweep (registered in ``OverviewConfig.ready()``, the top floor, so it runs after
every app's sweep has raised its flags); the key ``inbox-digest:<user>:<date>`` sends it once
a day however often the sweep runs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from core.inbox import AUDIENCE_ROLES, team_audiences
from core.models import Flag, User
from notifications.services import notification_queue

TEMPLATE = "inbox-digest"


def _due(flag: Flag) -> dt.date:
    return flag.due_on or flag.raised_on


def digest_recipients():
    """Active staff who work flags and want the digest."""
    roles = {role for roles in AUDIENCE_ROLES.values() for role in roles}
    return (User.objects.filter(is_active=True, daily_digest=True, roles__role__in=roles)
            .exclude(email="").distinct().prefetch_related("roles").order_by("email"))


def inbox_digest_sweep(*, today: dt.date) -> dict[str, int]:
    """Queue today's digest for each recipient with work waiting; returns how many."""
    flags = list(Flag.objects.awake(today).select_related("member", "assignee"))
    inbox_url = settings.SITE_URL.rstrip("/") + reverse("bureau:inbox")
    queued = 0
    for user in digest_recipients():
        user._role_cache = frozenset(role.role for role in user.roles.all())
        audiences = set(team_audiences(user))
        mine = sorted((f for f in flags if f.assignee_id == user.pk), key=_due)
        team = [f for f in flags if f.audience in audiences]
        unassigned = sum(1 for f in team if f.assignee_id is None)
        overdue = sum(1 for f in team if _due(f) < today)
        if not (mine or unassigned or overdue):
            continue
        with transaction.atomic():
            notification_queue(
                template=TEMPLATE, to=user, key=f"inbox-digest:{user.pk}:{today.isoformat()}",
                context={"flags": mine, "unassigned": unassigned, "overdue": overdue,
                         "today": today, "inbox_url": inbox_url})
        queued += 1
    return {"inbox_digests": queued}
