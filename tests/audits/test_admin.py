"""The admin shows bodies, auditors and audits with their history; the audit's steps and team
are read-only there (R-0.4, R-U2)."""

import pytest
from django.apps import apps
from django.urls import reverse

from audits.models import Audit, AuditState
from core.models import Role
from tests.audits.factories import PriorInvolvementFactory, add_report
from tests.factories import AuditFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@nvvk.example", is_staff=True, is_superuser=True,
                        roles=[Role.BUREAU])
    client.force_login(admin)
    return client


def test_every_audits_model_has_admin_pages(admin_client, anna, member_x, body_a):
    audit = AuditFactory(member=member_x, body=body_a, lead_auditor=anna)
    add_report(audit, by=anna.user)
    PriorInvolvementFactory(auditor=anna, member=member_x)
    for model in apps.get_app_config("audits").get_models():
        if model._meta.model_name.startswith("historical"):
            continue
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        assert admin_client.get(url).status_code == 200, url
        obj = model.objects.first()
        if obj is not None:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert admin_client.get(url).status_code == 200, url


def test_audit_is_read_only_in_admin_r_u2(admin_client, member_x, body_a):
    """R-U2: audit is read only in admin."""
    audit = AuditFactory(member=member_x, body=body_a)
    url = reverse("admin:audits_audit_change", args=[audit.pk])
    response = admin_client.post(url, {"state": AuditState.DEFINITIVE})
    assert response.status_code == 403
    assert Audit.objects.get(pk=audit.pk).state == AuditState.BODY_CHOSEN
    assert admin_client.get(reverse("admin:audits_audit_history",
                                    args=[audit.pk])).status_code == 200


def test_reference_data_is_editable(admin_client):
    response = admin_client.get(reverse("admin:audits_norm_change", args=[1]))
    assert response.status_code == 200
    assert b'name="title"' in response.content
