"""Queueing e-mail (R-Z6): rendered once in the recipient's language, stored in the outbox,
queued once per key, sent only after the commit."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core import mail
from django.template.loader import get_template

from complaints.models import Complaint
from core.history import change_reason_text
from notifications.models import Notification, NotificationStatus
from notifications.services import notification_queue, notification_render
from suspensions.models import Hearing, Suspension
from tests.factories import CertificateFactory, UserFactory

TEMPLATES = ["certificate-issued", "certificate-reminder", "plan-deadline-reminder",
             "hearing-summons", "suspension-decided", "complaint-acknowledged",
             "application-received"]


@pytest.fixture
def certificate(member_x, body_a):
    """Member X's certificate, valid 1 June 2023 up to and including 31 May 2026."""
    return CertificateFactory(number="NVVK-2023-0042", audit__member=member_x,
                              audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                              valid_until=dt.date(2026, 5, 31), decided_on=dt.date(2023, 5, 15))


def _contexts(member, certificate):
    """A context per template, as the services of #3 will pass them."""
    hearing = Hearing(member=member, summoned_on=dt.date(2026, 3, 2),
                      hearing_on=dt.date(2026, 3, 16))
    suspension = Suspension(member=member, starts_on=dt.date(2026, 4, 1),
                            ends_on=dt.date(2026, 7, 1), notified_on=dt.date(2026, 3, 31))
    complaint = Complaint(reference="K-2026-0003",
                          received_at=dt.datetime(2026, 2, 2, 9, 30, tzinfo=dt.UTC),
                          respond_by=dt.date(2026, 2, 9), resolve_by=dt.date(2026, 3, 20))
    finding = SimpleNamespace(description="Dossiers zijn niet volledig.",
                              norm="4.11 Dossiervorming")
    return {
        "certificate-issued": {"certificate": certificate},
        "certificate-reminder": {"certificate": certificate, "expired": False},
        "plan-deadline-reminder": {"finding": finding, "deadline": dt.date(2026, 3, 31)},
        "hearing-summons": {"hearing": hearing, "hearing_time": "14:00",
                            "location": "Verenigingsbureau, Utrecht",
                            "reason": "Geen geldig certificaat sinds 1 juni 2026."},
        "suspension-decided": {"suspension": suspension, "appeal_deadline": dt.date(2026, 4, 30),
                               "motivation": "Geen geldig certificaat."},
        "complaint-acknowledged": {"complaint": complaint},
        "application-received": {"member": member, "submitted_on": dt.date(2026, 1, 12)},
    }


# Dates each template shows, in Dutch and in English (Django's month names).
EXPECTED_DATES = {
    "certificate-issued": ("31 mei 2026", "31 May 2026"),
    "certificate-reminder": ("31 mei 2026", "31 May 2026"),
    "plan-deadline-reminder": ("31 maart 2026", "31 March 2026"),
    "hearing-summons": ("16 maart 2026", "16 March 2026"),
    "suspension-decided": ("30 april 2026", "30 April 2026"),
    "complaint-acknowledged": ("9 februari 2026", "9 February 2026"),
    "application-received": ("12 januari 2026", "12 January 2026"),
}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_template_renders_subject_text_and_html_in_the_language(template, language,
                                                                      member_x, certificate):
    context = {"recipient_name": "Xena Contact", "member": member_x,
               **_contexts(member_x, certificate)[template]}

    subject, text, html = notification_render(template=template, context=context,
                                              language=language)

    assert subject and "\n" not in subject and "{" not in subject
    greeting, office = {"nl": ("Beste Xena Contact,", "Verenigingsbureau NVVK"),
                        "en": ("Dear Xena Contact,", "NVVK association office")}[language]
    assert text.startswith(greeting)
    assert office in text
    assert "\n\n\n" not in text
    assert f'<html lang="{language}">' in html
    date_nl, date_en = EXPECTED_DATES[template]
    expected, other = (date_nl, date_en) if language == "nl" else (date_en, date_nl)
    assert expected in text and expected in html
    assert other not in text


def test_every_message_has_the_three_templates():
    for template in TEMPLATES:
        for part in ("subject.txt", "body.txt", "body.html"):
            get_template(f"emails/{template}-{part}")


def test_text_bodies_are_not_html_escaped(member_x, certificate):
    member_x.name = "Schuld & Hulp <Noord>"
    _, text, html = notification_render(
        template="certificate-issued", language="nl",
        context={"certificate": certificate, "member": member_x, "recipient_name": "Xena"})
    assert "Schuld & Hulp <Noord>" in text
    assert "Schuld &amp; Hulp &lt;Noord&gt;" in html


def test_queue_renders_in_dutch_for_a_dutch_contact(xena, member_x, certificate,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(
            template="certificate-reminder", to=xena, member=member_x,
            context={"certificate": certificate, "expired": False})

    notification.refresh_from_db()
    assert notification.recipient_email == "xena@x.example"
    assert notification.recipient == xena.user
    assert notification.language == "nl"
    assert notification.subject == ("Herinnering: uw NVVK-certificaat NVVK-2023-0042 verloopt "
                                    "op 31 mei 2026")
    assert "Beste Xena Contact," in notification.body_text
    assert notification.member == member_x
    assert notification.context["certificate"]["str"] == "NVVK-2023-0042"
    # R-Z6: sent after the commit, through the (eager) Celery task.
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == notification.subject
    assert mail.outbox[0].to == ["xena@x.example"]


def test_queue_renders_in_the_users_language(member_x, certificate):
    user = UserFactory(email="eve@x.example", full_name="Eve English", language="en")

    notification = notification_queue(template="certificate-reminder", to=user,
                                      context={"certificate": certificate, "expired": False})

    assert notification.language == "en"
    assert "31 May 2026" in notification.subject
    assert "31 May 2026" in notification.body_text
    assert '<html lang="en">' in notification.body_html


def test_an_explicit_language_wins_and_an_unknown_one_falls_back_to_dutch(certificate):
    english = notification_queue(template="certificate-issued", to="info@x.example",
                                 language="en", context={"certificate": certificate})
    unknown = notification_queue(template="certificate-issued", to="info@x.example",
                                 language="de", context={"certificate": certificate})
    assert english.language == "en" and "1 June 2023" in english.body_text
    assert unknown.language == "nl" and "1 juni 2023" in unknown.body_text
    assert unknown.body_text.startswith("Geachte heer, mevrouw,")


def test_nothing_is_sent_before_the_commit(xena, certificate,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notification_queue(template="certificate-issued", to=xena,
                                          context={"certificate": certificate})
    assert notification.status == NotificationStatus.PENDING
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_r_z6_a_reminder_with_the_same_key_is_queued_once(xena, member_x, certificate,
                                                          django_capture_on_commit_callbacks):
    """R-Z6: a reminder with the same key is queued once."""
    key = f"reminder:certificate:{certificate.pk}:7m"
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_queue(template="certificate-reminder", to=xena, key=key,
                                   member=member_x,
                                   context={"certificate": certificate, "expired": False})
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = notification_queue(template="certificate-reminder", to=xena, key=key,
                                    member=member_x,
                                    context={"certificate": certificate, "expired": False})

    assert second.pk == first.pk
    assert callbacks == []
    assert Notification.objects.filter(key=key).count() == 1
    assert len(mail.outbox) == 1


def test_queue_history_names_the_actor_and_the_template(bea, xena, certificate):
    notification = notification_queue(template="certificate-issued", to=xena, actor=bea,
                                      context={"certificate": certificate})
    row = notification.history.first()
    assert notification.history.count() == 1
    assert row.history_user == bea
    assert change_reason_text(row.history_change_reason) == "in wachtrij: certificate-issued"


def test_queue_keeps_the_attachments(xena, certificate, bea):
    from core.documents import document_store

    document = document_store(content=b"%PDF-1.7 test", name="NVVK-2023-0042.pdf",
                              mime_type="application/pdf", actor=bea)
    notification = notification_queue(template="certificate-issued", to=xena,
                                      context={"certificate": certificate},
                                      attachments=[document])
    assert list(notification.attachments.all()) == [document]


def test_queue_to_an_address_without_a_name(certificate):
    notification = notification_queue(template="complaint-acknowledged", to="klager@example.org",
                                      context=_contexts(None, certificate)["complaint-acknowledged"]
                                      | {"recipient_name": "Karel Klager"})
    assert notification.recipient is None
    assert notification.recipient_email == "klager@example.org"
    assert notification.body_text.startswith("Beste Karel Klager,")
    assert "K-2026-0003" in notification.subject


def test_queue_needs_an_address(member_x, certificate):
    contact_without_email = SimpleNamespace(email="", name="Niemand")
    with pytest.raises(ValueError):
        notification_queue(template="certificate-issued", to=contact_without_email,
                           context={"certificate": certificate})

