"""/admin/ shows certificates, postponements and the number series read-only: services own
every change (R-Z1 … R-Z5)."""

import pytest
from django.urls import reverse

from tests.certificates.factories import PostponementFactory
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="root@nvvk.example", is_staff=True,
                                   is_superuser=True))
    return client


def test_certificate_admin_is_read_only(admin_client, old_certificate):
    PostponementFactory(certificate=old_certificate)
    for name in ("certificate", "postponement", "certificatenumbercounter"):
        assert admin_client.get(reverse(f"admin:certificates_{name}_changelist")).status_code \
            == 200
        assert admin_client.get(reverse(f"admin:certificates_{name}_add")).status_code == 403
    change = admin_client.get(reverse("admin:certificates_certificate_change",
                                      args=[old_certificate.pk]))
    assert change.status_code == 200
    assert b'name="state"' not in change.content
    assert b'name="valid_until"' not in change.content
    history = admin_client.get(reverse("admin:certificates_certificate_history",
                                       args=[old_certificate.pk]))
    assert history.status_code == 200
    assert admin_client.post(reverse("admin:certificates_certificate_delete",
                                     args=[old_certificate.pk])).status_code == 403
