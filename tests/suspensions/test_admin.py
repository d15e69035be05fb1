"""/admin/ shows hearings, suspensions, appeals and notices read-only, with history (R-0.4)."""

import datetime as dt

import pytest
from django.urls import reverse

from suspensions.models import Appeal, Hearing, Suspension, SuspensionNotice
from suspensions.services import appeal_file, suspension_send_notice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    admin = UserFactory(email="admin@nvvk.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_every_suspension_model_is_shown_read_only(admin_client_, suspended_x, xena, bea):
    appeal_file(suspension=suspended_x, subject="suspension", announced_on=dt.date(2026, 2, 3),
                motivation="…", actor=xena.user, today=dt.date(2026, 2, 3))
    suspension_send_notice(suspension=suspended_x, audience="members", text="…",
                           actor=bea, today=dt.date(2026, 2, 3))
    for model in (Hearing, Suspension, Appeal, SuspensionNotice):
        obj = model.objects.get()
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client_.get(changelist).status_code == 200
        change = admin_client_.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                           args=[obj.pk]))
        assert change.status_code == 200
        assert b'name="state"' not in change.content
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        assert admin_client_.get(history).status_code == 200
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert admin_client_.get(add).status_code == 403
