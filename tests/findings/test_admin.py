"""The admin shows every model of findings with its history, read-only: services own every
change (R-0.4)."""

import datetime as dt

import pytest
from django.urls import reverse

from findings.models import (
    AdditionalInvestigation,
    Advice,
    Finding,
    FindingJudgement,
    FindingKind,
    FindingKindChange,
    LimitsFollowUp,
    PlanOfApproach,
)
from findings.services import findings_sweep
from tests.factories import FindingFactory, UserFactory
from tests.findings.factories import InvestigationFactory, PlanFactory

D = dt.date
MODELS = [Finding, FindingKindChange, FindingJudgement, PlanOfApproach,
          AdditionalInvestigation, LimitsFollowUp, Advice]


@pytest.fixture
def admin_client_(client, db):
    admin = UserFactory(email="root@nvvk.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


@pytest.fixture
def finding(audit_x):
    finding = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY,
                             recorded_on=D(2026, 1, 31))
    PlanFactory(finding=finding)
    InvestigationFactory(finding=finding)
    return finding


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_a_list_page(admin_client_, finding, model):
    url = reverse(f"admin:findings_{model._meta.model_name}_changelist")
    assert admin_client_.get(url).status_code == 200


def test_a_finding_shows_its_label_and_history_read_only(admin_client_, audit_x):
    finding = FindingFactory(audit=audit_x, kind=FindingKind.NONCONFORMITY,
                             recorded_on=D(2026, 1, 31))
    findings_sweep(today=D(2026, 4, 1))
    change = reverse("admin:findings_finding_change", args=[finding.pk])
    response = admin_client_.get(change)
    assert response.status_code == 200
    assert b'name="kind"' not in response.content  # FSM field never in a form
    assert response.context["has_add_permission"] is False
    listing = admin_client_.get(reverse("admin:findings_finding_changelist"))
    assert "tekortkoming (was afwijking bij audit 2026)" in listing.content.decode()
    history = reverse("admin:findings_finding_history", args=[finding.pk])
    assert admin_client_.get(history).status_code == 200


def test_nothing_is_added_or_deleted_through_the_admin(admin_client_, finding):
    assert admin_client_.get(reverse("admin:findings_finding_add")).status_code == 403
    delete = reverse("admin:findings_planofapproach_delete",
                     args=[PlanOfApproach.objects.get().pk])
    assert admin_client_.get(delete).status_code == 403
