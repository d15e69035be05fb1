"""R-M6 core data, issue #9 "bad input": a negative fte is refused by the form (a field error,
nothing stored), by the service (the model's validator) and by the database (a check
constraint)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.exceptions import RuleViolation
from members.models import FTE_FIELDS, CoreData
from members.services import core_data_update
from tests.members.factories import CoreDataFactory

pytestmark = pytest.mark.django_db


def test_r_m6_the_portal_refuses_a_negative_fte_with_a_field_error(client, xena, member_x):
    """R-M6: the member portal refuses a negative fte with a field error and stores nothing."""
    client.force_login(xena.user)
    response = client.post(reverse("member:core_data"),
                           {"name": member_x.name, "formation_fte": "-3"})
    assert response.status_code == 400
    assert "Een aantal fte kan niet negatief zijn." in response.content.decode()
    assert not CoreData.objects.filter(member=member_x).exists()


@pytest.mark.parametrize("field", FTE_FIELDS)
def test_r_m6_the_service_refuses_a_negative_fte(bea, member_x, field):
    """R-M6: the service refuses a negative fte in each fte field."""
    with pytest.raises(RuleViolation) as refused:
        core_data_update(member=member_x, data={field: "-0.5"}, actor=bea)
    assert refused.value.rule_id == "R-M6"
    assert not CoreData.objects.filter(member=member_x).exists()


def test_r_m6_zero_fte_is_accepted(bea, member_x):
    """R-M6: zero fte is a valid formation."""
    core = core_data_update(member=member_x, data={"formation_fte": "0"}, actor=bea)
    assert core.formation_fte == 0


@pytest.mark.parametrize("field", FTE_FIELDS)
def test_r_m6_the_database_refuses_a_negative_fte(member_x, field):
    """R-M6: the database's check constraint refuses a negative fte, even past the services."""
    core = CoreDataFactory(member=member_x)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoreData.objects.filter(pk=core.pk).update(**{field: -1})
