"""Member portal: the member's audits, the zelfscan per performance area (R-U3) and the
evaluation of a finished audit (R-N3); another member's audit is a 404 (R-A1)."""

import pytest

from audits.models import AreaAssessment, AuditEvaluation, AuditState
from tests.factories import AuditFactory
from tests.portals.member_helpers import messages_of, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


@pytest.fixture
def preparing(member_x, body_a):
    return AuditFactory(member=member_x, body=body_a, state=AuditState.PREPARATION)


def zelfscan_data(**levels):
    data = {}
    for number in range(1, 8):
        data[f"level_{number}"] = levels.get(f"a{number}", "")
        data[f"notes_{number}"] = ""
    return data


def test_the_audit_list_and_the_audit_page_render_with_the_kwaliteitskader_picture(
        x_client, preparing):
    with travel():
        listing = x_client.get("/portaal/audits/")
        detail = x_client.get(f"/portaal/audits/{preparing.pk}/")
    assert listing.status_code == 200 and "Zelfscan invullen" in listing.content.decode()
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "<svg" in html and "Kwaliteitskader" in html and "Voorbereiding" in html


def test_r_u3_the_zelfscan_is_saved_per_area_through_the_service(x_client, preparing, xena):
    """R-U3: the zelfscan is saved per area through the service."""
    data = zelfscan_data(a1="B", a4="C")
    data["notes_4"] = "Klantprocessen zijn vastgelegd."
    with travel():
        form = x_client.get(f"/portaal/audits/{preparing.pk}/zelfscan/")
        response = x_client.post(f"/portaal/audits/{preparing.pk}/zelfscan/", data)
    assert form.status_code == 200 and "Wat betekenen de niveaus?" in form.content.decode()
    assert response.status_code == 302
    saved = {a.area.number: (a.self_assessment, a.self_assessment_notes)
             for a in AreaAssessment.objects.filter(audit=preparing)}
    assert saved == {1: ("B", ""), 4: ("C", "Klantprocessen zijn vastgelegd.")}
    assessment = AreaAssessment.objects.get(audit=preparing, area__number=4)
    assert assessment.history.first().history_user == xena.user


def test_r_u3_after_the_fieldwork_the_zelfscan_is_read_only_and_a_post_is_refused(
        x_client, member_x, body_a):
    """R-U3: after the fieldwork the zelfscan is read only and a post is refused."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.ORAL_FEEDBACK)
    with travel():
        page = x_client.get(f"/portaal/audits/{audit.pk}/zelfscan/")
        response = x_client.post(f"/portaal/audits/{audit.pk}/zelfscan/", zelfscan_data(a1="A"))
    assert "kan niet meer worden gewijzigd" in page.content.decode()
    assert response.status_code == 400
    [message] = messages_of(response)
    assert "R-U2" not in message and "zelfscan" in message
    assert not AreaAssessment.objects.exists()


def test_a_bad_level_stores_nothing(x_client, preparing):
    with travel():
        response = x_client.post(f"/portaal/audits/{preparing.pk}/zelfscan/",
                                 zelfscan_data(a1="B", a2="Z"))
    assert response.status_code == 400 and not AreaAssessment.objects.exists()


def test_r_a1_another_members_audit_is_a_404(x_client, member_y, body_b):
    """R-A1: another members audit is a 404."""
    audit = AuditFactory(member=member_y, body=body_b, state=AuditState.PREPARATION)
    with travel():
        for url in (f"/portaal/audits/{audit.pk}/", f"/portaal/audits/{audit.pk}/zelfscan/",
                    f"/portaal/audits/{audit.pk}/evaluatie/"):
            assert x_client.get(url).status_code == 404, url
        assert x_client.post(f"/portaal/audits/{audit.pk}/zelfscan/",
                             zelfscan_data(a1="A")).status_code == 404
    assert not AreaAssessment.objects.exists()


def test_r_n3_the_member_evaluates_a_finished_audit(x_client, member_x, body_a, xena):
    """R-N3: the member evaluates a finished audit."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.DEFINITIVE)
    with travel():
        assert x_client.get(f"/portaal/audits/{audit.pk}/evaluatie/").status_code == 200
        response = x_client.post(f"/portaal/audits/{audit.pk}/evaluatie/",
                                 {"score": "8", "comments": "Prettige en grondige audit."})
    assert response.status_code == 302
    evaluation = AuditEvaluation.objects.get(audit=audit)
    assert (evaluation.score, evaluation.comments) == (8, "Prettige en grondige audit.")
    assert evaluation.history.first().history_user == xena.user


def test_r_n3_an_audit_not_yet_finished_cannot_be_evaluated(x_client, preparing):
    """R-N3: an audit not yet finished cannot be evaluated."""
    with travel():
        page = x_client.get(f"/portaal/audits/{preparing.pk}/evaluatie/")
        response = x_client.post(f"/portaal/audits/{preparing.pk}/evaluatie/", {"score": "7"})
    assert "zodra het rapport definitief is" in page.content.decode()
    assert response.status_code == 400
    assert "evaluatie" in messages_of(response)[0] and "R-U2" not in messages_of(response)[0]
    assert not AuditEvaluation.objects.exists()


def test_r_n3_a_score_outside_1_to_10_is_refused_by_the_form(x_client, member_x, body_a):
    """R-N3: a score outside 1 to 10 is refused by the form."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.DECIDED)
    with travel():
        response = x_client.post(f"/portaal/audits/{audit.pk}/evaluatie/", {"score": "11"})
    assert response.status_code == 400 and not AuditEvaluation.objects.exists()
