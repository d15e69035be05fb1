"""Certification bodies and auditors in the bureau portal (R-C1, R-C3): register, contracts,
accreditation, recognition, yearly evaluations; auditors with their confidentiality declaration
and declared involvements (visible to the bureau; R-A2 keeps them off public pages)."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import (
    Auditor,
    AuditState,
    BodyEvaluation,
    CertificationBody,
    Contract,
    PriorInvolvement,
)
from tests.audits.factories import PriorInvolvementFactory, add_report
from tests.factories import AuditFactory, AuditorFactory, CertificationBodyFactory, FindingFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    messages_of,
    text_of,
    travel,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


def test_register_a_body_and_record_its_contract_r_c1(client, bea):
    """R-C1: registered, recognised and contracted: then it may audit."""
    client.force_login(bea)
    response = client.post(reverse("bureau:body_register"), {
        "name": "CI Gamma B.V.", "city": "Utrecht", "website": "https://gamma.example",
        "recognised": "on"})
    body = CertificationBody.objects.get(name="CI Gamma B.V.")
    assert response.status_code == 302 and response["Location"] == reverse(
        "bureau:body_detail", kwargs={"pk": body.pk})
    with travel(TODAY):
        response = client.post(reverse("bureau:body_contract", kwargs={"pk": body.pk}), {
            "starts_on": "2026-01-01", "ends_on": "2028-12-31", "signed_on": "2025-12-15"})
        assert response.status_code == 302
        html = text_of(client.get(reverse("bureau:body_detail", kwargs={"pk": body.pk})))
    assert "audits mogelijk" in html and "31 december 2028" in html
    assert body.history.order_by("-history_id").first().history_user == bea


def test_an_overlapping_contract_is_refused_naming_r_c1(client, bea, body_a):
    """R-C1: an overlapping contract is refused naming R-C1."""
    client.force_login(bea)
    count = Contract.objects.count()
    with travel(TODAY):
        response = client.post(reverse("bureau:body_contract", kwargs={"pk": body_a.pk}),
                               {"starts_on": "2026-01-01"})
    assert response.status_code == 400
    assert any("R-C1" in m and "overlapt" in m for m in messages_of(response))
    assert Contract.objects.count() == count


def test_a_contract_ending_before_it_starts_is_a_form_error(client, bea, body_a):
    client.force_login(bea)
    response = client.post(reverse("bureau:body_contract", kwargs={"pk": body_a.pk}),
                           {"starts_on": "2030-01-01", "ends_on": "2029-01-01"})
    assert response.status_code == 400
    assert "Het contract eindigt vóór het ingaat." in text_of(response)


def test_accreditation_needs_its_reference_r_c1(client, bea, body_a):
    """R-C1: accreditation needs its reference."""
    client.force_login(bea)
    url = reverse("bureau:body_accreditation", kwargs={"pk": body_a.pk})
    response = client.post(url, {"accredited": "on", "reference": ""})
    assert response.status_code == 400
    assert any("R-C1" in m for m in messages_of(response))
    assert client.post(url, {"accredited": "on", "reference": "C 123"}).status_code == 302
    body_a.refresh_from_db()
    assert body_a.accreditation_reference == "C 123"


def test_recognition_can_be_withdrawn_r_c1(client, bea, body_a):
    """R-C1: recognition can be withdrawn."""
    client.force_login(bea)
    client.post(reverse("bureau:body_recognition", kwargs={"pk": body_a.pk}), {})
    body_a.refresh_from_db()
    assert not body_a.recognised


def test_one_yearly_evaluation_per_body_and_year_r_c1(client, bea, body_a):
    """R-C1: one yearly evaluation per body and year."""
    client.force_login(bea)
    url = reverse("bureau:body_evaluation", kwargs={"pk": body_a.pk})
    data = {"year": "2025", "held_on": "2026-02-10", "summary": "Goed gesprek.",
            "agreements": "Snellere rapportage."}
    with travel(TODAY):
        assert "Kwaliteitscijfers" in text_of(client.get(url))
        assert client.post(url, data).status_code == 302
        response = client.post(url, data)
    assert response.status_code == 400
    assert any("R-C1" in m for m in messages_of(response))
    assert BodyEvaluation.objects.filter(body=body_a).count() == 1


def test_register_an_auditor_and_record_the_declarations_r_c3(client, bea, body_a, member_x):
    """R-C3: the confidentiality declaration and a declared involvement."""
    client.force_login(bea)
    response = client.post(reverse("bureau:auditor_register", kwargs={"pk": body_a.pk}),
                           {"name": "Carla Controle", "email": "carla@alfa.example"})
    auditor = Auditor.objects.get(email="carla@alfa.example")
    assert response["Location"] == reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk})
    with travel(TODAY):
        assert client.post(reverse("bureau:auditor_confidentiality", kwargs={"pk": auditor.pk}),
                           {"signed_on": "2026-03-01"}).status_code == 302
        assert client.post(reverse("bureau:auditor_involvement", kwargs={"pk": auditor.pk}), {
            "member": member_x.pk, "kind": "advisory", "description": "Procesadvies.",
            "started_on": "2024-01-01", "ended_on": "2024-06-30"}).status_code == 302
        html = text_of(client.get(reverse("bureau:auditor_detail", kwargs={"pk": auditor.pk})))
    auditor.refresh_from_db()
    assert auditor.confidentiality_signed_on == dt.date(2026, 3, 1)
    assert PriorInvolvement.objects.get(auditor=auditor).member == member_x
    assert "Procesadvies." in html and "Schuldhulp X" in html


def test_a_declaration_in_the_future_is_refused_naming_r_c3(client, bea, anna):
    """R-C3: a declaration in the future is refused naming R-C3."""
    client.force_login(bea)
    with travel(TODAY):
        response = client.post(reverse("bureau:auditor_confidentiality", kwargs={"pk": anna.pk}),
                               {"signed_on": "2026-04-01"})
    assert response.status_code == 400
    assert any("R-C3" in m for m in messages_of(response))


def test_auditor_list_shows_declarations_to_the_bureau_r_c3_r_a2(client, bea, anna, member_x):
    """R-C3: the bureau sees the declarations (R-A2 forbids them only on public pages)."""
    PriorInvolvementFactory(auditor=anna, member=member_x)
    client.force_login(bea)
    html = text_of(client.get(reverse("bureau:auditor_list")))
    assert "Anna Auditor" in html and "Schuldhulp X" in html and "getekend" in html


def test_body_and_auditor_lists_queries_do_not_grow_with_rows(client, bea, member_x):
    def add_bodies(n):
        for _ in range(n):
            body = CertificationBodyFactory()
            AuditorFactory(body=body)

    def add_auditors(n):
        for _ in range(n):
            PriorInvolvementFactory(auditor=AuditorFactory(), member=member_x)

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:body_list"), add_bodies)
    assert_constant_queries(client, reverse("bureau:auditor_list"), add_auditors)


def test_audit_list_and_detail(client, bea, member_x, body_a, anna, arie):
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP,
                         lead_auditor=anna, second_auditor=arie)
    report = add_report(audit, by=anna.user)
    FindingFactory(audit=audit, recorded_by=anna.user)
    client.force_login(bea)
    response = client.get(reverse("bureau:audit_list") + f"?instelling={body_a.pk}")
    assert [a.pk for a in response.context["page"]] == [audit.pk]
    html = text_of(client.get(reverse("bureau:audit_detail", kwargs={"pk": audit.pk})))
    assert "Anna Auditor" in html and "4.11" in html
    assert reverse("document_download", kwargs={"pk": report.document_id}) in html
    assert "<svg" in html  # the Kwaliteitskader picture (R-U3)


def test_audit_list_queries_do_not_grow_with_rows(client, bea, body_a, anna):
    def add_rows(n):
        AuditFactory.create_batch(n, body=body_a, lead_auditor=anna)

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:audit_list"), add_rows)
