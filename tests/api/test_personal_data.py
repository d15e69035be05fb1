"""R-A2 (issue #12): no answer of the API and no open-data file holds personal data — no
contact person's name, e-mail or phone, no core-data contact, no user or auditor — neither for
the factory members nor for the whole demo association."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from audits.models import Auditor
from core.models import User
from members.models import Contact, CoreData, Member, MemberState
from tests.portals.member_helpers import certify, many_members, travel

pytestmark = pytest.mark.django_db


def _personal_values() -> set[str]:
    values = set()
    for name, email, phone in Contact.objects.values_list("name", "email", "phone"):
        values |= {name, email, phone}
    for person, email, phone in CoreData.objects.values_list("contact_person", "email", "phone"):
        values |= {person, email, phone}
    for full_name, email in User.objects.values_list("full_name", "email"):
        values |= {full_name, email}
    for name, email in Auditor.objects.values_list("name", "email"):
        values |= {name, email}
    return {v for v in values if v and len(v) >= 5}


def _public_answers(client) -> list[tuple[str, str]]:
    urls = ["/api/v1/members/?page_size=100", "/api/v1/certification-bodies/?page_size=100",
            "/register/open-data/ledenregister.csv", "/register/open-data/ledenregister.json",
            "/api/v1/schema/", "/api/", "/register/open-data/"]
    members = Member.objects.filter(state__in=[MemberState.MEMBER, MemberState.SUSPENDED])
    urls += [f"/api/v1/members/{m.pk}/" for m in members]
    for member in Member.objects.all():
        urls += [f"/api/v1/certificates/{c.number}/" for c in member.certificates.all()]
    answers = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        answers.append((url, response.content.decode()))
    return answers


def assert_no_personal_data(client):
    personal = _personal_values()
    assert personal
    for url, body in _public_answers(client):
        for value in personal:
            assert value not in body, (url, value)
            assert json.dumps(value)[1:-1] not in body, (url, value)


def test_r_a2_no_personal_data_of_the_factory_members(client, member_x, xena, yuri, body_a,
                                                      anna):
    """R-A2: contacts, core-data contacts, auditors and users stay out."""
    from tests.members.factories import CoreDataFactory

    CoreDataFactory(member=member_x, contact_person="Xena Contact", email="info@x.example",
                    phone="038-7654321")
    certify(member_x, body=body_a, number="NVVK-2024-0007")
    many_members(5, body=body_a)
    with travel():
        assert_no_personal_data(client)


def test_r_a2_no_personal_data_of_the_demo_association(client, django_db_blocker, tmp_path):
    """R-A2: the same over the whole demo association (``seed_demo``)."""
    with override_settings(MEDIA_ROOT=str(tmp_path)), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        assert Contact.objects.count() > 10
        assert_no_personal_data(client)
        transaction.set_rollback(True)
