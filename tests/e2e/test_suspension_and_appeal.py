"""End-to-end (issue #4, scenario 3): a member's certificate lapses (the daily sweep, R-M3); the
directeur summons it, records the hearing and suspends it (R-S1, R-S2); the member appeals in
time through its portal and the Bestuur sees the appeal with its deadline (R-S3, R-S4); another
member's appeal after the one-month window is refused before the click, in words (R-S3,
R-0.5)."""

import datetime as dt

import pytest

from audits.models import AuditState
from core import dates
from core.sweep import sweep_deadlines
from members.models import MemberState
from suspensions.deadlines import board_deadline, suspension_end
from suspensions.models import Appeal, Hearing, Suspension
from tests.factories import CertificateFactory

from .conftest import main_text, messages_on, submit


def certificate_until(member, body, valid_until: dt.date, number: str):
    valid_from = dates.add_years(valid_until, -3) + dt.timedelta(days=1)
    return CertificateFactory(number=number, audit__member=member, audit__body=body,
                              audit__state=AuditState.DECIDED, valid_from=valid_from,
                              valid_until=valid_until,
                              decided_on=valid_from - dt.timedelta(days=14))


def summon_hear_and_suspend(e2e, director, member, *, summoned_on: dt.date,
                            hearing_on: dt.date, notified_on: dt.date) -> Suspension:
    """R-S1/R-S2 on the directeur's pages: the summons, the hearing, the suspension (three
    months from the day it is notified)."""
    director.goto(e2e.url(f"/directeur/leden/{member.pk}/"))
    director.get_by_role("link", name="Schorsing voorbereiden: oproepen voor hoorzitting").click()
    director.fill("#id_summoned_on", summoned_on.isoformat())
    director.select_option("#id_method", "letter")
    director.fill("#id_hearing_on", hearing_on.isoformat())
    submit(director)
    hearing = Hearing.objects.get(member=member)
    director.locator(f'main a[href$="/directeur/hoorzittingen/{hearing.pk}/"]').click()
    director.fill("#id_held_on", hearing_on.isoformat())
    director.fill("#id_member_statement", "Het lid verwacht binnen drie maanden een nieuw "
                                          "certificaat; de audit is aangevraagd.")
    submit(director)
    assert director.url.endswith(f"/directeur/hoorzittingen/{hearing.pk}/schorsen/")
    director.fill("#id_starts_on", notified_on.isoformat())
    director.select_option("#id_months", "3")
    director.fill("#id_notified_on", notified_on.isoformat())
    director.fill("#id_motivation", "Geen geldig certificaat (R-M3); gehoord op de "
                                    "hoorzitting.")
    director.check("#id_confirm")
    submit(director)
    suspension = Suspension.objects.get(member=member)
    assert director.url.endswith(f"/directeur/schorsingen/{suspension.pk}/")
    return suspension


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_lapsed_member_is_suspended_appeals_in_time_and_a_late_appeal_is_refused(
        e2e, bea, dirk, bram, body_a, member_x, xena, member_y, yuri):
    today = dates.today()
    certificate_until(member_x, body_a, today - dt.timedelta(days=1), "NVVK-2023-0301")
    certificate_until(member_y, body_a, dates.add_months(today, 8), "NVVK-2024-0302")

    # Time passing has no page: the daily sweep (Celery beat in production) expires the
    # certificate and raises the R-M3 signals for the bureau and the directeur.
    report = sweep_deadlines(today)
    assert report["certificates"]["certificates_expired"] == 1

    bureau = e2e.login(bea, "bureau")
    assert member_x.name in bureau.locator("#zonder-certificaat").inner_text()

    # --- R-S1/R-S2: the directeur acts on the signal: summons, hearing, suspension ----------
    director = e2e.login(dirk, "director")
    assert "R-M3" in main_text(director) and member_x.name in main_text(director)
    director.locator(f'main a[href$="/directeur/leden/{member_x.pk}/"]').first.click()
    director.wait_for_url(f"**/directeur/leden/{member_x.pk}/")
    suspension = summon_hear_and_suspend(
        e2e, director, member_x, summoned_on=today - dt.timedelta(days=14),
        hearing_on=today - dt.timedelta(days=1), notified_on=today)
    member_x.refresh_from_db()
    assert member_x.state == MemberState.SUSPENDED
    assert (suspension.starts_on, suspension.ends_on) == (today, suspension_end(today, 3))

    # --- R-S3: the member appeals within one month, through its portal ----------------------
    member = e2e.login(xena.user, "member")
    member.get_by_role("link", name="Schorsing en beroep").first.click()
    member.get_by_role("link", name="Beroep instellen").click()
    member.fill("#id_motivation", "Wij hadden tijdig uitstel gevraagd; de audit staat "
                                  "gepland. De schorsing is onevenredig.")
    submit(member)
    assert "Uw beroep is ontvangen" in messages_on(member)
    appeal = Appeal.objects.get(suspension=suspension)
    assert appeal.announced_on == today

    # R-S4: the Bestuur sees the appeal with the three-month deadline.
    board = e2e.login(bram, "board")
    assert member_x.name in main_text(board)
    assert appeal.board_deadline == board_deadline(today)

    # --- R-S3: a late appeal is refused naming the rule --------------------------------------
    # Member Y was suspended on a decision notified two months ago; its window has closed.
    notified = dates.add_months(today, -2)
    summon_hear_and_suspend(e2e, director, member_y,
                            summoned_on=notified - dt.timedelta(days=14),
                            hearing_on=notified, notified_on=notified)
    late = e2e.login(yuri.user, "member")
    late.get_by_role("link", name="Schorsing en beroep").first.click()
    assert "termijn verstreken" in main_text(late)
    # R-0.5 (issue #9): refused before the click: no live link, but why.
    assert "Tegen geen van deze besluiten kunt u nu nog beroep instellen." in main_text(late)
    assert late.get_by_role("link", name="Beroep instellen").count() == 0
    suspension_y = Suspension.objects.get(member=member_y)
    late.goto(e2e.url(f"/portaal/schorsing/{suspension_y.pk}/beroep/"))
    box = late.locator(".blockers-box").inner_text()
    e2e.capture(late, "member-late-appeal-refused")
    assert "Te laat" in box
    # Rule ids are for staff and auditors (issue #9): no rule badge on the member's page.
    assert "R-S3" not in box and late.locator(".blockers-box .rule").count() == 0
    assert late.locator("main form button[type=submit]").is_disabled()
    assert not Appeal.objects.filter(suspension__member=member_y).exists()
