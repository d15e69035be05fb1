"""/admin/ shows complaints and objections read-only, with history (R-0.4)."""

import datetime as dt

import pytest
from django.urls import reverse

from complaints.models import Complaint, Objection
from complaints.services import complaint_object, complaint_resolve, complaint_respond
from tests.complaints.factories import register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_complaints_and_objections_are_shown_read_only(client, bea, member_x):
    client.force_login(UserFactory(email="admin@nvvk.example", is_staff=True,
                                   is_superuser=True))
    complaint = register(by=bea, member=member_x)
    complaint_respond(complaint=complaint, response="…", actor=bea, today=dt.date(2026, 3, 9))
    complaint_resolve(complaint=complaint, outcome="…", actor=bea, today=dt.date(2026, 3, 10))
    complaint_object(complaint=complaint, content="…", filed_on=dt.date(2026, 3, 11), actor=bea,
                     today=dt.date(2026, 3, 11))
    for model in (Complaint, Objection):
        obj = model.objects.get()
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        assert client.get(reverse(f"{base}_changelist")).status_code == 200
        change = client.get(reverse(f"{base}_change", args=[obj.pk]))
        assert change.status_code == 200
        assert b'name="state"' not in change.content
        assert client.get(reverse(f"{base}_history", args=[obj.pk])).status_code == 200
        assert client.get(reverse(f"{base}_add")).status_code == 403
