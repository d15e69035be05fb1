"""Issue #8: the public application form is rate-limited per client address and in all, so that
a script cannot create members, logins and e-mails to any address it types; and its answer
says nothing about whether an e-mail address has an account."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache

from core.models import Role
from core.rate_limit import Limit, rate_limit_take
from members.models import Member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/portaal/aanmelden/"
NOON = dt.datetime(2026, 3, 10, 11, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def private_cache(settings):
    """A cache of this test's own (the counts of other tests, or of another test process on a
    shared Redis, do not reach it), with small limits."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "apply-rate-limit-tests"}}
    cache.clear()
    settings.APPLY_RATE_LIMIT_PER_ADDRESS = 3
    settings.APPLY_RATE_LIMIT_GLOBAL = 5
    settings.APPLY_RATE_LIMIT_WINDOW_MINUTES = 60
    yield
    cache.clear()


def form(n, **changes):
    return {"name": f"Geldzorg {n}", "city": "Groningen", "website": f"geldzorg{n}.example",
            "contact_name": f"Nina {n}", "contact_email": f"nina{n}@geldzorg.example",
            "contact_phone": "050-1234567", "motivation": "Wij willen het keurmerk.",
            "scope": ["1"], "conditions": "on", **changes}


def post(client, n, *, address="203.0.113.7", minutes=0, **meta):
    with time_machine.travel(NOON + dt.timedelta(minutes=minutes), tick=False):
        return client.post(URL, form(n), REMOTE_ADDR=address, **meta)


def test_the_fourth_application_from_one_address_gets_429_and_stores_nothing(
        client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert post(client, n).status_code == 302
    assert Member.objects.count() == 3 and len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, 3)
    assert response.status_code == 429
    html = response.content.decode()
    assert "te veel aanmeldingen" in html and "niet opgeslagen" in html
    assert 'value="Geldzorg 3"' in html  # what was typed is kept on the page
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Member.objects.count() == 3 and len(mail.outbox) == 3
    assert not Member.objects.filter(name="Geldzorg 3").exists()


def test_another_address_may_still_apply_until_the_overall_limit(client):
    for n in range(3):
        post(client, n, address="203.0.113.7")
    assert post(client, 3, address="198.51.100.1").status_code == 302
    assert post(client, 4, address="198.51.100.2").status_code == 302
    # Five in all: the sixth is refused whatever its address.
    assert post(client, 5, address="198.51.100.3").status_code == 429
    assert Member.objects.count() == 5


def test_a_refused_or_invalid_application_does_not_count(client):
    for n in range(3):
        post(client, n)
    for n in range(3, 6):
        assert post(client, n).status_code == 429
    with time_machine.travel(NOON, tick=False):
        invalid = client.post(URL, form(9, conditions=""), REMOTE_ADDR="198.51.100.1")
    assert invalid.status_code == 400
    # The refusals and the invalid form left the overall count at three.
    assert post(client, 10, address="198.51.100.1").status_code == 302
    assert post(client, 11, address="198.51.100.2").status_code == 302
    assert post(client, 12, address="198.51.100.3").status_code == 429


def test_the_limit_opens_again_in_the_next_window(client):
    for n in range(3):
        post(client, n)
    assert post(client, 3, minutes=30).status_code == 429
    assert post(client, 4, minutes=61).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(client, settings):
    """The address is the one the login throttle counts (LOGIN_TRUSTED_PROXY_COUNT): with one
    proxy, the last X-Forwarded-For entry (what the client forged before it is ignored)."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        assert post(client, n, address="10.0.0.1",
                    HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7").status_code == 302
    assert post(client, 3, address="10.0.0.1",
                HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert post(client, 4, address="10.0.0.1",
                HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 302


def test_fifteen_takes_in_one_second_keep_to_the_limit():
    limits = [Limit("address:203.0.113.7", 3), Limit("all", 5)]
    allowed = [rate_limit_take(scope="t", limits=limits, window=3600, now=1_000_000.0) is None
               for _ in range(15)]
    assert allowed.count(True) == 3


def test_the_answer_does_not_say_whether_an_address_has_an_account(
        client, django_capture_on_commit_callbacks):
    """Issue #8: the same answer, the same next page and one e-mail to the typed address,
    whether it is new or already has an account."""
    UserFactory(email="nina1@geldzorg.example", roles=[Role.AUDITOR])
    with django_capture_on_commit_callbacks(execute=True):
        new = post(client, 0)
        existing = post(client, 1)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "nina0@geldzorg.example", "nina1@geldzorg.example"]
    assert (new.status_code, new["Location"]) == (existing.status_code, existing["Location"])
    assert Member.objects.count() == 2
