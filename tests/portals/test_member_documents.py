"""Member portal: documents against the appendix-3 checklist (R-U2), uploads checked by
content, the member's own documents only (R-A1), a constant number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audits.models import AuditState, DocumentRequirement, ReportVersion
from core.models import Document
from tests.audits.factories import add_report
from tests.factories import AuditFactory
from tests.portals.member_helpers import PDF, count_queries, store_document, travel

pytestmark = pytest.mark.django_db
URL = "/portaal/documenten/"


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


def upload(client, requirement, content=PDF, name="beleid.pdf"):
    with travel():
        return client.post(URL, {"requirement": requirement.pk,
                                 "file": SimpleUploadedFile(name, content)})


def test_r_u2_a_document_is_stored_against_its_appendix_3_requirement(x_client, member_x,
                                                                      xena):
    """R-U2: a document is stored against its appendix 3 requirement."""
    requirement = DocumentRequirement.objects.order_by("number").first()
    response = upload(x_client, requirement)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.member, document.title, document.uploaded_by, document.mime_type) == (
        member_x, requirement.title, xena.user, "application/pdf")
    with travel():
        page = x_client.get(URL)
    [(first, delivered)] = [row for row in page.context["checklist"] if row[0] == requirement]
    assert delivered == [document]
    assert f'href="/documenten/{document.pk}/"' in page.content.decode()
    with travel():
        download = x_client.get(f"/documenten/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_the_type_is_read_from_the_content_not_the_name_and_nothing_is_stored(x_client):
    requirement = DocumentRequirement.objects.order_by("number").first()
    response = upload(x_client, requirement, content=b"<html>geen pdf</html>", name="echt.pdf")
    assert response.status_code == 400
    assert "Dit bestandstype is niet toegestaan" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_needs_a_requirement_of_the_checklist(x_client):
    with travel():
        response = x_client.post(URL, {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 400 and not Document.objects.exists()


def test_r_a1_the_list_holds_only_the_members_own_documents(x_client, member_x, member_y, bea):
    """R-A1: the list holds only the members own documents."""
    own = store_document(member_x, title="Jaarverslag", by=bea)
    other = store_document(member_y, title="Jaarverslag Y", by=bea, name="geheim-y.pdf")
    with travel():
        page = x_client.get(URL)
        assert list(page.context["page"].object_list) == [own]
        assert "geheim-y.pdf" not in page.content.decode()
        assert x_client.get(f"/documenten/{other.pk}/").status_code == 404


def test_r_u2_a_concept_report_reaches_the_member_only_once_presented(x_client, member_x,
                                                                      body_a, anna):
    """R-U2/R-C4: before the second auditor's review and the presentation the concept report
    is the body's working document."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.CONCEPT_REPORT)
    report = add_report(audit, version=ReportVersion.CONCEPT, by=anna.user)
    with travel():
        assert report.document not in x_client.get(URL).context["page"].object_list
        assert report not in x_client.get(f"/portaal/audits/{audit.pk}/").context["reports"]
    type(audit).objects.filter(pk=audit.pk).update(state=AuditState.PRESENTED)
    with travel():
        assert report.document in x_client.get(URL).context["page"].object_list
        assert report in x_client.get(f"/portaal/audits/{audit.pk}/").context["reports"]


def test_the_document_list_issues_the_same_number_of_queries_for_3_and_for_30(x_client,
                                                                              member_x, bea):
    for n in range(3):
        store_document(member_x, title=f"Stuk {n}", by=bea)
    with travel():
        few = count_queries(x_client, URL)
    for n in range(27):
        store_document(member_x, title=f"Ander stuk {n}", by=bea)
    with travel():
        many = count_queries(x_client, URL)
    assert few == many


def test_documents_are_paged_25_at_a_time(x_client, member_x, bea):
    for n in range(27):
        store_document(member_x, title=f"Stuk {n}", by=bea)
    with travel():
        first = x_client.get(URL)
        second = x_client.get(f"{URL}?pagina=2")
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
