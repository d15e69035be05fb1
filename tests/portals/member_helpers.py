"""Helpers for the public register and member portal tests: a pinned day, certificates and
suspensions in a given state, file contents and query counting. The named people come from
tests/conftest.py (xena is the contact of member X, yuri of member Y)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditState
from certificates.models import Certificate
from core.documents import document_store
from suspensions.models import Publication
from tests.factories import AuditFactory, CertificateFactory, ContactFactory, MemberFactory
from tests.suspensions.factories import HearingFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 3, 10)

# A small but real PDF (libmagic reads the type from the content).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def travel(day: dt.date = TODAY):
    """Pin ``core.dates.today()`` to ``day`` (noon in Amsterdam)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=AMSTERDAM),
                               tick=False)


def certify(member, *, body, number, valid_from=dt.date(2024, 6, 1),
            valid_until=dt.date(2027, 5, 31), **fields) -> Certificate:
    """A certificate of ``member`` issued by ``body`` on a decided audit."""
    audit = AuditFactory(member=member, body=body, state=AuditState.DECIDED)
    certificate = CertificateFactory(number=number, audit=audit, valid_from=valid_from,
                                     valid_until=valid_until,
                                     decided_on=valid_from - dt.timedelta(days=10), **fields)
    certificate.scope.set(member.scope.all())
    return certificate


def suspend_directly(member, *, by, publication=Publication.NONE, starts_on=dt.date(2026, 3, 1),
                     notified_on=None, months=2):
    """Member ``member`` suspended (state and suspension written directly, as test data)."""
    from suspensions.deadlines import suspension_end
    from suspensions.models import Suspension

    hearing = HearingFactory(member=member, summoned_by=by,
                             summoned_on=starts_on - dt.timedelta(days=20),
                             hearing_on=starts_on - dt.timedelta(days=6))
    put_in_state(member, "suspended")
    return Suspension.objects.create(
        member=member, hearing=hearing, starts_on=starts_on, months=months,
        ends_on=suspension_end(starts_on, months), notified_on=notified_on or starts_on,
        publication=publication)


def put_in_state(obj, state):
    """Test data: put ``obj`` in ``state`` directly (the FSM field is protected; services are
    tested in their own apps)."""
    type(obj).objects.filter(pk=obj.pk).update(state=state)
    obj.refresh_from_db()
    return obj


def many_members(count, *, body, prefix="Lid", start=0):
    """``count`` certified members, each with a contact person (whose data must stay off the
    public pages)."""
    members = []
    for n in range(start, start + count):
        member = MemberFactory(name=f"{prefix} {n:02d}", city=f"Plaats {n:02d}")
        ContactFactory(member=member, name=f"Contact Persoon {n:02d}",
                       email=f"{prefix.lower()}{n:02d}@lid.example", phone=f"06-1234{n:04d}")
        certify(member, body=body, number=f"NVVK-2024-{n + 100:04d}")
        members.append(member)
    return members


def store_document(member, *, title, by, name="stuk.pdf"):
    return document_store(content=PDF, name=name, mime_type="application/pdf", actor=by,
                          member=member, title=title)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
