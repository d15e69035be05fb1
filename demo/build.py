"""The entry points of the demo (see :mod:`demo`): :func:`build_demo` builds it once and runs
today's sweep; :func:`other_logins` lists the logins beyond one per role."""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from certificates.selectors import valid_certificate
from core import dates
from core.demo_guard import DEMO_EMAIL_SUFFIX, DEMO_TOTP_SECRET, require_demo_allowed
from core.mfa import has_second_factor, second_factor_required, totp_enrol
from core.models import User
from core.sweep import sweep_deadlines
from demo.specs import BODIES, MARKER_MEMBER, MEMBERS, Login, _profiles
from demo.steps import _evaluations, _setup
from demo.stories import STORIES, story_complaints
from demo.timeline import Demo, Timeline
from members.models import Member


def _certificate_pdfs(demo: Demo) -> None:
    """R-Z7: the PDF of each valid certificate of a member whose contact can log in, so the
    member portal offers it. (Rendering all of them would double the build time; the others
    show none, as a certificate whose document task has not run yet.)"""
    # WeasyPrint reports each step (also of parsing its own stylesheets on import) at INFO;
    # keep the output of ``make run`` to the logins.
    progress = logging.getLogger("weasyprint.progress")
    level = progress.level
    progress.setLevel(logging.WARNING)
    try:
        from certificates.pdf import certificate_store_pdf  # WeasyPrint: only when needed

        for spec in MEMBERS:
            if not spec.login or spec.name not in demo.member_pks:
                continue
            certificate = valid_certificate(member=demo.member(spec.name), today=demo.today)
            if certificate is not None:
                certificate_store_pdf(certificate=certificate)
    finally:
        progress.setLevel(level)


# --- entry points -------------------------------------------------------------------------------


def _inbox_work(today: dt.date) -> None:
    """Issue #11: give the work inbox something to show: the bureau's first open flags
    assigned (one with a comment), one put aside until next week."""
    from core.inbox import flag_assign, flag_comment, flag_snooze
    from core.models import Flag, FlagAudience, User

    bea = User.objects.filter(email="bureau@nvvk.example").first()
    if bea is None:
        return
    flags = list(Flag.objects.open().filter(audience=FlagAudience.BUREAU).order_by("pk")[:3])
    for index, flag in enumerate(flags):
        if index < 2:
            flag_assign(flag=flag, assignee=bea, actor=bea)
        if index == 0:
            flag_comment(flag=flag, text="Gebeld, het lid belt deze week terug.", actor=bea)
        if index == 2:
            flag_snooze(flag=flag, until=today + dt.timedelta(days=7),
                        reason="Wacht op stukken van het lid.", actor=bea, today=today)


def demo_exists() -> bool:
    """The demo was built. The build is one transaction, so its last application (made three
    days before the build) being there means all of it is; looking for it by name (a natural
    key) also keeps a second build from duplicating the members when the marker login
    ``beheer@nvvk.example`` was deleted or renamed since."""
    return Member.objects.filter(name=MARKER_MEMBER).exists()


@dataclass
class BuildReport:
    built: bool
    steps: int = 0
    members_by_state: dict[str, int] = field(default_factory=dict)
    sweep: dict = field(default_factory=dict)


def build_demo(*, today: dt.date | None = None) -> BuildReport:
    """Build the demo association (once) and run today's sweep. See :mod:`demo`."""
    require_demo_allowed()  # issue #17: never outside local or test settings
    today = today or dates.today()
    built = False
    steps = 0
    if not demo_exists():
        with transaction.atomic():
            connection = transaction.get_connection()
            hooks_before = len(connection.run_on_commit)
            demo = Demo(today)
            timeline = Timeline(today)
            timeline.add("setup", _setup(demo))
            timeline.add("evaluations", _evaluations(demo))
            for spec in MEMBERS:
                timeline.add(spec.name, STORIES[spec.story](demo, spec))
            timeline.add("complaints", story_complaints(demo))
            timeline.run()
            steps = timeline.steps
            # The demo's history happened in the past: the e-mails and documents that the
            # services queue for each event after the commit (``<app>/emails.py``, issue #5)
            # belong to those days and are not sent now.
            del connection.run_on_commit[hooks_before:]
            _certificate_pdfs(demo)
        built = True
    demo_second_factors()
    sweep = sweep_deadlines(today)
    if built:
        _inbox_work(today)
    states = Counter(Member.objects.filter(name__in=[spec.name for spec in MEMBERS])
                     .values_list("state", flat=True))
    return BuildReport(built=built, steps=steps, members_by_state=dict(sorted(states.items())),
                       sweep=sweep)


def demo_second_factors() -> int:
    """Issue #8: every demo login that needs a second factor (core.mfa) gets an authenticator
    app with the published secret ``DEMO_TOTP_SECRET``, so a newcomer is not locked out;
    idempotent. Returns how many were enrolled now."""
    enrolled = 0
    for user in User.objects.filter(email__iendswith=DEMO_EMAIL_SUFFIX, is_active=True):
        if second_factor_required(user) and not has_second_factor(user):
            totp_enrol(user, secret=DEMO_TOTP_SECRET)
            enrolled += 1
    return enrolled


def other_logins() -> list[Login]:
    """Every further demo login: the other auditors and the member contacts with a login."""
    logins = [Login(f"Auditor ({spec.name})", f"{local}@{spec.domain}")
              for spec in BODIES for local, _name in spec.auditors]
    logins = [login for login in logins if login.email != "auditor@alfa-certificering.example"]
    profiles = _profiles(random.Random(2026))
    logins += [Login(f"Contactpersoon ({spec.name})", profiles[spec.name].contact_email)
               for spec in MEMBERS if spec.login and spec.name != "Schuldhulp Zwolle"]
    return logins
