"""The bureau's members: list with filters and pages, the member's file (timeline, core data,
scope, contacts, documents, certificates, audits, findings, signals), the scope (R-M5, R-T2)
and contacts (R-A2)."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditState
from core.documents import document_store
from core.history import change_reason_text
from core.models import Flag
from members.models import Contact, MemberState, ScopeItem
from tests.factories import (
    AuditFactory,
    CertificateFactory,
    CertificationBodyFactory,
    FindingFactory,
    MemberFactory,
)
from tests.members.factories import CoreDataFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    messages_of,
    text_of,
    travel,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def certified_x(member_x, body_a):
    """Member X with a certificate of CI A valid until 31 August 2026."""
    return CertificateFactory(
        audit=AuditFactory(member=member_x, body=body_a, state=AuditState.DECIDED),
        number="NVVK-2023-0007", valid_from=dt.date(2023, 9, 1),
        valid_until=dt.date(2026, 8, 31))


def test_member_list_shows_state_and_valid_certificate(client, bea, certified_x, member_y):
    with travel(TODAY):
        client.force_login(bea)
        response = client.get(reverse("bureau:member_list"))
    html = text_of(response)
    assert response.status_code == 200
    assert "Schuldhulp X" in html and "Budgetbeheer Y" in html
    assert "NVVK-2023-0007" in html and "31 augustus 2026" in html


@pytest.mark.parametrize("query, expected", [
    ("q=zwolle", {"Schuldhulp X"}),
    ("q=budget", {"Budgetbeheer Y"}),
    ("status=applicant", {"Aanvrager A"}),
    ("certificaat=valid", {"Schuldhulp X"}),
    ("certificaat=none", {"Budgetbeheer Y", "Aanvrager A"}),
])
def test_member_list_filters(client, bea, certified_x, member_y, query, expected):
    MemberFactory(name="Aanvrager A", state=MemberState.APPLICANT, member_since=None)
    with travel(TODAY):
        client.force_login(bea)
        response = client.get(reverse("bureau:member_list") + "?" + query)
    assert {m.name for m in response.context["page"]} == expected


def test_member_list_filters_by_scope_item_and_body_r_m5(client, bea, certified_x, member_y,
                                                          body_b):
    """R-M5: members by scope item; and by the body that audits them."""
    member_y.scope.set(ScopeItem.objects.filter(number__in=[7, 8]))
    AuditFactory(member=member_y, body=body_b)
    client.force_login(bea)
    item = ScopeItem.objects.get(number=7)
    response = client.get(reverse("bureau:member_list") + f"?scope={item.pk}")
    assert {m.name for m in response.context["page"]} == {"Budgetbeheer Y"}
    response = client.get(reverse("bureau:member_list") + f"?instelling={body_b.pk}")
    assert {m.name for m in response.context["page"]} == {"Budgetbeheer Y"}


def test_member_list_pages_by_25(client, bea):
    MemberFactory.create_batch(30)
    client.force_login(bea)
    response = client.get(reverse("bureau:member_list"))
    assert len(response.context["page"]) == 25
    assert "pagina=2" in text_of(response)
    response = client.get(reverse("bureau:member_list") + "?pagina=2")
    assert len(response.context["page"]) == 5


def test_member_list_queries_do_not_grow_with_rows(client, bea, body_a):
    def add_rows(n):
        for _ in range(n):
            member = MemberFactory()
            CertificateFactory(audit=AuditFactory(member=member, body=body_a,
                                                  state=AuditState.DECIDED),
                               valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2027, 12, 31))

    with travel(TODAY):
        client.force_login(bea)
        assert_constant_queries(client, reverse("bureau:member_list"), add_rows)


def test_member_file_shows_timeline_core_data_contacts_and_documents(
        client, bea, certified_x, member_x, xena, anna, body_a):
    CoreDataFactory(member=member_x, formation_fte="12.50")
    document = document_store(content=b"%PDF-1.4 jaarverslag", name="jaarverslag.pdf",
                              mime_type="application/pdf", actor=bea, member=member_x,
                              title="Jaarverslag 2025")
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    FindingFactory(audit=audit, recorded_by=anna.user)
    with travel(TODAY):
        client.force_login(bea)
        response = client.get(reverse("bureau:member_detail", kwargs={"pk": member_x.pk}))
    html = text_of(response)
    assert response.status_code == 200
    assert "Certificaat NVVK-2023-0007 loopt af" in html  # the timeline's deadline (R-Z3)
    assert "12,50" in html or "12.50" in html  # core data (R-M6)
    assert "Xena Contact" in html and "xena@x.example" in html  # internal only (R-A2)
    assert reverse("document_download", kwargs={"pk": document.pk}) in html
    assert "4.11" in html  # the finding
    assert reverse("bureau:audit_detail", kwargs={"pk": audit.pk}) in html


def test_documents_of_a_member_download_for_the_bureau(client, bea, member_x):
    document = document_store(content=b"%PDF-1.4 jaarverslag", name="jaarverslag.pdf",
                              mime_type="application/pdf", actor=bea, member=member_x)
    client.force_login(bea)
    response = client.get(reverse("document_download", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_unknown_member_is_404(client, bea):
    client.force_login(bea)
    assert client.get(reverse("bureau:member_detail", kwargs={"pk": 999999})).status_code == 404


# --- R-M5 scope -------------------------------------------------------------------------------


def test_scope_extension_is_saved_and_raises_an_r_t2_signal_r_m5(client, bea, member_x):
    """R-M5/R-T2: the bureau extends the scope; a signal to consider an interim audit."""
    client.force_login(bea)
    url = reverse("bureau:member_scope", kwargs={"pk": member_x.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"scope": ["1", "2", "3", "12"]}, follow=True)
    assert response.redirect_chain[-1][0].endswith(
        reverse("bureau:member_detail", kwargs={"pk": member_x.pk}))
    assert set(member_x.scope.values_list("number", flat=True)) == {1, 2, 3, 12}
    assert Flag.objects.open().filter(member=member_x, rule_id="R-T2").exists()
    history = member_x.history.order_by("-history_id").first()
    assert history.history_user == bea and "R-M5" in change_reason_text(history.history_change_reason)


def test_scope_without_any_item_stores_nothing_r_m5(client, bea, member_x):
    """R-M5: scope without any item stores nothing."""
    client.force_login(bea)
    before = set(member_x.scope.values_list("number", flat=True))
    response = client.post(reverse("bureau:member_scope", kwargs={"pk": member_x.pk}),
                           {"scope": []})
    assert response.status_code == 400
    assert "Kies ten minste één onderdeel." in text_of(response)
    assert set(member_x.scope.values_list("number", flat=True)) == before


def test_scope_of_an_expelled_member_is_refused_naming_r_m5(client, bea):
    """R-M5: scope of an expelled member is refused naming R-M5."""
    expelled = MemberFactory(state=MemberState.EXPELLED)
    client.force_login(bea)
    response = client.post(reverse("bureau:member_scope", kwargs={"pk": expelled.pk}),
                           {"scope": ["1"]})
    assert response.status_code == 400
    assert any("R-M5" in m for m in messages_of(response))


def test_an_unknown_scope_number_is_a_form_error(client, bea, member_x):
    client.force_login(bea)
    response = client.post(reverse("bureau:member_scope", kwargs={"pk": member_x.pk}),
                           {"scope": ["99"]})
    assert response.status_code == 400


# --- contacts ---------------------------------------------------------------------------------


def test_contact_add_and_edit(client, bea, member_x, xena):
    client.force_login(bea)
    url = reverse("bureau:contact_add", kwargs={"pk": member_x.pk})
    response = client.post(url, {"name": "Wim Wachter", "email": "wim@x.example",
                                 "phone": "", "function": "Directeur", "is_primary": "on"})
    assert response.status_code == 302
    wim = Contact.objects.get(email="wim@x.example")
    assert wim.is_primary and not Contact.objects.get(pk=xena.pk).is_primary
    url = reverse("bureau:contact_edit", kwargs={"pk": member_x.pk, "contact_pk": xena.pk})
    assert "xena@x.example" in text_of(client.get(url))
    response = client.post(url, {"name": "Xena Contact", "email": "xena.nieuw@x.example",
                                 "phone": "06-1", "function": "Teamleider"})
    assert response.status_code == 302
    assert Contact.objects.get(pk=xena.pk).email == "xena.nieuw@x.example"


def test_contact_with_a_bad_email_stores_nothing(client, bea, member_x):
    client.force_login(bea)
    count = Contact.objects.count()
    response = client.post(reverse("bureau:contact_add", kwargs={"pk": member_x.pk}),
                           {"name": "Wim", "email": "geen-adres"})
    assert response.status_code == 400
    assert Contact.objects.count() == count


def test_a_contact_of_another_member_is_404_under_this_member_r_a1(client, bea, member_x, yuri):
    """R-A1: a contact of another member is 404 under this member."""
    client.force_login(bea)
    url = reverse("bureau:contact_edit", kwargs={"pk": member_x.pk, "contact_pk": yuri.pk})
    assert client.get(url).status_code == 404


def test_other_roles_cannot_enter_the_member_pages(client, anna, member_x, bram):
    for user in (anna.user, bram):
        client.force_login(user)
        url = reverse("bureau:member_detail", kwargs={"pk": member_x.pk})
        assert client.get(url).status_code == 403


def test_member_list_select_options_come_from_reference_data(client, bea):
    CertificationBodyFactory(name="CI Gamma")
    client.force_login(bea)
    html = text_of(client.get(reverse("bureau:member_list")))
    assert "CI Gamma" in html and "Sociale kredietverlening" in html
