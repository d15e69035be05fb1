"""Factories for findings tests: plans and investigations in a given state, built directly.
Tests of a transition go through ``findings.services``."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from findings.models import AdditionalInvestigation, PlanOfApproach, PlanState
from tests.factories import FindingFactory, UserFactory


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = PlanOfApproach

    finding = factory.SubFactory(FindingFactory)
    state = PlanState.SUBMITTED
    text = "Wij vullen de dossiers aan en controleren maandelijks."
    submitted_on = dt.date(2026, 3, 1)
    submitted_by = factory.SubFactory(UserFactory)


class InvestigationFactory(DjangoModelFactory):
    class Meta:
        model = AdditionalInvestigation

    finding = factory.SubFactory(FindingFactory)
    rule_id = "R-F4"
    ordered_on = dt.date(2026, 2, 2)
    due_on = dt.date(2026, 7, 31)
    ordered_by = factory.SubFactory(UserFactory)
