"""The daily reminders (R-Z6; R-Z2, R-F3, R-F4/R-F5, R-S4, R-K2): on exactly the right day,
each sent once however often the job runs, caught up within the grace period but never sent
retroactively, linked to the member so they show on its timeline."""

import datetime as dt

import pytest
from django.core import mail

from certificates.models import CertificateState
from complaints import deadlines as complaint_deadlines
from core.dates import add_months
from core.models import Flag
from core.timeline import member_timeline
from findings.models import FindingKind, PlanState
from members.models import MemberState
from notifications.models import Notification
from notifications.reminders import is_due, reminders_send, working_days_before
from suspensions.models import AppealSubject
from suspensions.services import appeal_file
from tests.complaints.factories import register
from tests.factories import AuditFactory, CertificateFactory, ContactFactory, FindingFactory
from tests.findings.factories import InvestigationFactory, PlanFactory
from tests.suspensions.factories import suspend

D = dt.date
pytestmark = pytest.mark.django_db


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def set_state(obj, state):
    """Put a row in ``state`` directly (the FSM field is protected; services own it)."""
    type(obj).objects.filter(pk=obj.pk).update(state=state)
    obj.refresh_from_db()


def sent_on(start, end, template=None):
    """Run the reminders every day from ``start`` to ``end``; ``{day: [keys queued]}``."""
    result = {}
    for day in days(start, end):
        before = set(Notification.objects.values_list("pk", flat=True))
        reminders_send(today=day)
        new = Notification.objects.exclude(pk__in=before)
        if template:
            new = new.filter(template=template)
        keys = sorted(new.values_list("key", flat=True))
        if keys:
            result[day] = keys
    return result


@pytest.fixture
def certificate_x(member_x, body_a, xena):
    """Member X's certificate, valid up to and including 31 August 2026."""
    return CertificateFactory(number="NVVK-2023-0831", audit__member=member_x,
                              audit__body=body_a, valid_from=D(2023, 9, 1),
                              valid_until=D(2026, 8, 31))


# --- R-Z6 certificate end -------------------------------------------------------------------

def test_certificate_reminders_fall_on_exactly_the_right_days_r_z6(certificate_x, xena):
    """R-Z6: valid_until 31 August: 7 months before is 31 January, 3 is 31 May, 1 is 31 July, and
    the day after expiry is 1 September — each once over daily runs all year."""
    contact = f"c{xena.pk}"
    key = f"reminder:certificate:{certificate_x.pk}"

    assert sent_on(D(2026, 1, 1), D(2026, 10, 31)) == {
        D(2026, 1, 31): [f"{key}:7m:{contact}"],
        D(2026, 5, 31): [f"{key}:3m:{contact}"],
        D(2026, 7, 31): [f"{key}:1m:{contact}"],
        D(2026, 9, 1): [f"{key}:expired:{contact}"],
    }
    expired = Notification.objects.get(key=f"{key}:expired:{contact}")
    assert expired.subject == "Uw NVVK-certificaat NVVK-2023-0831 is verlopen"
    seven = Notification.objects.get(key=f"{key}:7m:{contact}")
    assert seven.subject == ("Herinnering: uw NVVK-certificaat NVVK-2023-0831 verloopt op "
                             "31 augustus 2026")
    assert seven.member == certificate_x.member and seven.recipient == xena.user


def test_each_reminder_is_sent_once_over_repeated_runs_r_z6(
        certificate_x, xena, django_capture_on_commit_callbacks):
    """R-Z6: each reminder is sent once over repeated runs."""
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=D(2026, 1, 31))
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(today=D(2026, 1, 31))
        third = reminders_send(today=D(2026, 2, 1))

    assert first["certificate"] == 1
    assert second["certificate"] == third["certificate"] == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [xena.email]


def test_every_contact_gets_the_reminder_primary_contact_first_r_z6(certificate_x, member_x,
                                                                    xena):
    """R-Z6: every contact gets the reminder primary contact first."""
    second = ContactFactory(member=member_x, name="Aart Tweede", email="aart@x.example",
                            is_primary=False, user=None)

    counts = reminders_send(today=D(2026, 1, 31))

    assert counts["certificate"] == 2
    messages = Notification.objects.order_by("pk")
    assert [m.recipient_email for m in messages] == [xena.email, second.email]
    assert messages[1].body_text.startswith("Beste Aart Tweede,")


@pytest.mark.parametrize(("first_run", "sent"), [
    (D(2026, 1, 30), False),  # not yet
    (D(2026, 1, 31), True),   # the day itself
    (D(2026, 2, 10), True),   # the job was down: caught up
    (D(2026, 2, 14), True),   # the last day of the 14-day grace period
    (D(2026, 2, 15), False),  # too late: not sent retroactively
])
def test_a_missed_reminder_is_caught_up_within_14_days_only_r_z6(certificate_x, first_run, sent):
    """R-Z6: a missed reminder is caught up within 14 days only."""
    reminders_send(today=first_run)

    assert Notification.objects.filter(key__contains=":7m:").exists() is sent


def test_a_reminder_is_never_sent_after_its_deadline_r_z6():
    """R-Z6: The one-month reminder of a certificate ending 31 July 2026 is due 30 June; grace
    would allow 14 July, but a reminder before the end never goes after the end itself."""
    assert is_due(D(2026, 7, 14), D(2026, 6, 30), last_on=D(2026, 7, 31))
    assert not is_due(D(2026, 7, 5), D(2026, 6, 25), last_on=D(2026, 7, 1))


def test_month_ends_clamp_like_every_legal_date_r_z6_r_0_1(member_x, body_a, xena):
    """R-Z6: valid_until 30 September: one month before is 30 August (not 31), seven months before
    is 28 February (R-0.1)."""
    CertificateFactory(audit__member=member_x, audit__body=body_a, valid_from=D(2023, 10, 1),
                       valid_until=D(2026, 9, 30))

    result = sent_on(D(2026, 2, 1), D(2026, 9, 29))

    assert [day for day in result] == [D(2026, 2, 28), D(2026, 6, 30), D(2026, 8, 30)]


def test_the_offsets_are_configurable_r_z6(certificate_x, settings):
    """R-Z6: the offsets are configurable."""
    settings.CERTIFICATE_REMINDER_MONTHS = [2]

    result = sent_on(D(2026, 1, 1), D(2026, 9, 30))

    assert list(result) == [D(2026, 6, 30), D(2026, 9, 1)]  # two months before; day after


def test_no_day_after_reminder_when_a_renewal_took_over_r_z6(certificate_x, member_x, body_a):
    """R-Z6: no day after reminder when a renewal took over."""
    set_state(certificate_x, CertificateState.SUPERSEDED)
    CertificateFactory(audit__member=member_x, audit__body=body_a, previous=certificate_x,
                       valid_from=D(2026, 9, 1), valid_until=D(2029, 8, 31))

    assert sent_on(D(2026, 7, 31), D(2026, 9, 15)) == {}


def test_no_reminders_for_a_withdrawn_certificate_or_a_member_that_left_r_z6(
        certificate_x, member_x, body_a):
    """R-Z6: no reminders for a withdrawn certificate or a member that left."""
    set_state(certificate_x, CertificateState.WITHDRAWN)
    resigned = CertificateFactory(audit__member__state=MemberState.RESIGNED,
                                  valid_until=D(2026, 8, 31))
    ContactFactory(member=resigned.member)

    assert sent_on(D(2026, 1, 31), D(2026, 1, 31)) == {}
    assert sent_on(D(2026, 9, 1), D(2026, 9, 1)) == {}


def test_the_expired_reminder_is_sent_also_after_the_sweep_expired_the_certificate_r_z6(
        certificate_x):
    """R-Z6: the expired reminder is sent also after the sweep expired the certificate."""
    set_state(certificate_x, CertificateState.EXPIRED)  # the 01:30 sweep ran

    assert reminders_send(today=D(2026, 9, 1))["certificate_expired"] == 1


def test_sent_reminders_show_on_the_member_timeline_r_z6(
        certificate_x, member_x, django_capture_on_commit_callbacks):
    """R-Z6: sent reminders show on the member timeline."""
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=D(2026, 1, 31))

    [event] = [e for e in member_timeline(member=member_x, today=D(2026, 2, 1))
               if e.title.startswith("E-mail verzonden")]
    assert event.rule_id == "R-Z6"
    assert "verloopt op 31 augustus 2026" in event.title


def test_a_member_without_any_address_is_reported_to_the_bureau_once_r_z6(member_x, body_a):
    """R-Z6: a member without any address is reported to the bureau once."""
    certificate = CertificateFactory(audit__member=member_x, audit__body=body_a,
                                     valid_until=D(2026, 8, 31))

    reminders_send(today=D(2026, 1, 31))
    reminders_send(today=D(2026, 2, 1))

    [flag] = Flag.objects.filter(rule_id="R-Z6")
    assert flag.key == f"notification:unreachable:reminder:certificate:{certificate.pk}:7m"
    assert flag.member == member_x and flag.audience == "bureau"
    assert not Notification.objects.exists()


def test_one_failing_reminder_does_not_stop_the_others(certificate_x, member_y, body_b, yuri,
                                                       monkeypatch):
    CertificateFactory(audit__member=member_y, audit__body=body_b, valid_until=D(2026, 8, 31))
    from notifications import recipients

    real = recipients.queue_to_all

    def flaky(**kwargs):
        if kwargs["member"] == certificate_x.member:
            raise RuntimeError("boom")
        return real(**kwargs)

    monkeypatch.setattr(recipients, "queue_to_all", flaky)
    counts = reminders_send(today=D(2026, 1, 31))

    assert counts["errors"] == 1 and counts["certificate"] == 1
    assert Notification.objects.get().recipient_email == yuri.email


# --- R-Z2 SWN report ------------------------------------------------------------------------

def test_swn_report_reminder_a_month_ahead_and_the_day_after_r_z2(member_x, body_a, xena):
    """R-Z2: SWN report reminder a month ahead and the day after."""
    certificate = CertificateFactory(
        audit__member=member_x, audit__body=body_a, valid_from=D(2024, 6, 1),
        valid_until=D(2028, 5, 31), four_years_swn=True, swn_report_due_on=D(2026, 6, 1))

    result = sent_on(D(2026, 4, 1), D(2026, 7, 1), template="swn-report-reminder")

    assert list(result) == [D(2026, 5, 1), D(2026, 6, 2)]
    late = Notification.objects.get(key__contains=f"swn-report:{certificate.pk}:late")
    assert "ontbreekt" in late.subject


def test_no_swn_reminder_once_the_report_is_received_r_z2(member_x, body_a, xena):
    """R-Z2: no SWN reminder once the report is received."""
    CertificateFactory(audit__member=member_x, audit__body=body_a, valid_from=D(2024, 6, 1),
                       valid_until=D(2028, 5, 31), four_years_swn=True,
                       swn_report_due_on=D(2026, 6, 1), swn_report_received_on=D(2026, 4, 2))

    assert sent_on(D(2026, 4, 1), D(2026, 7, 1)) == {}


# --- R-F3 plans of approach -----------------------------------------------------------------

@pytest.fixture
def finding_x(member_x, body_a, anna, xena):
    """An afwijking of member X found on 31 January 2026: plan due 31 March (R-F3)."""
    audit = AuditFactory(member=member_x, body=body_a, lead_auditor=anna)
    return FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY,
                          recorded_on=D(2026, 1, 31), recorded_by=anna.user)


def test_plan_of_approach_reminder_two_weeks_before_the_deadline_r_f3(finding_x, xena):
    """R-F3: plan of approach reminder two weeks before the deadline."""
    result = sent_on(D(2026, 3, 1), D(2026, 4, 30))

    assert result == {D(2026, 3, 17): [f"reminder:plan:{finding_x.pk}:2026-03-31:c{xena.pk}"]}
    message = Notification.objects.get()
    assert message.template == "plan-deadline-reminder"
    assert "31 maart 2026" in message.subject


def test_no_plan_reminder_while_a_plan_is_under_review_or_approved_r_f3(finding_x, xena):
    """R-F3: no plan reminder while a plan is under review or approved."""
    plan = PlanFactory(finding=finding_x, submitted_by=xena.user)
    assert sent_on(D(2026, 3, 17), D(2026, 3, 17)) == {}
    set_state(plan, PlanState.APPROVED)
    assert sent_on(D(2026, 3, 17), D(2026, 3, 17)) == {}


def test_a_rejected_plan_still_gets_the_reminder_r_f3(finding_x, xena):
    """R-F3: a rejected plan still gets the reminder."""
    PlanFactory(finding=finding_x, submitted_by=xena.user, state=PlanState.REJECTED)

    assert reminders_send(today=D(2026, 3, 17))["plan"] == 1


# --- R-F4/R-F5 additional investigations ----------------------------------------------------

def test_investigation_reminder_goes_to_the_lead_auditor_and_the_member_r_f4_r_f5(
        finding_x, anna, xena):
    """R-F4, R-F5: investigation reminder goes to the lead auditor and the member."""
    investigation = InvestigationFactory(finding=finding_x, due_on=D(2026, 7, 31),
                                         ordered_by=anna.user)

    result = sent_on(D(2026, 7, 1), D(2026, 8, 15))

    assert list(result) == [D(2026, 7, 17)]
    messages = Notification.objects.filter(template="investigation-reminder")
    assert sorted(m.recipient_email for m in messages) == [anna.email, xena.email]
    to_anna = messages.get(recipient_email=anna.email)
    assert to_anna.context["audience"] == "auditor"
    assert "Plan het onderzoek" in to_anna.body_text
    assert to_anna.key == f"reminder:investigation:{investigation.pk}:2w:a{anna.pk}"


# --- R-S4 the board's appeal deadline -------------------------------------------------------

def test_appeal_deadline_reminder_to_the_board_14_days_before_r_s4(member_x, xena, dirk, bram):
    """R-S4: appeal deadline reminder to the board 14 days before."""
    suspension = suspend(member_x, by=dirk, starts_on=D(2026, 1, 31))
    appeal = appeal_file(suspension=suspension, subject=AppealSubject.SUSPENSION,
                         announced_on=D(2026, 2, 10), motivation="Onevenredig.",
                         actor=xena.user, today=D(2026, 2, 10))
    assert appeal.board_deadline == D(2026, 5, 10)

    result = sent_on(D(2026, 4, 1), D(2026, 5, 31), template="appeal-deadline-reminder")

    assert result == {D(2026, 4, 26): [f"reminder:appeal:{appeal.pk}:14d:u{bram.pk}"]}
    message = Notification.objects.get(template="appeal-deadline-reminder")
    assert message.member == member_x and message.context["audience"] == "board"


# --- R-K2 complaint deadlines ---------------------------------------------------------------

def test_complaint_deadline_reminders_to_the_bureau_r_k2(member_x, bea):
    """R-K2: Received Friday 6 March 2026: response due Friday 13 March (5 working days), reminded
    on Thursday 12 March; resolution due 34 working days on, reminded 5 working days before."""
    complaint = register(by=bea, member=member_x)
    assert complaint.respond_by == D(2026, 3, 13)
    resolve_by = complaint_deadlines.resolve_by(D(2026, 3, 6))

    result = sent_on(D(2026, 3, 6), resolve_by, template="complaint-deadline-reminder")

    assert result == {
        D(2026, 3, 12): [f"reminder:complaint:{complaint.pk}:respond:u{bea.pk}"],
        working_days_before(resolve_by, 5): [
            f"reminder:complaint:{complaint.pk}:resolve:{resolve_by.isoformat()}:u{bea.pk}"],
    }
    respond = Notification.objects.get(key__contains=":respond:")
    assert respond.recipient == bea
    assert "Karel" not in respond.body_text  # R-A2: no complainant's data in internal mail


def test_working_days_before_skips_weekends_and_holidays_r_0_2():
    """R-0.2: working days before skips weekends and holidays."""
    assert working_days_before(D(2026, 3, 13), 1) == D(2026, 3, 12)
    assert working_days_before(D(2026, 3, 16), 1) == D(2026, 3, 13)  # Monday → Friday
    # Easter Monday (6 April) and Good Friday (3 April) are public holidays.
    assert working_days_before(D(2026, 4, 7), 1) == D(2026, 4, 2)


def test_offsets_come_from_core_dates_add_months_r_0_1():
    """R-0.1: offsets come from core dates add months."""
    assert add_months(D(2026, 8, 31), -7) == D(2026, 1, 31)
    assert add_months(D(2026, 8, 31), -3) == D(2026, 5, 31)
