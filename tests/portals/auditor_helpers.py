"""Helpers for the auditor portal tests (plain functions; the named people come from
tests/conftest.py): a pinned day, audits of a body in a given step, and file contents."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditKind
from tests.factories import AuditFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2026, 3, 10)

# A small but real PDF (libmagic reads the type from the content).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
# The first bytes of a PNG image: whatever its name, it is no PDF.
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def travel(day: dt.date = TODAY):
    """Pin ``core.dates.today()`` to ``day`` (noon in Amsterdam)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=AMSTERDAM),
                               tick=False)


def audit_in(state, *, member, body, lead=None, second=None, **fields):
    """An audit of ``member`` by ``body`` in ``state`` (built directly, as the factories do)."""
    fields.setdefault("kind", AuditKind.RECERTIFICATION)
    return AuditFactory(member=member, body=body, state=state, lead_auditor=lead,
                        second_auditor=second, **fields)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
