"""The list filters (issue #10, django-filter): every filtered list takes its GET parameters
through a FilterSet; a bad value is shown as the field's error and ignored (never a 500, the
other filters still apply), and the page links keep the filter."""

import re

import pytest
from django.urls import reverse

from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

#: (portal user fixture, URL name, a bad value for every parameter of its filter)
LISTS = [
    ("bea", "bureau:member_list",
     "q=x&status=nope&scope=999999&instelling=abc&certificaat=maybe"),
    ("bea", "bureau:auditor_list", "q=x&instelling=999999"),
    ("bea", "bureau:audit_list", "q=x&soort=nope&stap=nope&instelling=abc"),
    ("bea", "bureau:norm_proposal_list", "status=nope"),
    ("bea", "bureau:complaint_list", "q=x&status=nope&over=nope&instelling=abc"),
    ("dirk", "director:decisions",
     "kind=nope&rule_id=R-Z1-much-too-long&role=nope&since=31-31-2026&until=gisteren"),
    ("dirk", "director:members", "q=x&state=nope"),
    ("anna", "auditor:audit_list", "state=nope&member=x"),
    ("anna", "auditor:plan_list", "status=nope"),
]


def _login(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(getattr(user, "user", user))


@pytest.mark.parametrize("who, url_name, query", LISTS, ids=[name for _, name, _ in LISTS])
def test_a_bad_filter_value_is_shown_and_ignored_never_a_500(client, request, who, url_name,
                                                             query):
    _login(client, request, who)
    response = client.get(reverse(url_name) + "?" + query + "&pagina=zes")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html  # the field says what is wrong
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("who, url_name, query", LISTS, ids=[name for _, name, _ in LISTS])
def test_an_empty_filter_shows_the_list(client, request, who, url_name, query):
    _login(client, request, who)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert 'class="errorlist' not in response.content.decode()


def test_the_valid_filters_apply_when_another_is_bad(client, bea, member_x, member_y):
    client.force_login(bea)
    html = client.get(reverse("bureau:member_list") + "?q=zwolle&instelling=abc").content
    assert b"Schuldhulp X" in html and b"Budgetbeheer Y" not in html


def test_the_filter_is_kept_across_pages(client, bea):
    MemberFactory.create_batch(30, city="Zwolle")
    MemberFactory.create_batch(3, city="Breda", name="Breda Budget")
    client.force_login(bea)
    url = reverse("bureau:member_list")
    first = client.get(url + "?q=zwolle").content.decode()
    assert "Pagina 1 van 2 (30 in totaal)" in first
    link = re.search(r'href="(\?[^"]*pagina=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "q=zwolle" in link
    second = client.get(url + link).content.decode()
    assert "Pagina 2 van 2 (30 in totaal)" in second
    assert "Breda Budget" not in second
