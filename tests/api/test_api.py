"""The public API, version 1 (issue #12; R-N2, R-Z7, R-A2): members of the register with their
status and scope, filters equal to the register page's, pages, certificate verification,
certification bodies, the OpenAPI schema, the rate limit, CORS, caching and no personal data."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from certificates.models import Certificate, CertificateState
from members.models import MemberState, ScopeItem
from suspensions.models import Publication
from tests.portals.member_helpers import (
    certify,
    count_queries,
    many_members,
    put_in_state,
    suspend_directly,
    travel,
)

pytestmark = pytest.mark.django_db
MEMBERS = "/api/v1/members/"
NUMBER = "NVVK-2024-0007"


@pytest.fixture
def listed_x(member_x, xena, body_a):
    """Member X (Zwolle), certificate NVVK-2024-0007 by CI Alfa, 1 June 2024 – 31 May 2027;
    today is 10 March 2026."""
    member_x.website = "https://schuldhulp-x.example"
    member_x.save()
    member_x.scope.set(ScopeItem.objects.filter(number__in=[1, 3]))
    certify(member_x, body=body_a, number=NUMBER)
    return member_x


def get(client, url, status=200, **headers):
    with travel():
        response = client.get(url, **headers)
    assert response.status_code == status, (url, response.status_code, response.content[:300])
    return response


def names_api(client, query=""):
    return [r["certified_entity_name"]
            for r in get(client, f"{MEMBERS}{query}").json()["results"]]


def names_page(client, query=""):
    return [e.member.name for e in get(client, f"/register/{query}").context["entries"]]


def test_r_n2_a_member_record_has_the_register_fields_named_as_registries_do(client, listed_x,
                                                                             body_a):
    """R-N2: the line of the register page, with IAF CertSearch's field names."""
    data = get(client, MEMBERS).json()
    assert data["count"] == 1 and data["next"] is None
    [record] = data["results"]
    assert record == {
        "register_id": listed_x.pk,
        "certified_entity_name": "Schuldhulp X",
        "certified_entity_city": "Zwolle",
        "certified_entity_website": "https://schuldhulp-x.example",
        "certification_scope": [
            {"number": 1, "title": ScopeItem.objects.get(number=1).title},
            {"number": 3, "title": ScopeItem.objects.get(number=3).title}],
        "certification_number": NUMBER,
        "certification_valid_from": "2024-06-01",
        "certification_valid_until": "2027-05-31",
        "certification_body_id": body_a.pk,
        "certification_body_name": "CI Alfa B.V.",
        "certification_status": "valid",
        "certification_status_label": "Geldig tot en met 31 mei 2027",
        "certification_status_date": "2027-05-31",
        "membership_suspended": False,
        "register_url": f"http://testserver/register/lid/{listed_x.pk}/",
    }
    detail = get(client, reverse("api:member_detail", kwargs={"pk": listed_x.pk})).json()
    assert detail == record


def test_r_m4_r_s7_the_api_lists_whom_the_register_lists(client, listed_x, member_y, body_b,
                                                         dirk):
    """R-M4, R-S7: paused members are not listed (404 for their detail); a published
    suspension shows as suspended; an unpublished one keeps the member off."""
    certify(member_y, body=body_b, number="NVVK-2024-0008")
    put_in_state(member_y, MemberState.PAUSED)
    assert names_api(client) == ["Schuldhulp X"]
    get(client, reverse("api:member_detail", kwargs={"pk": member_y.pk}), status=404)
    suspend_directly(listed_x, by=dirk, publication=Publication.REGISTER)
    [record] = get(client, MEMBERS).json()["results"]
    assert record["certification_status"] == "suspended" and record["membership_suspended"]


def test_r_z5_expired_withdrawn_and_none_statuses_with_their_dates(client, member_x, member_y,
                                                                   body_a):
    """R-Z5, R-N2: the statuses and dates of the register page."""
    certify(member_x, body=body_a, number="NVVK-2022-0001", valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2024, 12, 31))
    certify(member_y, body=body_a, number="NVVK-2024-0002", state=CertificateState.WITHDRAWN,
            withdrawn_on=dt.date(2026, 2, 2), withdrawal_reason="merger")
    from tests.factories import MemberFactory
    MemberFactory(name="Aardig Geld", city="Assen")
    records = {r["certified_entity_name"]: r for r in get(client, MEMBERS).json()["results"]}
    assert (records["Schuldhulp X"]["certification_status"],
            records["Schuldhulp X"]["certification_status_date"]) == ("expired", "2024-12-31")
    assert (records["Budgetbeheer Y"]["certification_status"],
            records["Budgetbeheer Y"]["certification_status_date"]) == ("withdrawn", "2026-02-02")
    assert records["Aardig Geld"]["certification_status"] == "none"
    assert records["Aardig Geld"]["certification_number"] is None


@pytest.mark.parametrize("query", [
    "", "?q=schuldhulp", "?q=breda", "?q=2024-0008", "?q=niemand", "?scope=11", "?scope=1",
    "?ci={b}", "?ci={b}&scope=1", "?sort=place", "?sort=valid_until",
])
def test_r_n2_filters_give_the_register_pages_results(client, listed_x, member_y, body_b, query):
    """R-N2: the API's filters are the register page's (one reading of the parameters)."""
    from tests.factories import MemberFactory
    member_y.scope.set(ScopeItem.objects.filter(number__in=[10, 11]))
    certify(member_y, body=body_b, number="NVVK-2024-0008", valid_until=dt.date(2026, 12, 31))
    MemberFactory(name="Aardig Geld", city="Assen")
    query = query.format(b=body_b.pk)
    assert names_api(client, query) == names_page(client, query)


def test_an_invalid_filter_value_is_a_400_naming_the_parameter(client, listed_x):
    errors = get(client, f"{MEMBERS}?scope=99&sort=wild", status=400).json()["errors"]
    assert set(errors) == {"scope", "sort"}


def test_r_n2_pages_of_25_and_a_page_size_up_to_100(client, body_a):
    """R-N2: paged like the register: 25 a page, ``page`` and ``page_size`` (at most 100)."""
    many_members(27, body=body_a)
    first = get(client, f"{MEMBERS}?q=Lid").json()
    assert first["count"] == 27 and len(first["results"]) == 25
    assert first["next"].endswith("/api/v1/members/?page=2&q=Lid")
    second = get(client, f"{MEMBERS}?q=Lid&page=2").json()
    assert [r["certified_entity_name"] for r in second["results"]] == ["Lid 25", "Lid 26"]
    assert len(get(client, f"{MEMBERS}?page_size=5").json()["results"]) == 5
    assert len(get(client, f"{MEMBERS}?page_size=1000").json()["results"]) == 27
    get(client, f"{MEMBERS}?page=9", status=404)


def test_the_member_list_issues_the_same_number_of_queries_for_3_and_for_30_members(
        client, body_a):
    many_members(3, body=body_a, prefix="Eerste")
    with travel():
        few = count_queries(client, MEMBERS)
    many_members(27, body=body_a, prefix="Tweede", start=3)
    with travel():
        many = count_queries(client, f"{MEMBERS}?page_size=30")
    assert few == many


# --- verification (R-Z7) ---------------------------------------------------------------------


def verify(client, number=NUMBER, status=200):
    response = get(client, reverse("api:certificate", kwargs={"number": number}), status=status)
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_r_z7_verification_valid_with_its_dates(client, listed_x):
    """R-Z7: valid, with the dates, holder and body; found whatever the case."""
    data = verify(client, NUMBER.lower())
    assert data["certification_status"] == "valid"
    assert data["certification_number"] == NUMBER
    assert (data["certification_valid_from"], data["certification_valid_until"]) == (
        "2024-06-01", "2027-05-31")
    assert data["certified_entity_name"] == "Schuldhulp X"
    assert data["certification_body_name"] == "CI Alfa B.V."
    assert data["register_id"] == listed_x.pk and data["verified_on"] == "2026-03-10"


def test_r_z7_verification_expired(client, member_x, body_a):
    """R-Z7: expired, with its end."""
    certify(member_x, body=body_a, number=NUMBER, valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2024, 12, 31), state=CertificateState.EXPIRED)
    data = verify(client)
    assert data["certification_status"] == "expired"
    assert data["certification_valid_until"] == "2024-12-31"


def test_r_z5_verification_withdrawn_with_its_date(client, member_x, body_a):
    """R-Z5, R-Z7: withdrawn, with the day."""
    certify(member_x, body=body_a, number=NUMBER, state=CertificateState.WITHDRAWN,
            withdrawn_on=dt.date(2026, 3, 10), withdrawal_reason="merger")
    data = verify(client)
    assert data["certification_status"] == "withdrawn"
    assert data["certification_withdrawn_on"] == "2026-03-10"


def test_r_s7_verification_suspended_only_when_published(client, listed_x, dirk):
    """R-S7: a published suspension says suspended; an unpublished one is not revealed."""
    suspension = suspend_directly(listed_x, by=dirk, publication=Publication.NONE)
    assert verify(client)["certification_status"] == "valid"
    suspension.publication = Publication.REGISTER
    suspension.save()
    assert verify(client)["certification_status"] == "suspended"


def test_r_z7_verification_unknown_is_404_with_the_status(client, listed_x):
    """R-Z7: an unknown number: 404 with ``unknown``, nothing else."""
    data = verify(client, "NVVK-1999-0001", status=404)
    assert data["certification_status"] == "unknown"
    assert data["certified_entity_name"] is None and data["certification_valid_from"] is None


def test_r_z3_verification_not_yet_valid(client, member_x, body_a):
    """R-Z3: a renewal that starts later."""
    certify(member_x, body=body_a, number=NUMBER, valid_from=dt.date(2026, 6, 1),
            valid_until=dt.date(2029, 5, 31))
    assert verify(client)["certification_status"] == "not_yet_valid"


def test_r_z5_a_withdrawal_shows_at_once_even_with_the_lists_cached(client, listed_x,
                                                                     settings):
    """R-Z5: the lists are cached a minute; the verification never — a withdrawal shows at
    once there."""
    settings.API_CACHE_SECONDS = 60
    assert verify(client)["certification_status"] == "valid"
    response = get(client, MEMBERS)
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    Certificate.objects.filter(number=NUMBER).update(
        state=CertificateState.WITHDRAWN, withdrawn_on=dt.date(2026, 3, 10))
    assert verify(client)["certification_status"] == "withdrawn"
    # the list answer is the cached one until it expires (documented: up to a minute) …
    assert get(client, MEMBERS).json()["results"][0]["certification_status"] == "valid"
    cache.clear()
    # … and then the database's
    assert get(client, MEMBERS).json()["results"][0]["certification_status"] == "withdrawn"


# --- bodies, schema, docs -------------------------------------------------------------------


def test_certification_bodies_with_public_fields_only(client, body_a, body_b, anna):
    """R-A2: name, place, website, recognition, accreditation — no auditor, no contact."""
    data = get(client, reverse("api:certification_bodies")).json()
    assert [b["name"] for b in data["results"]] == ["CI Alfa B.V.", "CI Beta B.V."]
    assert set(data["results"][0]) == {"id", "name", "city", "website", "recognised",
                                       "accredited", "accreditation_reference"}
    assert "Anna" not in json.dumps(data) and "anna@" not in json.dumps(data)


def test_the_openapi_schema_is_generated_and_valid(client):
    """The OpenAPI 3 schema validates (drf-spectacular's validator) and names every path."""
    from django.core.management import call_command
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    schema = get(client, f"{reverse('api:schema')}?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/api/v1/members/", "/api/v1/members/{id}/",
                                    "/api/v1/certificates/{number}/",
                                    "/api/v1/certification-bodies/"}


def test_the_docs_page_and_the_browsable_api(client, listed_x):
    html = get(client, reverse("api:docs")).content.decode()
    assert "curl" in html and "/api/v1/members/" in html and "/api/v1/schema/" in html
    browsable = get(client, MEMBERS, HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")
    assert "Schuldhulp X" in browsable.content.decode()


def test_a_login_changes_nothing(client, listed_x, bea):
    """The API is the same for everyone: a staff login adds nothing."""
    anonymous = get(client, MEMBERS).json()
    client.force_login(bea)
    assert get(client, MEMBERS).json() == anonymous


# --- limits and headers --------------------------------------------------------------------


def test_the_rate_limit_per_client_address_gives_429_with_retry_after(client, listed_x,
                                                                      settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        get(client, MEMBERS, REMOTE_ADDR="203.0.113.5")
    refused = get(client, reverse("api:certificate", kwargs={"number": NUMBER}), status=429,
                  REMOTE_ADDR="203.0.113.5")
    assert int(refused["Retry-After"]) >= 1
    get(client, "/register/open-data/ledenregister.csv", status=429, REMOTE_ADDR="203.0.113.5")
    # another address has its own count
    get(client, MEMBERS, REMOTE_ADDR="203.0.113.6")


def test_the_rate_limit_counts_the_address_the_trusted_proxy_saw(client, listed_x, settings):
    """The client address of ``core.rate_limit``: behind one proxy, the X-Forwarded-For entry
    it wrote — a client cannot dodge the limit by inventing entries to its left."""
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    settings.TRUSTED_PROXY_COUNT = 1
    for fake in ("1.1.1.1", "2.2.2.2"):
        get(client, MEMBERS, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{fake}, 198.51.100.7")
    get(client, MEMBERS, status=429, REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="3.3.3.3, 198.51.100.7")


@pytest.mark.parametrize("url", [MEMBERS, "/api/v1/certification-bodies/",
                                 f"/api/v1/certificates/{NUMBER}/", "/api/v1/schema/",
                                 "/register/open-data/ledenregister.csv",
                                 "/register/open-data/ledenregister.json"])
def test_cors_is_open_for_get(client, listed_x, url):
    response = get(client, url, HTTP_ORIGIN="https://elders.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_the_api_is_read_only(client, listed_x):
    with travel():
        assert client.post(MEMBERS, {}).status_code == 405
        assert client.delete(f"/api/v1/certificates/{NUMBER}/").status_code == 405


def test_the_cache_keys_on_the_parameters_the_view_reads_only(client, listed_x, settings,
                                                              monkeypatch):
    """Unknown parameters share the answer (and cannot fill the cache with copies); a filter
    gets its own."""
    settings.API_CACHE_SECONDS = 60
    cache.clear()
    stored_keys = set()
    real_set = cache.set

    def recording_set(key, *args, **kwargs):  # any backend: LocMem here, Redis in CI
        stored_keys.add(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)

    def answers():
        return [key for key in stored_keys if key.startswith("api:v1:")]

    get(client, MEMBERS)
    assert len(answers()) == 1
    get(client, f"{MEMBERS}?utm_source=x&nonsense=1")
    assert len(answers()) == 1
    assert get(client, f"{MEMBERS}?q=niemand").json()["count"] == 0
    assert len(answers()) == 2
