"""End-to-end (issue #11, R-N1): in the work inbox the bureau assigns a flag to a colleague,
comments on it, snoozes it and then resolves it, each with the keyboard-usable forms of the
flag's page."""

import datetime as dt

import pytest

from core.flags import flag_raise
from core.models import Flag, FlagAudience, Role
from tests.factories import UserFactory

from .conftest import messages_on


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_r_n1_a_flag_is_assigned_commented_snoozed_and_resolved(e2e, bea, member_x):
    """R-N1: assign, comment, snooze, resolve through the inbox."""
    UserFactory(email="bart@nvvk.example", full_name="Bart Bureau", roles=[Role.BUREAU])
    flag, _created = flag_raise(key="e2e-inbox", rule_id="R-M3", audience=FlagAudience.BUREAU,
                                message="Neem contact op met het lid.", today=dt.date.today(),
                                member=member_x)
    page = e2e.login(bea, "bureau")
    page.goto(e2e.url("/bureau/werkbak/?weergave=team"))
    with page.expect_navigation():
        page.get_by_role("link", name="Neem contact op met het lid.").click()

    page.get_by_label("Toewijzen aan").select_option(label="Bart Bureau")
    with page.expect_navigation():
        page.get_by_role("button", name="Toewijzen", exact=True).click()
    assert "toegewezen" in messages_on(page)

    page.locator("#id_text").fill("Eerst bellen, dan mailen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opmerking plaatsen").click()
    assert "Eerst bellen, dan mailen." in page.content()

    page.locator("#id_until").fill(
        (dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.locator("#id_snooze_reason").fill("Lid is op vakantie.")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitstellen", exact=True).click()
    assert "uitgesteld" in messages_on(page)

    page.locator("#id_reason").fill("Afgesproken met het lid.")
    with page.expect_navigation():
        page.get_by_role("button", name="Signaal afhandelen").click()
    flag = Flag.objects.get(pk=flag.pk)
    assert flag.resolved_on is not None and flag.assignee.email == "bart@nvvk.example"
    assert flag.comments.count() == 1 and flag.snooze_reason == "Lid is op vakantie."
