"""End-to-end (issue #8): the bureau manages reference data in /admin/ under the strict content
security policy: its role brings the permissions of the group Verenigingsbureau, and the admin's
scripts and styles load without a policy violation (the console listener of ``e2e`` fails the
test on any)."""

import pytest

from audits.models import Norm


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_bureau_changes_a_norm_in_admin_and_may_not_open_the_accounts(e2e, bea):
    bea.is_staff = True
    bea.save()
    norm = Norm.objects.get(code="1.1")
    page = e2e.login(bea, "bureau")
    page.goto(e2e.url("/admin/audits/norm/"))
    assert "U hebt geen rechten" not in page.content()
    page.get_by_role("link", name=norm.code, exact=True).click()
    page.wait_for_url(f"**/admin/audits/norm/{norm.pk}/change/")
    page.fill("#id_title", "Een heldere titel")
    with page.expect_navigation():
        page.click("input[name=_save]")
    assert "/admin/audits/norm/" in page.url
    norm.refresh_from_db()
    assert norm.title == "Een heldere titel"
    assert norm.history.first().history_user == bea
    response = page.goto(e2e.url("/admin/core/user/"))
    assert response.status == 403
