"""Failed logins, counted per account and per client address (issue #17).

django-axes stays the plumbing (its authentication backend refuses a locked login before the
password is checked, its middleware turns a refusal into our lockout page) and this module is
its handler (``AXES_HANDLER``): the policy. Axes' own database handler counts every parameter in
one cool-off window and, on a successful login, deletes every failure from the same address, so
an attacker could reset the count on a victim's account by logging into an account of their
own. Here:

* every failure counts against the account (the e-mail address typed, whether or not it
  exists, so the page says nothing about which accounts exist) and against the client address;
* reaching ``LOGIN_ACCOUNT_FAILURE_LIMIT`` failures on one account, from any mix of addresses,
  or ``LOGIN_ADDRESS_FAILURE_LIMIT`` from one address, starts a cool-off for that key only;
* the cool-off grows with each lockout in a row (``LOGIN_COOLOFF_MINUTES``, doubled each time)
  up to ``LOGIN_COOLOFF_MAX_MINUTES``: never permanent, so an attacker cannot shut a person out
  for long; attempts during a cool-off are refused without counting and never extend it;
* failures older than ``LOGIN_FAILURE_WINDOW_MINUTES`` are forgotten, and the lockouts in a row a
  day after the last one ended;
* a successful login clears its own account's failures only: never another account's, never
  the address's; :func:`login_throttle_clear` ends an account's cool-off (a completed password
  reset, or the bureau in ``/admin/``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from axes.handlers.base import AbstractAxesHandler, AxesBaseHandler
from django.conf import settings
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from .models import LoginThrottle

log = logging.getLogger(__name__)

#: A run of lockouts is forgotten this long after the last cool-off ended.
LOCKOUT_MEMORY = dt.timedelta(days=1)


def cooloff_for(lockouts: int) -> dt.timedelta:
    """The cool-off of the ``lockouts``-th lockout in a row: the base doubled for each earlier
    one, never more than the cap."""
    base = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    cap = dt.timedelta(minutes=settings.LOGIN_COOLOFF_MAX_MINUTES)
    return min(base * 2 ** max(lockouts - 1, 0), cap)


def failure_limit(kind: str) -> int:
    if kind == LoginThrottle.Kind.ACCOUNT:
        return settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT


def normalize_account(username: str | None) -> str:
    return (username or "").strip().lower()


#: The names an account arrives under: allauth authenticates with ``email``, Django's own
#: authentication form with ``username``, and a posted allauth login form carries ``login``.
ACCOUNT_FIELDS = ("email", "username", "login")


def account_from_request(request, credentials=None) -> str:
    """``AXES_USERNAME_CALLABLE``: the account a login attempt is about (issue #8: the allauth
    login form posts ``login`` and authenticates with ``email``)."""
    for source in (credentials or {}, getattr(request, "POST", None) or {}):
        for field in ACCOUNT_FIELDS:
            value = source.get(field)
            if isinstance(value, str) and value.strip():
                return normalize_account(value)
    return ""


@dataclass(frozen=True)
class Lock:
    """An active cool-off, as the lockout page shows it."""

    kind: str
    key: str
    until: dt.datetime

    @property
    def is_account(self) -> bool:
        return self.kind == LoginThrottle.Kind.ACCOUNT


def _keys(request, credentials) -> list[tuple[str, str]]:
    keys = []
    account = account_from_request(request, credentials)
    if account:
        keys.append((LoginThrottle.Kind.ACCOUNT, account[:254]))
    address = getattr(request, "axes_ip_address", None)
    if address:
        keys.append((LoginThrottle.Kind.ADDRESS, address))
    return keys


def active_locks(request, credentials, *, now: dt.datetime | None = None) -> list[Lock]:
    """The cool-offs that refuse this login attempt now (account first, then address)."""
    now = now or timezone.now()
    keys = _keys(request, credentials)
    if not keys:
        return []
    locks = []
    for kind, key in keys:
        row = LoginThrottle.objects.filter(kind=kind, key=key, locked_until__gt=now).first()
        if row:
            locks.append(Lock(kind=row.kind, key=row.key, until=row.locked_until))
    return locks


def _count_failure(kind: str, key: str, now: dt.datetime) -> Lock | None:
    """Count one failure for ``key``; start a cool-off when it reaches the limit."""
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(kind=kind, key=key)
    window = dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    if row.last_failure_at and now - row.last_failure_at > window:
        row.failures = 0
    if row.locked_until and now - row.locked_until > LOCKOUT_MEMORY:
        row.lockouts = 0
    row.failures += 1
    row.last_failure_at = now
    lock = None
    if row.failures >= failure_limit(kind):
        row.lockouts += 1
        row.locked_until = now + cooloff_for(row.lockouts)
        row.failures = 0
        lock = Lock(kind=kind, key=key, until=row.locked_until)
        log.warning("Login cool-off for %s %s until %s (lockout %d in a row)",
                    kind, key, row.locked_until.isoformat(), row.lockouts)
    row.save()
    return lock


def login_throttle_clear(*, email: str) -> None:
    """End the cool-off and forget the failures of one account (after a completed password
    reset, or when the bureau lifts it). The address counts stay."""
    LoginThrottle.objects.filter(
        kind=LoginThrottle.Kind.ACCOUNT, key=normalize_account(email),
    ).update(failures=0, last_failure_at=None, locked_until=None, lockouts=0)


class LoginThrottleHandler(AxesBaseHandler, AbstractAxesHandler):
    """``AXES_HANDLER``: the policy above behind django-axes' backend and middleware."""

    def is_locked(self, request, credentials=None) -> bool:
        return bool(active_locks(request, credentials))

    def get_failures(self, request, credentials=None) -> int:
        counts = LoginThrottle.objects.filter(
            key__in=[key for _, key in _keys(request, credentials)]).values_list(
            "failures", flat=True)
        return max(counts, default=0)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None:  # authenticate() without a request: nothing to count against
            return
        now = timezone.now()
        locks = active_locks(request, credentials, now=now)
        if not locks:
            with transaction.atomic():
                locks = [lock for kind, key in _keys(request, credentials)
                         if (lock := _count_failure(kind, key, now))]
        if locks:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.login_locks = locks

    def user_logged_in(self, sender, request, user, **kwargs):
        """A success clears this account's failures, and nothing else."""
        LoginThrottle.objects.filter(
            kind=LoginThrottle.Kind.ACCOUNT, key=normalize_account(user.get_username()),
        ).update(failures=0, last_failure_at=None)

    def user_logged_out(self, sender, request, user, **kwargs):
        return None


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the lockout page, in the interface language, saying what is
    locked (the account or the address) and until when; HTTP 429 with ``Retry-After``."""
    locks = getattr(request, "login_locks", None) or active_locks(request, credentials)
    until = max((lock.until for lock in locks), default=timezone.now())
    response = render(request, "registration/locked_out.html",
                      {"locks": locks, "until": until}, status=429)
    seconds = max(int((until - timezone.now()).total_seconds()), 0)
    response["Retry-After"] = str(seconds)
    return response


def prune_login_throttles(*, now: dt.datetime | None = None) -> int:
    """Delete the rows that no longer hold anything: no cool-off running or remembered and no
    failure inside the window. Run daily (``core.tasks``)."""
    now = now or timezone.now()
    window = dt.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    stale = LoginThrottle.objects.exclude(locked_until__gt=now - LOCKOUT_MEMORY).exclude(
        last_failure_at__gt=now - window)
    deleted, _ = stale.delete()
    return deleted
