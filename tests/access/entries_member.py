"""Access entries for the member portal (SPEC §1, R-A1): a member contact sees only its own
organisation. Pages without an object are for every member contact (xena and yuri each see
their own member); object pages are xena's (member X) and give 404 for member Y's object.
The application and the invitation are for everyone, also without an account.

The world has no suspension; :func:`suspension_of` adds one (with its hearing) to a member."""

import datetime as dt

from suspensions.models import Hearing, SummonsMethod, Suspension
from tests.access.matrix import EVERYONE, Entry

CONTACTS = frozenset({"xena", "yuri"})
XENA = frozenset({"xena"})


def suspension_of(world, member):
    """A suspension of ``member`` notified today (created once per world and member)."""
    cache = world.__dict__.setdefault("_suspensions", {})
    if member.pk not in cache:
        today = dt.date.today()
        hearing = Hearing.objects.create(
            member=member, summoned_on=today - dt.timedelta(days=20),
            method=SummonsMethod.LETTER, hearing_on=today - dt.timedelta(days=5),
            held_on=today - dt.timedelta(days=5), summoned_by=world.users["bea"])
        cache[member.pk] = Suspension.objects.create(
            member=member, hearing=hearing, starts_on=today, months=2,
            ends_on=today + dt.timedelta(days=60), notified_on=today)
    return cache[member.pk]


def four_year(certificate):
    """``certificate`` as a four-year certificate that owes its SWN report (R-Z2)."""
    if not certificate.four_years_swn:
        certificate.four_years_swn = True
        certificate.swn_report_due_on = certificate.valid_from + dt.timedelta(days=730)
        certificate.save(update_fields=["four_years_swn", "swn_report_due_on"])
    return {"pk": certificate.pk}


def _audit(audit_attr):
    return lambda world: {"pk": getattr(world, audit_attr).pk}


def _object(allowed_kwargs, foreign_kwargs):
    return Entry(allowed=XENA, kwargs=allowed_kwargs, foreign={"xena": foreign_kwargs})


ENTRIES = {
    "member:home": Entry(allowed=CONTACTS),
    "member:core_data": Entry(allowed=CONTACTS),
    "member:scope": Entry(allowed=CONTACTS),
    "member:contacts": Entry(allowed=CONTACTS),
    "member:resign": Entry(allowed=CONTACTS),
    "member:documents": Entry(allowed=CONTACTS),
    "member:audits": Entry(allowed=CONTACTS),
    "member:combined_audit_request": Entry(allowed=CONTACTS),
    "member:audit_detail": _object(_audit("audit_x"), _audit("audit_y")),
    "member:self_assessment": _object(_audit("audit_x"), _audit("audit_y")),
    "member:audit_evaluation": _object(_audit("audit_x"), _audit("audit_y")),
    "member:audit_summary_pdf": _object(_audit("audit_x"), _audit("audit_y")),
    "member:plans": Entry(allowed=CONTACTS),
    "member:plan_submit": _object(lambda world: {"pk": world.finding_x.pk},
                                  lambda world: {"pk": world.finding_y.pk}),
    "member:certificate": Entry(allowed=CONTACTS),
    "member:postponement_request": Entry(allowed=CONTACTS),
    "member:swn_report": _object(lambda world: four_year(world.certificate_x),
                                 lambda world: four_year(world.certificate_y)),
    "member:appeals": Entry(allowed=CONTACTS),
    "member:appeal_file": _object(
        lambda world: {"pk": suspension_of(world, world.member_x).pk},
        lambda world: {"pk": suspension_of(world, world.member_y).pk}),
    "member:complaints": Entry(allowed=CONTACTS),
    "member:complaint_submit": Entry(allowed=CONTACTS),
    "member:apply": Entry(allowed=EVERYONE),
    "member:apply_done": Entry(allowed=EVERYONE),
    "member:invitation": Entry(allowed=EVERYONE,
                               kwargs=lambda world: {"uidb64": "MQ", "token": "ongeldig"}),
}

ENTRIES["member:choose_body"] = Entry(allowed=frozenset({"xena", "yuri"}))
