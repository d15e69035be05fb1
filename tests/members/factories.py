"""Factories for members tests: an admission at a given step, current core data."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from audits.models import AuditKind, AuditState, ReportVersion
from members.models import Admission, AdmissionAdvice, CoreData, MemberState
from tests.audits.factories import add_advice, add_report
from tests.factories import AuditFactory, MemberFactory


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


def applicant_in(state, **admission):
    """A member in ``state`` with an admission (R-M1)."""
    member = MemberFactory(state=state, member_since=None)
    AdmissionFactory(member=member, **admission)
    return member


def reported_admission_audit(member, *, body, by, advice=None):
    """An admission audit with its definitive report sent to NVVK (R-M1 step 2)."""
    audit = AuditFactory(member=member, body=body, kind=AuditKind.ADMISSION,
                         state=AuditState.DEFINITIVE)
    add_report(audit, version=ReportVersion.DEFINITIVE, by=by)
    if advice:
        add_advice(audit, kind=advice, by=by)
    return audit


def ready_for_admission(*, body, by, advice="positive"):
    """An applicant with the kernteam's advice and an advised admission audit (R-M1 step 3)."""
    member = applicant_in(MemberState.ADMISSION_AUDIT, checked=True,
                          quality_team_advice=AdmissionAdvice.POSITIVE,
                          quality_team_advised_on=dt.date(2026, 4, 27))
    reported_admission_audit(member, body=body, by=by, advice=advice)
    return member
