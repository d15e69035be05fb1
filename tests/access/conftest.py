"""The world the access matrix runs in: member X audited by CI A, member Y by CI B, each with
an audit, a finding, a plan of approach and a certificate."""

import datetime as dt
from types import SimpleNamespace

import pytest

from audits.models import AuditState
from findings.models import FindingKind, PlanOfApproach
from tests.factories import AuditFactory, CertificateFactory, FindingFactory


@pytest.fixture
def world(bea, dirk, bram, kim, anna, arie, bob, xena, yuri, member_x, member_y, body_a,
          body_b):
    audit_x = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                           lead_auditor=anna, second_auditor=arie)
    audit_y = AuditFactory(member=member_y, body=body_b, state=AuditState.FOLLOW_UP,
                           lead_auditor=bob)
    finding_x = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY,
                               recorded_by=anna.user, recorded_on=dt.date.today())
    finding_y = FindingFactory(audit=audit_y, kind=FindingKind.NONCONFORMITY,
                               recorded_by=bob.user, recorded_on=dt.date.today())
    plan_x = PlanOfApproach.objects.create(finding=finding_x, text="Plan X",
                                           submitted_on=dt.date.today(),
                                           submitted_by=xena.user)
    plan_y = PlanOfApproach.objects.create(finding=finding_y, text="Plan Y",
                                           submitted_on=dt.date.today(),
                                           submitted_by=yuri.user)
    old_x = AuditFactory(member=member_x, body=body_a, state=AuditState.DECIDED)
    old_y = AuditFactory(member=member_y, body=body_b, state=AuditState.DECIDED)
    today = dt.date.today()
    certificate_x = CertificateFactory(audit=old_x, valid_from=today - dt.timedelta(days=400),
                                       valid_until=today + dt.timedelta(days=600))
    certificate_y = CertificateFactory(audit=old_y, valid_from=today - dt.timedelta(days=400),
                                       valid_until=today + dt.timedelta(days=600))
    return SimpleNamespace(
        users={"bea": bea, "dirk": dirk, "bram": bram, "kim": kim, "anna": anna.user,
               "bob": bob.user, "xena": xena.user, "yuri": yuri.user},
        member_x=member_x, member_y=member_y, body_a=body_a, body_b=body_b,
        audit_x=audit_x, audit_y=audit_y, finding_x=finding_x, finding_y=finding_y,
        plan_x=plan_x, plan_y=plan_y, certificate_x=certificate_x,
        certificate_y=certificate_y, anna=anna, arie=arie, bob=bob, xena=xena, yuri=yuri,
    )
