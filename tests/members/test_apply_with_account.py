"""R-M1 step 1 without an account (:func:`members.services.member_apply_with_account`): the
application creates the contact's login (no usable password, member-contact role, linked as
``Contact.user``) and e-mails the invitation link to set a password."""

import datetime as dt

import pytest
from django.core import mail

from core.accounts import invitation_token
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Flag, Role, User
from members.models import Contact, Member, MemberState
from members.services import member_apply_with_account
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


def apply(**changes):
    data = dict(name="Geldzorg Noord", city="Groningen", website="https://geldzorg.example",
                contact_name="Nina Noord", contact_email="Nina@Geldzorg.example",
                contact_phone="050-1234567", motivation="Wij willen het keurmerk.",
                scope_numbers=[1, 4], conditions_accepted=True, today=TODAY)
    data.update(changes)
    return member_apply_with_account(**data)


def test_r_m1_the_application_creates_the_contacts_login_linked_to_this_member_only():
    """R-M1: the application creates the contacts login linked to this member only."""
    member = apply()
    assert member.state == MemberState.APPLICANT
    contact = Contact.objects.get(member=member)
    user = contact.user
    assert user is not None and user.email == "nina@geldzorg.example"
    assert user.full_name == "Nina Noord"
    assert not user.has_usable_password()
    assert user.has_role(Role.MEMBER_CONTACT) and not user.has_role(Role.BUREAU)
    assert change_reason_text(contact.history.order_by("-history_id").first().history_change_reason) == (
        "inlog voor de contactpersoon aangemaakt (R-A1)")


def test_r_m1_the_confirmation_e_mail_carries_a_working_invitation_link(
        django_capture_on_commit_callbacks):
    """R-M1: the confirmation e-mail carries a working invitation link."""
    with django_capture_on_commit_callbacks(execute=True):
        member = apply()
    user = Contact.objects.get(member=member).user
    [message] = mail.outbox
    assert message.to == ["Nina@Geldzorg.example"]
    assert "Geldzorg Noord" in message.body
    link = next(line for line in message.body.splitlines() if "/portaal/uitnodiging/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation_token.check_token(user, token)
    html = message.alternatives[0][0]
    assert "Wachtwoord instellen" in html and "/portaal/uitnodiging/" in html
    # One message: the confirmation that member_apply queues after the commit of every
    # application (members.emails, issue #5) is this one, with the link (same key).
    assert Notification.objects.get().key == (
        f"event:application-received:{member.admission.pk}:c{member.contacts.get().pk}")


def test_r_m1_an_address_that_already_has_an_account_gets_no_second_one(
        django_capture_on_commit_callbacks):
    """R-M1: Nobody gains someone else's login by applying with its address; the bureau links it."""
    existing = UserFactory(email="nina@geldzorg.example", roles=[Role.AUDITOR])
    with django_capture_on_commit_callbacks(execute=True):
        member = apply()
    contact = Contact.objects.get(member=member)
    assert contact.user is None
    assert User.objects.filter(email__iexact="nina@geldzorg.example").count() == 1
    assert not existing.roles.filter(role=Role.MEMBER_CONTACT).exists()
    flag = Flag.objects.get(key=f"R-M1:account-exists:{member.pk}")
    assert (flag.rule_id, flag.audience) == ("R-M1", "bureau")
    [message] = mail.outbox
    assert "/portaal/uitnodiging/" not in message.body


@pytest.mark.parametrize(("changes", "rule"), [
    ({"conditions_accepted": False}, "R-M1"),
    ({"contact_name": " "}, "R-M1"),
    ({"contact_email": "geen-adres"}, "R-M1"),
    ({"scope_numbers": []}, "R-M5"),
    ({"scope_numbers": [23]}, "R-M5"),
])
def test_r_m1_a_refused_application_creates_no_member_no_login_and_no_mail(changes, rule):
    """R-M1: a refused application creates no member no login and no mail."""
    with pytest.raises(RuleViolation) as refused:
        apply(**changes)
    assert refused.value.rule_id == rule
    assert not Member.objects.exists() and not User.objects.exists()
    assert not mail.outbox and not Notification.objects.exists()
