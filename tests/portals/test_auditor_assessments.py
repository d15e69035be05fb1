"""Self-assessment and observation per area in the auditor portal (R-U3): the member's
zelfscan next to the auditor's observation, the level descriptions A–D as help; all areas
saved together or none."""

from django.urls import reverse

from audits.models import AreaAssessment, AuditState, PerformanceArea
from tests.portals.auditor_helpers import audit_in, messages_of


def _post(client, audit, values):
    data = {}
    for number in range(1, 8):
        level, notes = values.get(number, ("", ""))
        data[f"observation_{number}"] = level
        data[f"notes_{number}"] = notes
    return client.post(reverse("auditor:audit_assessments", args=[audit.pk]), data)


def test_form_shows_seven_areas_with_self_assessment_and_level_descriptions_r_u3(
        client, anna, body_a, member_x):
    """R-U3: form shows seven areas with self assessment and level descriptions."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    AreaAssessment.objects.create(audit=audit, area=PerformanceArea.objects.get(number=4),
                                  self_assessment="C", self_assessment_notes="Wij werken "
                                  "ketengericht.")
    client.force_login(anna.user)

    response = client.get(reverse("auditor:audit_assessments", args=[audit.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<fieldset class="card area">') == 7
    assert "Wij werken ketengericht." in html
    assert "Niveau <strong>C</strong>" in html
    assert "Beheerste processen" in html  # level A's name
    assert "De koers is op hoofdlijn geformuleerd" in html  # area 1, level A's description
    assert 'for="id_observation_1"' in html  # every field has its label


def test_observations_are_saved_per_area_through_the_service(client, anna, body_a,
                                                             member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna,
                     development_levels=True)
    client.force_login(anna.user)

    response = _post(client, audit, {1: ("B", "Koers helder."), 5: ("D", "")})

    assert response.status_code == 302
    saved = {a.area.number: (a.observation, a.observation_notes)
             for a in AreaAssessment.objects.filter(audit=audit).select_related("area")}
    assert saved == {1: ("B", "Koers helder."), 5: ("D", "")}
    assessment = AreaAssessment.objects.get(audit=audit, area__number=1)
    assert assessment.history.first().history_user == anna.user


def test_observation_in_the_wrong_step_is_refused_and_nothing_is_saved(client, anna, body_a,
                                                                       member_x):
    audit = audit_in(AuditState.FOLLOW_UP, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)

    response = _post(client, audit, {1: ("B", ""), 2: ("C", "")})

    assert response.status_code == 400
    assert any("R-U2" in m for m in messages_of(response))
    assert not AreaAssessment.objects.filter(audit=audit).exists()


def test_notes_without_a_level_are_a_form_error(client, anna, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    response = _post(client, audit, {3: ("", "Alleen tekst.")})
    assert response.status_code == 400
    assert "Kies een niveau" in response.content.decode()
    assert not AreaAssessment.objects.filter(audit=audit).exists()


def test_an_invalid_level_is_a_form_error(client, anna, body_a, member_x):
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna)
    client.force_login(anna.user)
    response = _post(client, audit, {3: ("E", "")})
    assert response.status_code == 400
    assert not AreaAssessment.objects.filter(audit=audit).exists()


def test_observation_for_an_audit_without_development_levels_is_refused_r_u4(client, anna,
                                                                             body_a, member_x):
    """R-U4: the page refuses (400, naming R-U4) a level observation for an audit without
    development levels, and nothing is saved."""
    audit = audit_in(AuditState.FIELDWORK, member=member_x, body=body_a, lead=anna,
                     development_levels=False)
    client.force_login(anna.user)
    url = reverse("auditor:audit_assessments", kwargs={"pk": audit.pk})
    page = client.get(url).content.decode()
    # refused before the click, in the guard's words, the fields disabled
    assert "blockers-box" in page and "Ontwikkelniveaus maken geen deel uit" in page
    assert '<fieldset class="observation" disabled>' in page and "aria-disabled" in page

    response = _post(client, audit, {1: ("B", "")})

    assert response.status_code == 400
    assert any("R-U4" in m for m in messages_of(response))
    assert not AreaAssessment.objects.filter(audit=audit).exists()
