"""Applying without an account (R-M1 step 1): the public form, the e-mailed invitation link,
setting a password and landing in the member portal."""

import re

import pytest
from django.core import mail

from core.models import Role
from members.models import Contact, Member, MemberState
from tests.factories import UserFactory
from tests.portals.member_helpers import travel

pytestmark = pytest.mark.django_db
URL = "/portaal/aanmelden/"
FORM = {
    "name": "Geldzorg Noord", "city": "Groningen", "website": "geldzorg.example",
    "contact_name": "Nina Noord", "contact_email": "nina@geldzorg.example",
    "contact_phone": "050-1234567", "motivation": "Wij willen het keurmerk.",
    "scope": ["1", "4", "22"], "conditions": "on",
}


def apply(client, data=FORM, capture=None):
    with travel():
        if capture is None:
            return client.post(URL, data)
        with capture(execute=True):
            return client.post(URL, data)


def invitation_link(message) -> str:
    return re.search(r"https?://\S+(/portaal/uitnodiging/\S+/)", message.body).group(1)


def test_r_m1_the_form_renders_for_anyone_with_the_22_forms_and_the_conditions(client):
    """R-M1: the form renders for anyone with the 22 forms and the conditions."""
    with travel():
        response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="scope"') == 22
    assert 'name="conditions"' in html and "lidmaatschapsvoorwaarden" in html


def test_r_m1_an_application_creates_the_applicant_and_the_contacts_login(
        client, django_capture_on_commit_callbacks):
    """R-M1: an application creates the applicant and the contacts login."""
    response = apply(client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/portaal/aanmelden/ontvangen/"
    member = Member.objects.get(name="Geldzorg Noord")
    assert member.state == MemberState.APPLICANT
    assert member.website == "https://geldzorg.example"
    assert sorted(member.scope.values_list("number", flat=True)) == [1, 4, 22]
    contact = Contact.objects.get(member=member)
    assert contact.user.has_role(Role.MEMBER_CONTACT) and not contact.user.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["nina@geldzorg.example"]
    assert "/portaal/uitnodiging/" in message.body


def test_r_m1_the_invitation_sets_a_password_and_opens_the_portal_once(
        client, django_capture_on_commit_callbacks):
    """R-M1: the invitation sets a password and opens the portal once."""
    apply(client, capture=django_capture_on_commit_callbacks)
    link = invitation_link(mail.outbox[0])
    client.logout()
    with travel():
        first = client.get(link)
        # The token leaves the address bar (Referer) once checked.
        assert first.status_code == 302 and "wachtwoord-instellen" in first["Location"]
        form = client.get(first["Location"])
        assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
        weak = client.post(first["Location"], {"new_password1": "123", "new_password2": "123"})
        assert weak.status_code == 400
        done = client.post(first["Location"], {"new_password1": "Budget-Noord-2026!",
                                               "new_password2": "Budget-Noord-2026!"})
        assert done.status_code == 302 and done["Location"] == "/portaal/"
        home = client.get("/portaal/")
    assert home.status_code == 200 and "Geldzorg Noord" in home.content.decode()
    user = Contact.objects.get(member__name="Geldzorg Noord").user
    assert user.check_password("Budget-Noord-2026!")
    client.logout()
    with travel():
        again = client.get(link)
    assert again.status_code == 200 and "ongeldig of verlopen" in again.content.decode()


def test_an_invalid_invitation_link_sets_nothing(client):
    with travel():
        response = client.get("/portaal/uitnodiging/MQ/verzonnen-token/")
        direct = client.get("/portaal/uitnodiging/MQ/wachtwoord-instellen/")
    assert "ongeldig of verlopen" in response.content.decode()
    assert "ongeldig of verlopen" in direct.content.decode()


def test_the_invitation_route_is_not_a_password_reset_for_staff(client, bea):
    """Only member contacts are invited here; a valid invitation of a bureau account, and its
    password-reset token, are refused."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils import timezone
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from core.accounts import invitation_token

    uid = urlsafe_base64_encode(force_bytes(bea.pk))
    with travel():
        bea.invited_at = timezone.now()
        bea.save()
        reset = client.get(f"/portaal/uitnodiging/{uid}/"
                           f"{default_token_generator.make_token(bea)}/")
        token = invitation_token.make_token(bea)
        assert invitation_token.check_token(bea, token)
    assert "ongeldig of verlopen" in reset.content.decode()
    with travel():
        response = client.get(f"/portaal/uitnodiging/{uid}/{token}/")
    assert response.status_code == 200 and "ongeldig of verlopen" in response.content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("conditions", "", "lidmaatschapsvoorwaarden aanvaardt"),
    ("scope", [], "Kies ten minste één vorm"),
    ("contact_email", "geen-adres", "Voer een geldig e-mailadres in."),
    ("name", "", "Dit veld is verplicht."),
    ("scope", ["23"], "Selecteer een geldige keuze"),
])
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_is_stored(client, field, value,
                                                                        message):
    data = {**FORM, field: value}
    if value in ("", []):
        data.pop(field)
    response = apply(client, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Member.objects.exists()
    assert not mail.outbox


def test_an_address_with_an_account_applies_but_gets_no_second_login(client):
    UserFactory(email="nina@geldzorg.example", roles=[Role.AUDITOR])
    response = apply(client)
    assert response.status_code == 302
    assert Contact.objects.get(member__name="Geldzorg Noord").user is None


def test_the_confirmation_page_renders(client):
    with travel():
        response = client.get("/portaal/aanmelden/ontvangen/")
    assert response.status_code == 200 and "Aanmelding ontvangen" in response.content.decode()
