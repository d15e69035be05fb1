"""Factories for certificate tests. The state the certificate services start from (an audit in
step *advies aan NVVK* with the body's advice) is built directly, never through the audits or
findings services, so these tests stand on their own."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from audits.models import AuditKind, AuditState
from certificates.models import Postponement
from core.models import Role
from findings.models import Advice, AdviceKind
from tests.factories import AuditFactory, CertificateFactory, UserFactory

__all__ = ["AdviceFactory", "CertificateFactory", "PostponementFactory", "advised_audit"]


class AdviceFactory(DjangoModelFactory):
    class Meta:
        model = Advice

    audit = factory.SubFactory(AuditFactory, state=AuditState.ADVISED)
    kind = AdviceKind.POSITIVE
    motivation = "De organisatie voldoet aan de normen van het Kwaliteitskader."
    given_on = factory.LazyAttribute(lambda o: o.audit.fieldwork_ends_on or dt.date(2026, 3, 20))
    given_by = factory.SubFactory(UserFactory, roles=[Role.AUDITOR])


class PostponementFactory(DjangoModelFactory):
    class Meta:
        model = Postponement

    certificate = factory.SubFactory(CertificateFactory)
    requested_on = dt.date(2026, 4, 1)
    requested_by = factory.SubFactory(UserFactory, roles=[Role.BUREAU])
    months = 3
    reason = "Wisseling van de directie; de audit is niet eerder in te plannen."


def advised_audit(*, member, fieldwork: dt.date, kind=AuditKind.RECERTIFICATION, body=None,
                  advice=AdviceKind.POSITIVE, conditions="", state=AuditState.ADVISED,
                  scope=None):
    """An audit of ``member`` with fieldwork on ``fieldwork`` (two days), in ``state``
    (default: advised) with the body's ``advice`` (``None`` for no advice)."""
    extra = {"body": body} if body is not None else {}
    audit = AuditFactory(member=member, kind=kind, state=state, fieldwork_starts_on=fieldwork,
                         fieldwork_ends_on=fieldwork + dt.timedelta(days=1), **extra)
    if scope is not None:
        audit.scope.set(scope)
    if advice is not None:
        AdviceFactory(audit=audit, kind=advice, conditions=conditions,
                      given_on=fieldwork + dt.timedelta(days=14))
    return audit
