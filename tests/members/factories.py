"""Factories for members tests: an admission at a given step, current core data."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from members.models import Admission, CoreData, MemberState
from tests.factories import MemberFactory


class AdmissionFactory(DjangoModelFactory):
    """An application submitted on 5 January 2026 with the conditions accepted (R-M1 step 1)."""

    class Meta:
        model = Admission

    member = factory.SubFactory(MemberFactory, state=MemberState.APPLICANT, member_since=None)
    submitted_on = dt.date(2026, 1, 5)
    conditions_accepted_on = dt.date(2026, 1, 5)
    motivation = "Wij willen lid worden."

    class Params:
        checked = factory.Trait(
            checked_on=dt.date(2026, 1, 12), meets_conditions=True,
            contacted_on=dt.date(2026, 1, 13), check_notes="In orde.",
        )


class CoreDataFactory(DjangoModelFactory):
    """Current kerngegevens (R-M6) of a member."""

    class Meta:
        model = CoreData

    member = factory.SubFactory(MemberFactory)
    name = factory.SelfAttribute("member.name")
    address = "Stationsplein 1, Zwolle"
    contact_person = "Xena Contact"
    email = "info@x.example"
    formation_fte = "12.50"
    executive_permanent_fte = "8.00"
    executive_permanent_count = 10
    locations = 2
