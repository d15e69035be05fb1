"""The register as open data (issue #12; R-N2, R-A2): CSV and JSON with the register page's
members, fields, statuses and filters, the schema page linked from the register, and the same
records as the API."""

import csv
import io

import pytest

from api.records import CSV_COLUMNS, FIELDS, JSON_FIELDS
from members.models import ScopeItem
from suspensions.models import Publication
from tests.factories import MemberFactory
from tests.portals.member_helpers import (
    certify,
    count_queries,
    many_members,
    suspend_directly,
    travel,
)

pytestmark = pytest.mark.django_db
CSV_URL = "/register/open-data/ledenregister.csv"
JSON_URL = "/register/open-data/ledenregister.json"


@pytest.fixture
def register(member_x, member_y, body_a, body_b, dirk):
    """X (Zwolle, scope 1 and 3, valid), Y (Breda, scope 10 and 11, published suspension),
    a member without a certificate."""
    member_x.website = "https://schuldhulp-x.example"
    member_x.save()
    member_x.scope.set(ScopeItem.objects.filter(number__in=[1, 3]))
    certify(member_x, body=body_a, number="NVVK-2024-0007")
    member_y.scope.set(ScopeItem.objects.filter(number__in=[10, 11]))
    certify(member_y, body=body_b, number="NVVK-2024-0008")
    suspend_directly(member_y, by=dirk, publication=Publication.REGISTER)
    MemberFactory(name="Aardig Geld", city="Assen")


def get(client, url):
    with travel():
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def csv_rows(client, query=""):
    response = get(client, CSV_URL + query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="nvvk-ledenregister-2026-03-10.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the accents
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_r_n2_the_csv_has_the_documented_columns_and_the_register_lines(client, register,
                                                                         body_a):
    """R-N2: one row per register line, the schema's columns in order."""
    response = get(client, CSV_URL)
    header = next(csv.reader(io.StringIO(response.content.decode()[1:])))
    assert tuple(header) == CSV_COLUMNS
    rows = {r["certified_entity_name"]: r for r in csv_rows(client)}
    assert list(rows) == ["Aardig Geld", "Budgetbeheer Y", "Schuldhulp X"]
    x = rows["Schuldhulp X"]
    assert x["certification_number"] == "NVVK-2024-0007"
    assert (x["certification_valid_from"], x["certification_valid_until"]) == (
        "2024-06-01", "2027-05-31")
    assert x["certification_body_name"] == "CI Alfa B.V."
    assert x["certification_status"] == "valid" and x["membership_suspended"] == "false"
    assert x["certification_scope_numbers"] == "1;3"
    assert x["certification_scope"].startswith("1. ")
    assert rows["Budgetbeheer Y"]["certification_status"] == "suspended"
    assert rows["Budgetbeheer Y"]["membership_suspended"] == "true"
    assert rows["Aardig Geld"]["certification_status"] == "none"
    assert rows["Aardig Geld"]["certification_number"] == ""


def test_r_n2_the_downloads_apply_the_register_filters(client, register, body_b):
    """R-N2: the same parameters, the same members as the register page; an invalid value is
    ignored there and here."""
    for query in ("?q=breda", "?scope=1", f"?ci={body_b.pk}", "?sort=valid_until",
                  "?scope=99&sort=wild", "?q=niemand"):
        page = [e.member.name for e in get(client, f"/register/{query}").context["entries"]]
        assert [r["certified_entity_name"] for r in csv_rows(client, query)] == page, query
        json_names = [r["certified_entity_name"]
                      for r in get(client, JSON_URL + query).json()["records"]]
        assert json_names == page, query


def test_the_json_file_equals_the_api_records(client, register):
    """Issue #12: the register, the API and the open-data files say the same."""
    data = get(client, JSON_URL).json()
    assert data["schema_version"] == 1 and data["date"] == "2026-03-10" and data["count"] == 3
    assert tuple(data["records"][0]) == JSON_FIELDS
    api = get(client, "/api/v1/members/").json()["results"]
    assert data["records"] == api


def test_the_schema_page_documents_every_field_and_is_linked_from_the_register(client,
                                                                               register):
    html = get(client, "/register/open-data/").content.decode()
    for field in FIELDS:
        assert f"<code>{field.name}</code>" in html
    for code in ("valid", "postponed", "expired", "withdrawn", "none", "suspended"):
        assert f"<code>{code}</code>" in html
    assert CSV_URL in html and JSON_URL in html
    register_page = get(client, "/register/?q=breda").content.decode()
    assert 'href="/register/open-data/?q=breda"' in register_page
    # the downloads on the page keep the register's filters
    assert f'href="{CSV_URL}?q=breda"' in get(client, "/register/open-data/?q=breda").content.decode()


def test_the_downloads_issue_the_same_number_of_queries_for_3_and_30_members(client, body_a):
    many_members(3, body=body_a, prefix="Eerste")
    with travel():
        few = (count_queries(client, CSV_URL), count_queries(client, JSON_URL))
    many_members(27, body=body_a, prefix="Tweede", start=3)
    with travel():
        many = (count_queries(client, CSV_URL), count_queries(client, JSON_URL))
    assert few == many


def test_the_files_are_cached_like_the_api_lists(client, register, settings):
    """``API_CACHE_SECONDS``: the files are built once a minute at most (per query, language
    and day) and say so to shared caches."""
    from django.core.cache import cache

    from members.models import Member

    settings.API_CACHE_SECONDS = 60
    first = get(client, CSV_URL)
    assert "max-age=60" in first["Cache-Control"]
    Member.objects.filter(name="Aardig Geld").update(name="Zuinig Geld")
    assert get(client, CSV_URL).content == first.content
    assert "Zuinig Geld" in get(client, f"{CSV_URL}?sort=name").content.decode()
    cache.clear()
    assert "Zuinig Geld" in get(client, CSV_URL).content.decode()
