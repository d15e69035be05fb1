"""E-mails mail providers trust (issue #18, RFC 5322/2047), checked on the sent message as
Python's e-mail parser reads it: a random Message-ID stored with the message (the same on each
retry, different on another database), Date with the Amsterdam offset, the recipient's display
name, a non-ASCII subject folded from its first line, a link to the object in the text and the
HTML part, and List-Unsubscribe on reminders (R-Z6)."""

import datetime as dt
import email
import re
from email import policy
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification, new_message_id
from notifications.sending import notification_send
from notifications.services import notification_queue
from tests.factories import AuditFactory, CertificateFactory, UserFactory

pytestmark = pytest.mark.django_db
SUMMER = dt.datetime(2026, 7, 1, 8, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam, +0200
WINTER = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)  # 09:00 in Amsterdam, +0100


@pytest.fixture
def certificate(member_x, body_a):
    return CertificateFactory(number="NVVK-2023-0042", audit__member=member_x,
                              audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                              valid_until=dt.date(2026, 5, 31))


@pytest.fixture
def reminder(xena, member_x, certificate):
    return notification_queue(
        template="certificate-reminder", to=xena, member=member_x,
        key=f"reminder:certificate:{certificate.pk}:1m",
        context={"certificate": certificate, "expired": False})


def sent(notification, now=SUMMER):
    """Send ``notification`` and parse the bytes as a mail program would."""
    mail.outbox.clear()
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert notification_send(notification_id=notification.pk, now=now)
    [message] = mail.outbox
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_message_id_is_random_stored_and_the_same_on_a_retry_r_z6(reminder, settings):
    """R-Z6: a retry of one message has the same Message-ID; it is drawn at random under the
    site's domain, not from the row's number, so another database never repeats it."""
    assert re.fullmatch(r"<[0-9a-f]{32}\.keurmerk@127\.0\.0\.1>", reminder.message_id)
    assert f"notification.{reminder.pk}@" not in reminder.message_id
    first = sent(reminder)
    Notification.objects.filter(pk=reminder.pk).update(status="failed")
    again = sent(reminder)
    assert first["Message-ID"] == again["Message-ID"] == reminder.message_id
    settings.SITE_URL = "https://keurmerk.nvvk.nl"
    assert new_message_id().endswith("@keurmerk.nvvk.nl>")
    assert len({new_message_id() for _ in range(50)}) == 50


def test_two_fresh_databases_give_different_message_ids(xena, member_x, certificate):
    """What a fresh database would draw for its first message differs from this one's."""
    first = notification_queue(template="certificate-reminder", to=xena, member=member_x,
                               context={"certificate": certificate, "expired": False})
    Notification.objects.all().delete()
    second = notification_queue(template="certificate-reminder", to=xena, member=member_x,
                                context={"certificate": certificate, "expired": False})
    assert first.message_id != second.message_id


def test_date_carries_the_amsterdam_offset(reminder):
    assert sent(reminder, SUMMER)["Date"].datetime.utcoffset() == dt.timedelta(hours=2)
    Notification.objects.filter(pk=reminder.pk).update(status="failed")
    winter = sent(reminder, WINTER)["Date"]
    assert winter.datetime.utcoffset() == dt.timedelta(hours=1)
    assert str(winter).endswith("+0100") and winter.datetime.hour == 9


def test_recipient_has_a_display_name_also_with_accents(member_x, certificate):
    user = UserFactory(email="joerg@x.example", full_name="Jörg Müller-Ærø")
    notification = notification_queue(template="certificate-reminder", to=user,
                                      member=member_x,
                                      context={"certificate": certificate, "expired": False})
    parsed = sent(notification)
    [address] = parsed["To"].addresses
    assert (address.display_name, address.addr_spec) == ("Jörg Müller-Ærø", "joerg@x.example")
    assert parsed["From"].addresses[0].display_name == "Keurmerk NVVK"


def test_a_long_non_ascii_subject_is_folded_without_an_empty_first_line(reminder):
    subject = ("Herinnering: het plan van aanpak voor tekortkoming 4.11 moet uiterlijk "
               "31 maart bij de certificerende instelling zijn – Schuldhulp Zwolle ë")
    Notification.objects.filter(pk=reminder.pk).update(subject=subject)
    mail.outbox.clear()
    assert notification_send(notification_id=reminder.pk, now=SUMMER)
    raw = mail.outbox[0].message().as_bytes()
    header = re.search(rb"^Subject:(.*?)\n(?! )", raw, re.M | re.S).group(1)
    assert header.startswith(b" =?utf-8?")  # encoded words from the first line on
    assert all(len(line) <= 78 for line in raw.split(b"\n") if line.startswith(b" =?"))
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == subject


def test_reminders_carry_list_unsubscribe_to_the_account_page_r_z6(reminder, xena, member_x,
                                                                 certificate, settings):
    """R-Z6: a reminder may be unwanted; it names the account page where the person can act."""
    parsed = sent(reminder)
    assert parsed["List-Unsubscribe"] == f"<{settings.SITE_URL}{reverse('account_email')}>"
    decision = notification_queue(template="certificate-issued", to=xena, member=member_x,
                                  context={"certificate": certificate})
    assert sent(decision)["List-Unsubscribe"] is None  # a decision is no opt-out matter


def test_every_message_links_to_its_object_in_text_and_html(reminder, member_x, anna, bea,
                                                            body_a, certificate, settings):
    """The text and HTML parts say the same and both link to the object (following
    SITE_URL): the certificate's page, the audit in the auditor's portal, the member's file
    for the bureau."""
    queued_under = settings.SITE_URL  # the reminder was rendered before the change
    settings.SITE_URL = "https://keurmerk.nvvk.nl"
    audit = AuditFactory(member=member_x, body=body_a)
    cases = [
        (reminder, queued_under + reverse("public:certificate_verify",
                                                args=[certificate.number])),
        (notification_queue(template="audit-planned", to=anna, member=member_x,
                            context={"audit": audit, "audience": "auditor"}),
         "https://keurmerk.nvvk.nl" + reverse("auditor:audit_detail", args=[audit.pk])),
        (notification_queue(template="certificate-reminder", to=bea, member=member_x,
                            context={"certificate": certificate, "expired": True}),
         "https://keurmerk.nvvk.nl" + reverse("bureau:member_detail", args=[member_x.pk])),
    ]
    for notification, url in cases:
        parsed = sent(notification)
        text = parsed.get_body(preferencelist=("plain",)).get_content()
        html = parsed.get_body(preferencelist=("html",)).get_content()
        assert url in text and f'href="{url}"' in html, (notification.template, url)
        visible = unescape(re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1].split(">", 1)[1]))
        # The same content: every word of the text part is in the HTML part, and back.
        assert set(re.findall(r"\w+", text)) == set(re.findall(r"\w+", visible))
