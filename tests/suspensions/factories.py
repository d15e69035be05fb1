"""Factories and helpers for suspension tests (R-S1 … R-S7)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from core.models import Role
from findings.models import Advice, AdviceKind
from suspensions.models import Hearing, Publication, SummonsMethod
from suspensions.services import suspension_decide
from tests.factories import AuditFactory, UserFactory


class HearingFactory(DjangoModelFactory):
    """A summons of 5 January 2026 by registered letter for a hearing on 19 January 2026,
    held that day (R-S1)."""

    class Meta:
        model = Hearing

    summoned_on = dt.date(2026, 1, 5)
    method = SummonsMethod.LETTER
    hearing_on = dt.date(2026, 1, 19)
    held_on = factory.SelfAttribute("hearing_on")
    member_statement = "Het lid verwacht de heraudit binnen twee maanden af te ronden."
    summoned_by = factory.SubFactory(UserFactory, roles=[Role.DIRECTOR])


def suspend(member, *, by, starts_on=dt.date(2026, 1, 31), months=3, notified_on=None,
            publication=Publication.NONE):
    """Suspend ``member`` through the service after a hearing held twelve days before
    ``starts_on``; the decision is taken and notified on ``starts_on``."""
    hearing = HearingFactory(member=member, summoned_on=starts_on - dt.timedelta(days=26),
                             hearing_on=starts_on - dt.timedelta(days=12))
    return suspension_decide(
        member=member, hearing=hearing, starts_on=starts_on, months=months,
        notified_on=notified_on or starts_on, publication=publication, actor=by,
        motivation="Geen geldig certificaat sinds 1 december 2025 (R-M3).", today=starts_on,
    )


def re_audit_with_advice(member, *, body, kind=AdviceKind.POSITIVE, given_on, by,
                         audit_kind="re_audit"):
    """A re-audit during the suspension (R-S6) with the body's advice on it (R-F7)."""
    audit = AuditFactory(member=member, body=body, kind=audit_kind)
    conditions = "Dossiervorming binnen drie maanden verbeteren." if kind == "conditional" else ""
    Advice.objects.create(audit=audit, kind=kind, conditions=conditions,
                          motivation="Heraudit afgerond.", given_on=given_on, given_by=by)
    return audit
