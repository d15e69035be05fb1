"""The member portal's home, core data and scope (SPEC §1, R-A1, R-M4, R-M5, R-M6, R-F3): a
member contact sees only its own organisation."""

import pytest

from audits.models import AuditState
from core.history import change_reason_text
from core.models import Role
from findings.models import FindingKind
from members.models import CoreData, MemberState, ScopeItem
from tests.factories import AuditFactory, FindingFactory, UserFactory
from tests.members.factories import CoreDataFactory, applicant_in
from tests.portals.member_helpers import TODAY, certify, messages_of, put_in_state, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


def get(client, url):
    with travel():
        return client.get(url)


def post(client, url, data):
    with travel():
        return client.post(url, data)


def test_home_shows_state_certificate_open_findings_deadlines_and_timeline(x_client, member_x,
                                                                          body_a, anna):
    """Member X: certificate valid up to 31 May 2027; an afwijking of 31 January 2026 whose
    plan van aanpak is due on 31 March 2026 (R-F3)."""
    certify(member_x, body=body_a, number="NVVK-2024-0007")
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.FOLLOW_UP)
    FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY, recorded_by=anna.user)
    response = get(x_client, "/portaal/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Schuldhulp X", "Lid", "NVVK-2024-0007", "Geldig van 1 juni 2024 tot en met "
                 "31 mei 2027", "U staat in het openbare ledenregister", "4.11",
                 "Plan van aanpak uiterlijk", "31 maart 2026", "Komende termijnen",
                 "Tijdlijn", "Certificaat NVVK-2024-0007 afgegeven"):
        assert text in html, text
    assert response.context["deadlines"][0].on >= TODAY


def test_home_of_an_applicant_shows_what_the_application_still_needs(client):
    """R-M1: an applicant's contact sees its admission and what is missing."""
    from tests.factories import ContactFactory

    member = applicant_in(MemberState.UNDER_REVIEW)
    contact = ContactFactory(member=member)
    client.force_login(contact.user)
    html = get(client, "/portaal/").content.decode()
    assert "Uw aanmelding" in html and "de controle door het Verenigingsbureau" in html
    assert "U staat nu niet in het openbare ledenregister" in html


def test_r_m4_a_paused_member_is_told_it_is_not_in_the_register(x_client, member_x, body_a):
    """R-M4: a paused member is told it is not in the register."""
    certify(member_x, body=body_a, number="NVVK-2024-0007")
    put_in_state(member_x, MemberState.PAUSED)
    html = get(x_client, "/portaal/").content.decode()
    assert "lidmaatschap is gepauzeerd." in html and "(R-M4)" not in html and "U staat nu niet in het openbare ledenregister" in html


def test_r_a1_the_portal_shows_only_the_contacts_own_member(client, xena, yuri):
    """R-A1: the portal shows only the contacts own member."""
    client.force_login(yuri.user)
    html = get(client, "/portaal/").content.decode()
    assert "Budgetbeheer Y" in html and "Schuldhulp X" not in html


def test_a_member_contact_login_without_a_member_gets_a_403_page(client):
    client.force_login(UserFactory(roles=[Role.MEMBER_CONTACT]))
    response = get(client, "/portaal/")
    assert response.status_code == 403
    assert "nog niet gekoppeld aan een organisatie" in response.content.decode()


@pytest.mark.parametrize("who", ["bea", "dirk", "bram", "kim"])
def test_staff_get_403_in_the_member_portal(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert get(client, "/portaal/").status_code == 403


def test_anonymous_goes_to_the_login_page(client):
    response = get(client, "/portaal/kerngegevens/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


# --- R-M6 core data --------------------------------------------------------------------------


def test_r_m6_core_data_form_shows_the_current_data_and_saves_through_the_service(
        x_client, member_x, xena):
    """R-M6: core data form shows the current data and saves through the service."""
    CoreDataFactory(member=member_x)
    response = get(x_client, "/portaal/kerngegevens/")
    assert response.status_code == 200
    assert 'value="Stationsplein 1, Zwolle"' in response.content.decode()
    response = post(x_client, "/portaal/kerngegevens/", {
        "name": "Schuldhulp X", "address": "Grote Markt 2, Zwolle", "formation_fte": "14.5",
        "executive_permanent_count": "11", "website": "schuldhulp-x.example"})
    assert response.status_code == 302
    core = CoreData.objects.get(member=member_x, audit__isnull=True)
    assert (core.address, str(core.formation_fte), core.executive_permanent_count) == (
        "Grote Markt 2, Zwolle", "14.50", 11)
    assert core.website == "https://schuldhulp-x.example"
    last = core.history.order_by("-history_id").first()
    assert (last.history_user, change_reason_text(last.history_change_reason)) == (
        xena.user, "kerngegevens bijgewerkt (R-M6)")


def test_r_m6_bad_core_data_are_refused_with_dutch_messages_and_nothing_is_stored(
        x_client, member_x):
    """R-M6: bad core data are refused with Dutch messages and nothing is stored."""
    CoreDataFactory(member=member_x)
    response = post(x_client, "/portaal/kerngegevens/", {
        "name": "", "formation_fte": "veel", "email": "geen-adres"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit veld is verplicht." in html and "Voer een getal in." in html
    assert CoreData.objects.get(member=member_x, audit__isnull=True).address == (
        "Stationsplein 1, Zwolle")


def test_r_m5_the_scope_page_lists_the_22_forms_and_marks_the_members(x_client, member_x):
    """R-M5: the scope page lists the 22 forms and marks the members."""
    response = get(x_client, "/portaal/scope/")
    assert response.status_code == 200
    assert len(response.context["items"]) == 22 == ScopeItem.objects.count()
    assert [item.number for item, chosen in response.context["items"] if chosen] == [1, 2, 3]
    assert "R-M5" in response.content.decode()


def test_every_page_of_the_portal_renders_for_a_contact(x_client, member_x):
    for url in ("/portaal/", "/portaal/kerngegevens/", "/portaal/scope/", "/portaal/documenten/",
                "/portaal/audits/", "/portaal/bevindingen/", "/portaal/certificaat/",
                "/portaal/certificaat/uitstel/", "/portaal/schorsing/", "/portaal/klachten/",
                "/portaal/klachten/nieuw/"):
        response = get(x_client, url)
        assert response.status_code == 200, url
        assert 'aria-label="Ledenportaal"' in response.content.decode(), url
    assert messages_of(response) == []
