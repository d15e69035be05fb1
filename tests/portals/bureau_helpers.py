"""Helpers for the tests of the bureau portal (/bureau/): a pinned day, the query counter that
proves a list page costs the same with 3 rows as with 30, and small builders of the objects the
bureau works on (built directly; the transitions are tested through the services)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates.models import Postponement
from complaints import deadlines as complaint_deadlines
from complaints.models import Channel, Complaint, ComplaintSubject
from core.dates import add_months
from suspensions.models import Hearing, SummonsMethod, Suspension

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def travel(day: dt.date):
    """Pin ``core.dates.today()`` (and ``timezone.now()``) to noon of ``day`` in Amsterdam."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=AMSTERDAM),
                               tick=False)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def assert_constant_queries(client, url, add_rows):
    """The list page ``url`` issues the same number of queries with 3 rows as with 30:
    ``add_rows(n)`` creates ``n`` more rows of what the page lists."""
    add_rows(3)
    client.get(url)  # warm the caches (content types, session)
    with_3 = count_queries(client, url)
    add_rows(27)
    with_30 = count_queries(client, url)
    assert with_3 == with_30, f"{url}: {with_3} queries with 3 rows, {with_30} with 30"
    return with_30


def text_of(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def complaint_about(*, member=None, body=None, received_on: dt.date, channel=Channel.EMAIL,
                    reference=None) -> Complaint:
    """A complaint received at 10:00 on ``received_on`` with its R-K2 deadlines."""
    received_at = dt.datetime.combine(received_on, dt.time(10), tzinfo=AMSTERDAM)
    number = Complaint.objects.count() + 1
    return Complaint.objects.create(
        reference=reference or f"K-{received_on.year}-{9000 + number:04d}",
        received_at=received_at, channel=channel,
        subject_kind=ComplaintSubject.MEMBER if member else ComplaintSubject.BODY,
        member=member, body=body, complainant_name="Karel Klager",
        complainant_email="karel@klager.example", content="Geen reactie op mijn mails.",
        acknowledge_by=complaint_deadlines.acknowledge_by(received_at),
        respond_by=complaint_deadlines.respond_by(received_on),
        resolve_by=complaint_deadlines.resolve_by(received_on))


def postponement_on(certificate, *, months: int, by, requested_on: dt.date) -> Postponement:
    return Postponement.objects.create(
        certificate=certificate, requested_on=requested_on, requested_by=by, months=months,
        reason="Wisseling van de directie; de audit is niet eerder in te plannen.")


def suspension_of(member, *, starts_on: dt.date, by, months: int = 3) -> Suspension:
    """An open suspension of ``member`` after a hearing held a week before (R-S1, R-S2)."""
    hearing = Hearing.objects.create(
        member=member, summoned_on=starts_on - dt.timedelta(days=21),
        method=SummonsMethod.LETTER, hearing_on=starts_on - dt.timedelta(days=7),
        held_on=starts_on - dt.timedelta(days=7), summoned_by=by)
    return Suspension.objects.create(
        member=member, hearing=hearing, starts_on=starts_on, months=months,
        ends_on=add_months(starts_on, months), notified_on=starts_on)
