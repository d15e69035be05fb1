"""Helpers for complaint tests (R-K1 … R-K4)."""

import datetime as dt

from complaints.services import complaint_register
from core.dates import AMSTERDAM


def at(year, month, day, hour=10, minute=0):
    """An aware moment in Europe/Amsterdam."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def register(*, by, received_at=None, channel="email", member=None, body=None, **extra):
    """Register a complaint through the service: about ``member`` when given, else about
    ``body``. Received on Friday 6 March 2026 at 10:00 unless told otherwise."""
    received_at = received_at or at(2026, 3, 6)
    kwargs = dict(
        received_at=received_at, channel=channel,
        subject_kind="member" if member is not None else "body", member=member, body=body,
        complainant_name="Karel Klager", complainant_email="karel@klager.example",
        complainant_phone="06-12345678",
        content="Mijn schuldhulpverlener reageert al weken niet op mijn mails.",
        actor=by, today=received_at.astimezone(AMSTERDAM).date(),
    )
    kwargs.update(extra)
    return complaint_register(**kwargs)
