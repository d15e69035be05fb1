"""factory_boy factories shared by all tests. Objects in a given state are built directly
(``MemberFactory(state=MemberState.MEMBER)``); tests of a transition go through the service."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from audits.models import (
    Audit,
    AuditKind,
    Auditor,
    AuditState,
    CertificationBody,
    Contract,
    Norm,
)
from certificates.models import Certificate
from core.models import Role, User, UserRole
from findings.models import Finding, FindingKind
from members.models import Contact, Member, MemberState, ScopeItem


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("wachtwoord-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            UserRole.objects.get_or_create(user=self, role=role)
        self.__dict__.pop("_role_cache", None)


class CertificationBodyFactory(DjangoModelFactory):
    """A recognised body under contract from 2020 on (R-C1)."""

    class Meta:
        model = CertificationBody
        skip_postgeneration_save = True
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Certificering {n} B.V.")
    city = "Utrecht"
    recognised = True
    accredited = True

    @factory.post_generation
    def contract(self, create, extracted, **kwargs):
        if extracted is False or not create:
            return
        Contract.objects.get_or_create(body=self, starts_on=dt.date(2020, 1, 1),
                                       defaults={"ends_on": None})


class AuditorFactory(DjangoModelFactory):
    """An auditor with a signed confidentiality declaration (R-C3)."""

    class Meta:
        model = Auditor

    body = factory.SubFactory(CertificationBodyFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"auditor{n}@ci.example")
    confidentiality_signed_on = dt.date(2020, 1, 1)
    user = factory.SubFactory(UserFactory, roles=[Role.AUDITOR],
                              email=factory.SelfAttribute("..email"))


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Schuldhulp Organisatie {n}")
    city = "Amersfoort"
    website = "https://schuldhulp.example"
    state = MemberState.MEMBER
    member_since = dt.date(2015, 1, 1)

    @factory.post_generation
    def scope(self, create, extracted, **kwargs):
        if not create:
            return
        items = extracted if extracted is not None else ScopeItem.objects.filter(number__lte=3)
        self.scope.set(items)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    member = factory.SubFactory(MemberFactory)
    name = factory.Faker("name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"contact{n}@lid.example")
    phone = "030-1234567"
    function = "Teamleider"
    is_primary = True
    user = factory.SubFactory(UserFactory, roles=[Role.MEMBER_CONTACT],
                              email=factory.SelfAttribute("..email"))


class AuditFactory(DjangoModelFactory):
    class Meta:
        model = Audit

    member = factory.SubFactory(MemberFactory)
    body = factory.SubFactory(CertificationBodyFactory)
    kind = AuditKind.RECERTIFICATION
    state = AuditState.BODY_CHOSEN
    fieldwork_starts_on = dt.date(2026, 3, 2)
    fieldwork_ends_on = dt.date(2026, 3, 3)


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = Finding

    audit = factory.SubFactory(AuditFactory)
    member = factory.SelfAttribute("audit.member")
    norm = factory.LazyFunction(lambda: Norm.objects.get(code="4.11"))
    kind = FindingKind.NONCONFORMITY
    description = "Dossiers zijn niet volledig."
    recorded_on = dt.date(2026, 1, 31)
    kind_since = factory.SelfAttribute("recorded_on")
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.AUDITOR])


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"NVVK-2023-{n:04d}")
    audit = factory.SubFactory(AuditFactory, state=AuditState.DECIDED)
    member = factory.SelfAttribute("audit.member")
    body = factory.SelfAttribute("audit.body")
    valid_from = dt.date(2023, 6, 1)
    valid_until = dt.date(2026, 5, 31)
    decided_on = dt.date(2023, 5, 15)
