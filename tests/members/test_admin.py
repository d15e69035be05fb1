"""The admin shows members with their history; state and service-owned fields are read-only
(R-0.4, R-M2)."""

import pytest
from django.urls import reverse

from core.models import Role
from members.models import Admission, Contact, CoreData, Member, MemberState, ScopeItem
from tests.factories import UserFactory
from tests.members.factories import AdmissionFactory, CoreDataFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@nvvk.example", is_staff=True, is_superuser=True,
                        roles=[Role.BUREAU])
    client.force_login(admin)
    return client


@pytest.mark.parametrize("model", [ScopeItem, Member, Admission, Contact, CoreData])
def test_changelist_and_history_pages_load(admin_client, xena, member_x, model):
    AdmissionFactory(member=member_x)
    CoreDataFactory(member=member_x)
    obj = model.objects.first()
    meta = model._meta
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
                            ).status_code == 200
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change",
                                    args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_history",
                                    args=[obj.pk])).status_code == 200


def test_member_form_saves_plain_fields_and_keeps_the_state_r_m2(admin_client, member_x):
    """R-M2: member form saves plain fields and keeps the state."""
    url = reverse("admin:members_member_change", args=[member_x.pk])
    response = admin_client.post(url, {
        "name": "Schuldhulp X Nieuw", "city": "Kampen", "website": "https://x.example",
        "admission-TOTAL_FORMS": "0", "admission-INITIAL_FORMS": "0",
        "admission-MIN_NUM_FORMS": "0", "admission-MAX_NUM_FORMS": "1",
        "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0", "contacts-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    member = Member.objects.get(pk=member_x.pk)
    assert member.name == "Schuldhulp X Nieuw"
    assert member.state == MemberState.MEMBER


def test_service_owned_models_cannot_be_added_in_admin(admin_client):
    for name in ("member", "admission", "contact", "coredata"):
        assert admin_client.get(reverse(f"admin:members_{name}_add")).status_code == 403
