"""R-K1 (issue #9): the public files a complaint without an account on /register/klacht/:
about a member of the register or a recognised certification body, with the R-K2 deadlines of
a member's complaint, a flag for the bureau and a confirmation e-mail to the complainant.
Rate-limited like the application form; the answer is the same whatever address was typed."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from complaints import deadlines
from complaints.models import Channel, Complaint, ComplaintState, ComplaintSubject
from core.models import Flag, Role
from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/register/klacht/"
NOON = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def private_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "complaint-rate-limit-tests"}}
    cache.clear()
    settings.APPLY_RATE_LIMIT_PER_ADDRESS = 2
    settings.APPLY_RATE_LIMIT_GLOBAL = 5
    settings.APPLY_RATE_LIMIT_WINDOW_MINUTES = 60
    yield
    cache.clear()


def form(subject, **changes):
    return {"subject_kind": "member", "member": subject.pk,
            "content": "Mijn aanvraag voor schuldhulp bleef twee maanden liggen.",
            "complainant_name": "Karel Klager", "complainant_email": "karel@klager.example",
            **changes}


def post(client, data, capture, *, address="203.0.113.7"):
    with time_machine.travel(NOON, tick=False), capture(execute=True):
        return client.post(URL, data, REMOTE_ADDR=address)


def test_r_k1_anyone_files_a_complaint_about_a_member(client, member_x,
                                                      django_capture_on_commit_callbacks):
    """R-K1, R-K2: a complaint from the public gets its deadlines, a bureau flag and a
    confirmation to the complainant that is not linked to the member (R-A2)."""
    assert reverse("public:complaint") == URL
    assert URL in client.get(reverse("public:home")).content.decode()
    response = post(client, form(member_x), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("public:complaint_done")
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.subject_kind, complaint.member) == (
        Channel.WEB_FORM, ComplaintSubject.MEMBER, member_x)
    assert complaint.state == ComplaintState.RECEIVED
    assert complaint.acknowledge_by == deadlines.acknowledge_by(complaint.received_at)
    assert complaint.respond_by == deadlines.respond_by(deadlines.received_on(NOON))
    assert complaint.resolve_by == deadlines.resolve_by(deadlines.received_on(NOON))
    flag = Flag.objects.get(key=f"complaint-ack-{complaint.pk}")
    assert flag.rule_id == "R-K2" and flag.resolved_on is None
    [message] = Notification.objects.filter(template="complaint-received")
    assert message.recipient_email == "karel@klager.example"
    assert message.member is None
    assert complaint.reference in message.subject


def test_r_k1_a_complaint_about_a_body(client, body_a, django_capture_on_commit_callbacks):
    """R-K1: a complaint about a recognised certification body."""
    body_a.recognised = True
    body_a.save()
    response = post(client, {**form(body_a, subject_kind="body", body=body_a.pk),
                             "member": ""}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Complaint.objects.get().body == body_a


@pytest.mark.parametrize("changes,error", [
    ({"member": ""}, "Kies het lid waarover u een klacht heeft."),
    ({"complainant_email": "geen-adres"}, "Vul een geldig e-mailadres in."),
    ({"content": "  "}, "Beschrijf waarover u een klacht heeft."),
])
def test_r_k1_bad_input_is_a_form_error_and_stores_nothing(
        client, member_x, changes, error, django_capture_on_commit_callbacks):
    """R-K1: bad input gets a Dutch form error; nothing is stored or sent."""
    response = post(client, form(member_x, **changes), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Complaint.objects.exists() and not Notification.objects.exists()


def test_r_k1_the_answer_says_nothing_about_existing_accounts(
        client, member_x, xena, django_capture_on_commit_callbacks):
    """R-A2, R-K1: an address with an account gets the same answer as any other."""
    UserFactory(email="karel@klager.example", roles=[Role.MEMBER_CONTACT])
    known = post(client, form(member_x), django_capture_on_commit_callbacks)
    unknown = post(client, form(member_x, complainant_email="nieuw@klager.example"),
                   django_capture_on_commit_callbacks, address="203.0.113.8")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page = client.get(known["Location"]).content.decode()
    assert "karel@klager.example" not in page and "account" not in page.lower()


def test_r_k1_the_form_is_rate_limited_and_a_refusal_stores_nothing(
        client, member_x, django_capture_on_commit_callbacks):
    """R-K1, issue #8: the third complaint from one address in the window gets 429."""
    for _n in range(2):
        assert post(client, form(member_x), django_capture_on_commit_callbacks
                    ).status_code == 302
    response = post(client, form(member_x), django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "te veel klachten" in response.content.decode()
    assert Complaint.objects.count() == 2
    assert 0 < int(response["Retry-After"]) <= 3600


def test_r_k1_a_former_member_is_not_a_choice(client, member_x,
                                              django_capture_on_commit_callbacks):
    """R-K1: only members of the register can be chosen."""
    type(member_x).objects.filter(pk=member_x.pk).update(state="resigned")
    response = post(client, form(member_x), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert not Complaint.objects.exists()
