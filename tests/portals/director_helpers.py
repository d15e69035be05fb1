"""Helpers for the tests of the directeur's desk, the Bestuur's pages and the kernteam's pages
(plain functions; the named people come from tests/conftest.py): a pinned day, the objects
awaiting a decision, and a query counter for list pages."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditKind, AuditState, ReportVersion
from certificates.models import Postponement
from core.flags import flag_raise
from core.models import FlagAudience
from members.models import Admission, MemberState
from suspensions.deadlines import board_deadline
from suspensions.models import Appeal, AppealSubject, Hearing, SummonsMethod
from tests.audits.factories import add_advice, add_report
from tests.certificates.factories import advised_audit
from tests.factories import AuditFactory, CertificateFactory, MemberFactory
from tests.suspensions.factories import suspend

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def travel(day: dt.date):
    """Pin ``core.dates.today()`` to ``day`` (noon in Amsterdam)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=AMSTERDAM),
                               tick=False)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def text_of(response) -> str:
    return response.content.decode()


def advised_with_report(member, *, body, by, kind=AuditKind.RECERTIFICATION,
                        advice="positive", conditions="", fieldwork=dt.date(2026, 3, 2)):
    """An audit in step *advies aan NVVK* with its definitive report and the body's advice."""
    audit = advised_audit(member=member, fieldwork=fieldwork, kind=kind, body=body,
                          advice=advice, conditions=conditions)
    add_report(audit, version=ReportVersion.DEFINITIVE, by=by)
    return audit


def admission_case(*, body, by, name="Aanvrager Z", qt_advice="", audit_advice="positive",
                   audit_state=AuditState.DEFINITIVE):
    """An applicant in the admission audit whose definitive report is in (R-M1 step 2); with
    ``qt_advice`` the kernteam has advised; with ``audit_advice`` the body has."""
    member = MemberFactory(name=name, state=MemberState.ADMISSION_AUDIT, member_since=None)
    Admission.objects.create(
        member=member, submitted_on=dt.date(2026, 1, 5),
        conditions_accepted_on=dt.date(2026, 1, 5), checked_on=dt.date(2026, 1, 12),
        meets_conditions=True, contacted_on=dt.date(2026, 1, 13),
        quality_team_advice=qt_advice, quality_team_advice_text="Past bij de vereniging."
        if qt_advice else "",
        quality_team_advised_on=dt.date(2026, 4, 27) if qt_advice else None)
    audit = AuditFactory(member=member, body=body, kind=AuditKind.ADMISSION, state=audit_state)
    add_report(audit, version=ReportVersion.DEFINITIVE, by=by)
    if audit_advice:
        add_advice(audit, kind=audit_advice, by=by)
    return member


def hearing_for(member, *, by, summoned_on=dt.date(2026, 1, 5),
                hearing_on=dt.date(2026, 1, 19), held=False, statement="Wij werken eraan."):
    """A summons (R-S1), optionally with the hearing recorded as held on ``hearing_on``."""
    return Hearing.objects.create(
        member=member, summoned_on=summoned_on, method=SummonsMethod.LETTER,
        hearing_on=hearing_on, held_on=hearing_on if held else None,
        member_statement=statement if held else "", summoned_by=by)


def suspended(member, *, by, starts_on=dt.date(2026, 1, 31), months=3):
    """``member`` suspended through the service: 31 January 2026 up to and including
    30 April 2026 by default."""
    return suspend(member, by=by, starts_on=starts_on, months=months)


def pending_appeal(suspension, *, by, announced_on=None, subject=AppealSubject.SUSPENSION):
    """A pending appeal against the suspension (R-S3), announced ten days after notice."""
    announced_on = announced_on or suspension.notified_on + dt.timedelta(days=10)
    return Appeal.objects.create(
        suspension=suspension, subject=subject, announced_on=announced_on,
        decision_notified_on=suspension.notified_on,
        motivation="Het lid betwist dat het geen certificaat had.", filed_by=by,
        board_deadline=board_deadline(announced_on))


def postponement_for(certificate, *, by, months=4, requested_on=dt.date(2026, 4, 1)):
    return Postponement.objects.create(
        certificate=certificate, requested_on=requested_on, requested_by=by, months=months,
        reason="Wisseling van de directie; de audit is niet eerder in te plannen.")


def certificate_for(member, *, body, valid_from=dt.date(2023, 6, 1),
                    valid_until=dt.date(2026, 5, 31), **fields):
    return CertificateFactory(audit__member=member, audit__body=body, valid_from=valid_from,
                              valid_until=valid_until, **fields)


def director_flag(member, *, key, rule_id="R-M3", message="R-M3: pauzeren of schorsen?",
                  today=dt.date(2026, 3, 1), subject=None):
    flag, _created = flag_raise(key=key, rule_id=rule_id, audience=FlagAudience.DIRECTOR,
                                message=message, today=today, member=member,
                                subject=subject or member)
    return flag


def set_state(obj, state):
    """Put ``obj`` in ``state`` for a test's starting point (the protected FSM field is set
    in the database, as the factories would build it)."""
    type(obj).objects.filter(pk=obj.pk).update(state=state)
    obj.refresh_from_db()
    return obj
