"""Issue #9: documents attached to an appeal (R-S3, R-S4) open for the Bestuur and the
member's contacts, nobody else; the R-S7 notice counts its own recipients."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.documents import documents_for
from suspensions.models import Appeal, NoticeAudience, SuspensionNotice
from suspensions.services import suspension_send_notice
from tests.factories import ContactFactory, MemberFactory
from tests.portals.member_helpers import PDF, suspend_directly, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspension(member_x, dirk):
    return suspend_directly(member_x, by=dirk, starts_on=dt.date(2026, 3, 1))


def _file(client, suspension, **extra):
    with travel(dt.date(2026, 3, 10)):
        return client.post(f"/portaal/schorsing/{suspension.pk}/beroep/",
                           {"subject": "suspension", "motivation": "Onzorgvuldig.", **extra})


def test_r_s3_a_document_attached_to_the_appeal_opens_for_the_board_and_the_member(
        client, xena, yuri, bram, anna, suspension):
    """R-S3, R-S4: the member attaches a document to its appeal; the Bestuur and the member's
    contacts open it, another member and an auditor do not."""
    client.force_login(xena.user)
    response = _file(client, suspension,
                     attachment=SimpleUploadedFile("brief.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    [document] = appeal.documents.all()
    assert document.member == suspension.member and document.uploaded_by == xena.user
    url = reverse("document_download", args=[document.pk])
    assert documents_for(user=xena.user).filter(pk=document.pk).exists()
    assert documents_for(user=bram).filter(pk=document.pk).exists()
    assert not documents_for(user=yuri.user).filter(pk=document.pk).exists()
    assert not documents_for(user=anna.user).filter(pk=document.pk).exists()
    assert client.get(url).status_code == 200
    with travel(dt.date(2026, 3, 10)):
        assert url in client.get("/portaal/schorsing/").content.decode()
    client.force_login(bram)
    with travel(dt.date(2026, 3, 10)):
        assert url in client.get(reverse("board:appeal", args=[appeal.pk])).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(yuri.user)
    assert client.get(url).status_code == 404


def test_r_s3_a_file_of_the_wrong_type_stores_nothing(client, xena, suspension):
    """R-S3: an upload that is not a document is a form error; no appeal, no document."""
    client.force_login(xena.user)
    response = _file(client, suspension,
                     attachment=SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary", "application/pdf"))
    assert response.status_code == 400
    assert not Appeal.objects.exists()


def test_r_s7_the_notice_counts_its_own_recipients(client, bea, dirk, member_x, member_y,
                                                   yuri, settings, suspension):
    """R-S7: the notice records how many addresses it goes to (every contact of every other
    member in state lid; the partner addresses), without anyone typing the number."""
    ContactFactory(member=member_y, email="tweede@y.example")
    ContactFactory(member=MemberFactory(state="applicant"), email="aanvrager@a.example")
    settings.CONVENANT_PARTNER_EMAILS = ["a@partner.example", "b@partner.example",
                                         "c@partner.example"]
    client.force_login(bea)
    url = reverse("bureau:suspension_notice", args=[suspension.pk])
    with travel(dt.date(2026, 3, 2)):
        page = client.get(url).content.decode()
        assert 'name="recipients"' not in page
        assert "(2 ontvangers)" in page and "(3 ontvangers)" in page
        assert client.post(url, {"audience": "members", "text": "Geschorst."}
                           ).status_code == 302
    assert SuspensionNotice.objects.get(audience=NoticeAudience.MEMBERS).recipients == 2
    notice = suspension_send_notice(suspension=suspension,
                                    audience=NoticeAudience.CONVENANT_PARTNERS,
                                    text="Geschorst.", actor=bea, today=dt.date(2026, 3, 2))
    assert notice.recipients == 3
