"""The public ledenregister (R-N2, R-M4, R-S7, R-A2): who is listed, what each line shows,
search, filters, sort, pages, a page per member, and no personal data anywhere."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates.models import CertificateState, Postponement, PostponementState
from certificates.selectors import register_status, register_status_of
from members.models import Member, MemberState, ScopeItem
from suspensions.models import Publication
from tests.factories import (
    CertificationBodyFactory,
    ContactFactory,
    MemberFactory,
    UserFactory,
)
from tests.members.factories import applicant_in
from tests.portals.member_helpers import (
    TODAY,
    certify,
    count_queries,
    many_members,
    put_in_state,
    suspend_directly,
    travel,
)

pytestmark = pytest.mark.django_db
REGISTER = "/register/"


@pytest.fixture
def listed_x(member_x, xena, body_a):
    """Member X (Zwolle) with certificate NVVK-2024-0007 by CI Alfa, valid 1 June 2024 up to and
    including 31 May 2027; xena is its contact person."""
    member_x.website = "https://schuldhulp-x.example"
    member_x.save()
    certify(member_x, body=body_a, number="NVVK-2024-0007")
    return member_x


def page(client, url=REGISTER):
    with travel():
        response = client.get(url)
    assert response.status_code == 200
    return response


def names(response):
    return [entry.member.name for entry in response.context["entries"]]


def test_r_n2_a_line_shows_name_place_website_scope_certificate_body_and_status(client,
                                                                                listed_x):
    """R-N2: a line shows name place website scope certificate body and status."""
    html = page(client).content.decode()
    for text in ("Schuldhulp X", "Zwolle", "https://schuldhulp-x.example", "NVVK-2024-0007",
                 "1 juni 2024", "31 mei 2027", "CI Alfa B.V.", "Geldig tot en met 31 mei 2027",
                 ScopeItem.objects.get(number=1).title):
        assert text in html, text
    assert reverse("public:certificate_verify", kwargs={"number": "NVVK-2024-0007"}) in html


def test_r_a2_no_personal_data_on_the_register_the_member_page_or_the_verification(
        client, listed_x, xena, member_y, yuri, body_b):
    """R-A2: contact persons' names, e-mail addresses and phone numbers never appear on the
    public pages — also not those of core data or of another listed member."""
    from tests.members.factories import CoreDataFactory

    CoreDataFactory(member=listed_x, contact_person="Xena Contact", email="info@x.example",
                    phone="038-7654321")
    certify(member_y, body=body_b, number="NVVK-2024-0008")
    pages = [REGISTER, f"{REGISTER}?q=Schuldhulp",
             reverse("public:member_detail", kwargs={"pk": listed_x.pk}),
             reverse("public:certificate_verify", kwargs={"number": "NVVK-2024-0007"})]
    for url in pages:
        html = page(client, url).content.decode()
        for personal in (xena.name, xena.email, xena.phone, yuri.name, yuri.email,
                         "info@x.example", "038-7654321", "xena@", "Xena"):
            assert personal not in html, (url, personal)


def test_r_m4_paused_members_and_applicants_are_not_listed(client, listed_x, member_y, body_b):
    """R-M4: paused members and applicants are not listed."""
    certify(member_y, body=body_b, number="NVVK-2024-0008")
    put_in_state(member_y, MemberState.PAUSED)
    applicant_in(MemberState.UNDER_REVIEW)
    assert names(page(client)) == ["Schuldhulp X"]
    with travel():
        assert client.get(f"/register/lid/{member_y.pk}/").status_code == 404


def test_r_s7_a_suspension_not_published_keeps_the_member_off_the_register(client, listed_x,
                                                                          dirk):
    """R-S7: a suspension not published keeps the member off the register."""
    suspend_directly(listed_x, by=dirk, publication=Publication.NONE)
    assert names(page(client)) == []
    with travel():
        assert client.get(f"/register/lid/{listed_x.pk}/").status_code == 404


def test_r_s7_a_published_suspension_shows_the_member_as_suspended(client, listed_x, dirk):
    """R-S7: a published suspension shows the member as suspended."""
    suspend_directly(listed_x, by=dirk, publication=Publication.REGISTER)
    response = page(client)
    [entry] = response.context["entries"]
    assert entry.suspended and entry.status_code == "suspended"
    assert 'class="badge suspended">Geschorst<' in response.content.decode()
    detail = page(client, f"/register/lid/{listed_x.pk}/").content.decode()
    assert "geschorst" in detail


def test_r_z4_a_postponed_audit_shows_audit_uitgesteld_tot(client, member_x, body_a, bea):
    """R-Z4: during the gap after the certificate's end the register shows the postponement,
    never a valid certificate."""
    certificate = certify(member_x, body=body_a, number="NVVK-2023-0042",
                          valid_from=dt.date(2023, 3, 1), valid_until=dt.date(2026, 2, 28),
                          state=CertificateState.EXPIRED)
    Postponement.objects.create(certificate=certificate, state=PostponementState.GRANTED,
                                requested_on=dt.date(2026, 1, 10), requested_by=bea, months=3,
                                reason="Fusie", decided_on=dt.date(2026, 1, 20),
                                audit_deadline=dt.date(2026, 5, 28))
    html = page(client).content.decode()
    assert "Audit uitgesteld tot 28 mei 2026" in html
    assert "Geldig tot" not in html


def test_r_z5_expired_and_withdrawn_certificates_are_shown_as_such(client, member_x, member_y,
                                                                   body_a):
    """R-Z5: expired and withdrawn certificates are shown as such."""
    certify(member_x, body=body_a, number="NVVK-2022-0001", valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2024, 12, 31))
    certify(member_y, body=body_a, number="NVVK-2024-0002", state=CertificateState.WITHDRAWN,
            withdrawn_on=dt.date(2026, 2, 2), withdrawal_reason="merger")
    html = page(client).content.decode()
    assert "Certificaat verlopen op 31 december 2024" in html
    assert "Certificaat ingetrokken op 2 februari 2026" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("schuldhulp", ["Schuldhulp X"]),        # by name, case-insensitive
    ("breda", ["Budgetbeheer Y"]),            # by place
    ("2024-0008", ["Budgetbeheer Y"]),        # by certificate number
    ("niemand", []),
])
def test_r_n2_search_by_name_place_or_certificate_number(client, listed_x, member_y, body_b,
                                                         query, expected):
    """R-N2: search by name place or certificate number."""
    certify(member_y, body=body_b, number="NVVK-2024-0008")
    assert names(page(client, f"{REGISTER}?q={query}")) == expected


def test_r_n2_filter_by_scope_item_and_by_certification_body(client, listed_x, member_y,
                                                             body_b):
    """R-N2: filter by scope item and by certification body."""
    member_y.scope.set(ScopeItem.objects.filter(number__in=[10, 11]))
    certify(member_y, body=body_b, number="NVVK-2024-0008")
    assert names(page(client, f"{REGISTER}?scope=11")) == ["Budgetbeheer Y"]
    assert names(page(client, f"{REGISTER}?scope=1")) == ["Schuldhulp X"]
    assert names(page(client, f"{REGISTER}?ci={body_b.pk}")) == ["Budgetbeheer Y"]
    assert names(page(client, f"{REGISTER}?ci={body_b.pk}&scope=1")) == []


def test_r_n2_sort_by_name_place_and_validity(client, listed_x, member_y, body_b):
    """R-N2: Member X: Zwolle, valid until 31 May 2027. Member Y: Breda, valid until 31 Dec 2026."""
    certify(member_y, body=body_b, number="NVVK-2024-0008", valid_until=dt.date(2026, 12, 31))
    no_certificate = MemberFactory(name="Aardig Geld", city="Assen")
    assert names(page(client)) == ["Aardig Geld", "Budgetbeheer Y", "Schuldhulp X"]
    assert names(page(client, f"{REGISTER}?sort=place")) == [
        "Aardig Geld", "Budgetbeheer Y", "Schuldhulp X"]
    assert names(page(client, f"{REGISTER}?sort=valid_until")) == [
        "Budgetbeheer Y", "Schuldhulp X", no_certificate.name]


def test_an_invalid_filter_is_reported_and_ignored_never_an_error(client, listed_x):
    response = page(client, f"{REGISTER}?scope=99&ci=abc&sort=wild&pagina=zeven")
    assert names(response) == ["Schuldhulp X"]
    assert "Een van de filters is ongeldig" in response.content.decode()


def test_r_n2_twenty_five_per_page_and_the_pages_keep_the_filters(client, body_a):
    """R-N2: twenty five per page and the pages keep the filters."""
    many_members(27, body=body_a)
    first = page(client, f"{REGISTER}?q=Lid")
    assert len(first.context["entries"]) == 25
    assert 'href="?q=Lid&amp;pagina=2"' in first.content.decode()
    assert names(page(client, f"{REGISTER}?q=Lid&pagina=2")) == ["Lid 25", "Lid 26"]


def test_the_register_list_issues_the_same_number_of_queries_for_3_and_for_30_members(
        client, body_a):
    many_members(3, body=body_a, prefix="Eerste")
    with travel():
        few = count_queries(client, REGISTER)
    many_members(27, body=body_a, prefix="Tweede", start=3)
    with travel():
        many = count_queries(client, REGISTER)
    assert few == many


def test_every_role_and_anonymous_may_see_the_register(client, listed_x, bea, xena):
    for user in (None, bea, xena.user, UserFactory(roles=[])):
        client.logout()
        if user:
            client.force_login(user)
        assert names(page(client)) == ["Schuldhulp X"]


def test_the_member_page_shows_the_public_fields(client, listed_x):
    html = page(client, f"/register/lid/{listed_x.pk}/").content.decode()
    for text in ("Schuldhulp X", "Zwolle", "NVVK-2024-0007", "CI Alfa B.V.", "31 mei 2027",
                 ScopeItem.objects.get(number=2).title, "Lid van de NVVK sinds"):
        assert text in html, text


def test_the_register_works_without_javascript_and_has_labels_and_landmarks(client, listed_x):
    html = page(client).content.decode()
    assert "<script" not in html
    assert 'role="search"' in html and 'method="get"' in html
    for field in ("id_q", "id_scope", "id_ci", "id_sort"):
        assert f'for="{field}"' in html
    assert '<th scope="col">' in html and '<main id="main"' in html


# --- register_status_of agrees with register_status (R-N2) ----------------------------------


@pytest.mark.parametrize("case", ["valid", "none", "expired", "withdrawn", "postponed",
                                  "superseded_then_renewed", "future_renewal"])
def test_register_status_of_agrees_with_register_status(case, member_x, body_a, bea):
    """The register list computes each line from prefetched certificates; it must say exactly
    what :func:`register_status` says (R-N2, R-Z3, R-Z4, R-Z5)."""
    today = TODAY
    if case == "valid":
        certify(member_x, body=body_a, number="N-1")
    elif case == "expired":
        certify(member_x, body=body_a, number="N-1", valid_from=dt.date(2022, 1, 1),
                valid_until=dt.date(2025, 12, 31))
    elif case == "withdrawn":
        certify(member_x, body=body_a, number="N-1", state=CertificateState.WITHDRAWN,
                withdrawn_on=dt.date(2026, 1, 5))
    elif case == "postponed":
        old = certify(member_x, body=body_a, number="N-1", valid_from=dt.date(2023, 3, 1),
                      valid_until=dt.date(2026, 2, 28))
        Postponement.objects.create(certificate=old, state=PostponementState.GRANTED,
                                    requested_on=dt.date(2026, 1, 10), requested_by=bea,
                                    months=2, reason="Fusie", decided_on=dt.date(2026, 1, 20),
                                    audit_deadline=dt.date(2026, 4, 28))
    elif case == "superseded_then_renewed":
        certify(member_x, body=body_a, number="N-1", valid_from=dt.date(2023, 1, 1),
                valid_until=dt.date(2025, 12, 31), state=CertificateState.SUPERSEDED)
        certify(member_x, body=body_a, number="N-2", valid_from=dt.date(2026, 1, 1),
                valid_until=dt.date(2028, 12, 31))
    elif case == "future_renewal":
        certify(member_x, body=body_a, number="N-1", valid_from=dt.date(2023, 6, 1),
                valid_until=dt.date(2026, 5, 31))
        certify(member_x, body=body_a, number="N-2", valid_from=dt.date(2026, 6, 1),
                valid_until=dt.date(2029, 5, 31))
    member = Member.objects.prefetch_related("certificates__postponements").get(pk=member_x.pk)
    assert register_status_of(certificates=member.certificates.all(), today=today) == \
        register_status(member=member_x, today=today)


def test_contacts_of_listed_members_exist_but_stay_internal(client, body_a):
    """R-A2 across a full page: thirty contact persons, none of them on the register."""
    many_members(30, body=body_a)
    html = page(client, f"{REGISTER}?pagina=1").content.decode() + page(
        client, f"{REGISTER}?pagina=2").content.decode()
    assert "Contact Persoon" not in html and "@lid.example" not in html and "06-1234" not in html
    assert ContactFactory._meta.model.objects.count() == 30
    assert CertificationBodyFactory._meta.model.objects.filter(name="CI Alfa B.V.").exists()
