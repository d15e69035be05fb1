"""The outbox in the bureau portal (issue #11, R-Z6 "never lost"): every e-mail with its
recipient, subject, status, attempts and last error; filtered by status; a message opened as it
was sent; one or many offered again through the service; a failing outbox on the dashboard."""

import pytest
from django.urls import reverse

from core.history import reason_starts_with
from notifications.models import Notification, NotificationStatus
from tests.portals.bureau_helpers import assert_constant_queries, messages_of, text_of

pytestmark = pytest.mark.django_db

OUTBOX = "/bureau/uitgaande-email/"


def message(n=0, *, status=NotificationStatus.FAILED, member=None, **extra):
    fields = {"recipient_email": f"lid{n}@x.example", "template": "audit-planned",
              "subject": f"Audit gepland {n}", "body_text": f"Beste lid {n}, de audit …",
              "body_html": f"<p>Beste lid {n}</p>", "status": status, "member": member,
              "attempts": 8 if status == NotificationStatus.FAILED else 1,
              "last_error": "SMTP 451 tijdelijk niet beschikbaar"
              if status == NotificationStatus.FAILED else ""}
    fields.update(extra)
    return Notification.objects.create(**fields)


def test_r_z6_the_outbox_lists_every_message_with_status_attempts_and_error(client, bea,
                                                                          member_x):
    """R-Z6: the bureau sees each message: recipient, subject, member, status, attempts and the
    last error; the failed ones are counted above the list."""
    message(1, member=member_x)
    message(2, status=NotificationStatus.SENT)
    client.force_login(bea)
    page = text_of(client.get(reverse("bureau:outbox")))
    assert "lid1@x.example" in page and "Audit gepland 1" in page and "Schuldhulp X" in page
    assert "SMTP 451" in page and "Mislukt" in page and "Verzonden" in page
    assert "1 bericht is niet verzonden" in page
    assert page.count('name="ids"') == 1  # a sent message cannot be chosen


def test_r_z6_the_outbox_filters_by_status_and_search_and_refuses_bad_values_gently(client,
                                                                                  bea):
    """R-Z6: the status filter and the search narrow the list; an unknown status is a field error,
    not a 500, and the list still shows."""
    message(1)
    message(2, status=NotificationStatus.SENT)
    client.force_login(bea)
    failed = text_of(client.get(OUTBOX, {"status": "failed"}))
    assert "Audit gepland 1" in failed and "Audit gepland 2" not in failed
    found = text_of(client.get(OUTBOX, {"q": "lid2@"}))
    assert "Audit gepland 2" in found and "Audit gepland 1" not in found
    bad = client.get(OUTBOX, {"status": "kapot"})
    assert bad.status_code == 200 and "Selecteer een geldige keuze" in text_of(bad)


def test_r_z6_chosen_messages_are_offered_again_and_a_sent_one_is_refused(
        client, bea, django_capture_on_commit_callbacks, mailoutbox):
    """R-Z6: retrying the chosen messages puts the failed ones back in the queue (history names
    the bureau; sent after the commit); a sent message is refused naming R-Z6 and unchanged."""
    failed = message(1)
    sent = message(2, status=NotificationStatus.SENT)
    client.force_login(bea)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("bureau:outbox_retry"),
                               {"ids": [failed.pk, sent.pk], "next": OUTBOX}, follow=True)
    notes = " ".join(messages_of(response))
    assert "1 bericht wordt opnieuw verzonden." in notes and "R-Z6" in notes
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == NotificationStatus.SENT and [m.to for m in mailoutbox] == [
        ["lid1@x.example"]]
    assert failed.history.filter(reason_starts_with("handmatig opnieuw aangeboden"),
                                 history_user=bea).exists()
    assert sent.attempts == 1


def test_r_z6_retrying_nothing_says_so(client, bea):
    """R-Z6: a retry without a chosen message says what to do."""
    client.force_login(bea)
    response = client.post(reverse("bureau:outbox_retry"), {"ids": ["x"]}, follow=True)
    assert "Kies eerst één of meer berichten." in " ".join(messages_of(response))


def test_r_z6_a_message_opens_as_it_was_sent_with_its_html_in_a_sandbox(client, bea,
                                                                        member_x):
    """R-Z6: a message shows its recipient, status, error and text; its HTML part is served on its
    own under a sandbox policy, so it cannot act inside the portal."""
    failed = message(1, member=member_x)
    client.force_login(bea)
    page = text_of(client.get(reverse("bureau:outbox_message", kwargs={"pk": failed.pk})))
    assert "Beste lid 1, de audit" in page and "SMTP 451" in page
    assert 'name="ids"' in page  # offered again from here
    html = client.get(reverse("bureau:outbox_message_html", kwargs={"pk": failed.pk}))
    assert html.content == b"<p>Beste lid 1</p>"
    assert "sandbox" in html["Content-Security-Policy"]
    assert "script" not in html["Content-Security-Policy"]


def test_r_z6_the_outbox_costs_the_same_queries_for_3_and_30_messages(client, bea, member_x):
    """R-Z6: the outbox page costs the same queries for 3 and 30 messages."""
    client.force_login(bea)
    start = [0]

    def add(n):
        for i in range(n):
            message(start[0] + i, member=member_x)
        start[0] += n

    assert_constant_queries(client, OUTBOX, add)


def test_r_z6_a_failing_outbox_shows_on_the_bureau_dashboard(client, bea):
    """R-Z6: failed messages are counted on the bureau's dashboard with a link to them."""
    client.force_login(bea)
    assert "niet verzonden" not in text_of(client.get(reverse("bureau:home")))
    message(1)
    message(2)
    page = text_of(client.get(reverse("bureau:home")))
    assert "2 e-mails zijn niet verzonden." in page and "?status=failed" in page
