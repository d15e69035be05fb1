"""Member portal: suspensions and appeals to the Bestuur (R-S3, R-S4): in time the appeal is
filed; a late appeal is refused naming R-S3, and the page shows the refusal."""

import datetime as dt

import pytest

from suspensions.models import Appeal, AppealState
from tests.portals.member_helpers import messages_of, suspend_directly, travel

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_client(client, xena):
    client.force_login(xena.user)
    return client


@pytest.fixture
def suspension(member_x, dirk):
    """Member X suspended from 1 March 2026, notified that day: appeal up to 1 April 2026."""
    return suspend_directly(member_x, by=dirk, starts_on=dt.date(2026, 3, 1))


def file_appeal(client, suspension, day, motivation="De hoorzitting was onzorgvuldig."):
    with travel(day):
        return client.post(f"/portaal/schorsing/{suspension.pk}/beroep/",
                           {"subject": "suspension", "motivation": motivation})


def test_r_s3_the_page_shows_the_decision_and_the_last_day_of_the_window(x_client, suspension):
    """R-S3: the page shows the decision and the last day of the window."""
    with travel():
        html = x_client.get("/portaal/schorsing/").content.decode()
    assert "Schorsing vanaf 1 maart 2026" in html and "beroep tot en met 1 april 2026" in html
    with travel():
        form = x_client.get(f"/portaal/schorsing/{suspension.pk}/beroep/")
    assert form.status_code == 200 and "R-S3" in form.content.decode()


def test_r_s3_an_appeal_in_time_is_filed_and_the_board_deadline_shown(x_client, suspension,
                                                                      xena):
    """R-S3: an appeal in time is filed and the board deadline shown."""
    response = file_appeal(x_client, suspension, dt.date(2026, 4, 1))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.state, appeal.announced_on, appeal.filed_by) == (
        AppealState.PENDING, dt.date(2026, 4, 1), xena.user)
    with travel(dt.date(2026, 4, 1)):
        html = x_client.get("/portaal/schorsing/").content.decode()
    assert "1 juli 2026" in html  # R-S4: the Bestuur decides within three months


def test_r_s3_a_late_appeal_is_refused_naming_the_rule_and_nothing_is_stored(x_client,
                                                                             suspension):
    """R-S3: a late appeal is refused naming the rule and nothing is stored."""
    response = file_appeal(x_client, suspension, dt.date(2026, 4, 2))
    assert response.status_code == 400
    [message] = messages_of(response)
    assert "R-S3" not in message and "Te laat" in message
    assert "R-S3" in response.content.decode()
    assert not Appeal.objects.exists()


def test_an_appeal_needs_a_motivation(x_client, suspension):
    response = file_appeal(x_client, suspension, dt.date(2026, 3, 10), motivation="")
    assert response.status_code == 400 and not Appeal.objects.exists()


def test_r_a1_another_members_suspension_is_a_404(x_client, member_y, dirk):
    """R-A1: another members suspension is a 404."""
    other = suspend_directly(member_y, by=dirk, starts_on=dt.date(2026, 3, 1))
    with travel():
        assert x_client.get(f"/portaal/schorsing/{other.pk}/beroep/").status_code == 404
    assert file_appeal(x_client, other, dt.date(2026, 3, 10)).status_code == 404
    assert not Appeal.objects.exists()
