"""The demo association that ``manage.py seed_demo`` builds (issue #2 item 8, issue #3).

Everything is created through the domain services (``<app>/services.py``), so the demo obeys
every rule of SPEC.md: a certificate exists because a director decided on an advised audit whose
report was reviewed by a second auditor, and so on. Only what no service creates is written
directly: the users and their roles (``core`` has no user service; the admin and
``createsuperuser`` create users the same way).

**History by walking a timeline.** Each organisation's story is a generator that yields the date
of its next step; :class:`~demo.timeline.Timeline` runs the steps of all stories in date order
and every service gets that date as ``today``. The services check dates against ``today`` (a
fieldwork cannot start before its planned day, an appeal must come within a month, …), so walking
in order is what makes the past possible. Running in date order also makes member numbers,
certificate numbers and complaint references count up in time. All dates are relative to today,
so the demo looks right on any day: "expires in five months" stays true.

**The clock.** While a past step runs, the process clock is moved to that day (09:00 and on,
Amsterdam) with ``time-machine`` when it is installed (development installs; not the production
image). The services' own timestamps — ``created_at``, the change history's date and the decision
record's ``decided_at`` (R-0.3 "when") — then show the day the step happened instead of the moment
the demo was built. Without ``time-machine`` the dates in the data are the same; only those
timestamps say "now".

**Idempotent.** The whole build runs in one transaction and is skipped when the demo is already
there (:func:`~demo.build.demo_exists`). Each run then runs the daily sweep for today
(``core.sweep``), which is idempotent on the same day and keeps a demo built weeks ago current
(expired certificates, R-M3 flags).

**No e-mail for the past.** The services queue an e-mail (and, for a certificate,
its PDF) after the commit of each event. The demo's events happened in the past, so the build
drops those after-commit callbacks; it renders the certificate PDFs of the members with a portal
login itself (:func:`~demo.build._certificate_pdfs`).

**Where it lives.** The demo uses every domain app, so it is an app of its own at the top of the
house (issue #10): nothing below imports it. The modules, by concept: :mod:`demo.specs` (the
cast: logins, staff, bodies, members and their generated particulars), :mod:`demo.timeline` (the
timeline, the clock and what the stories share), :mod:`demo.steps` (the building blocks: set-up,
evaluations, application, review, audit, admission, renewal), :mod:`demo.stories` (one story per
kind of organisation, and the complaints) and :mod:`demo.build` (the entry points). The command
is ``demo/management/commands/seed_demo.py``; the guard that keeps the demo out of production
(and the demo password) stays in ``core.demo_guard``, which production runs.
"""
