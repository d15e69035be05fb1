"""End-to-end (issue #8): the bureau invites an auditor, who sets a password, enrols an
authenticator app (the test computes the TOTP code, RFC 6238), logs in again with the code
and reaches only its own body's audits (R-A1); a member contact uses 'Wachtwoord vergeten?'
and logs in; a board member without a second factor cannot reach /bestuur/."""

import re

import pytest
from django.core import mail

from audits.models import AuditState
from tests.factories import AuditFactory, AuditorFactory

from .conftest import PORTAL_HOMES, main_text, messages_on, submit

LINK = re.compile(r"https?://[^/\s]+(/\S+/)")
NEW_PASSWORD = "Keurmerk-Sterk-2026!"


def mailed_link(to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    return LINK.search(message.body).group(1)


def password_login(e2e, email: str, password: str):
    page = e2e.anonymous()
    page.goto(e2e.url("/inloggen/"))
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_invited_auditor_enrols_totp_and_sees_only_its_own_body(
        e2e, bea, body_a, body_b, member_x, member_y, bob):
    """R-A1: the invited auditor of CI A sees CI A's audit and not CI B's."""
    own = AuditFactory(member=member_x, body=body_a, state=AuditState.PREPARATION)
    other = AuditFactory(member=member_y, body=body_b, lead_auditor=bob,
                         state=AuditState.PREPARATION)
    auditor = AuditorFactory(body=body_a, name="Ada Nieuw", email="ada@alfa.example",
                             user=None)
    own.lead_auditor = auditor
    own.save()

    # The bureau invites the auditor from the auditor's page.
    bureau = e2e.login(bea, "bureau")
    bureau.goto(e2e.url(f"/bureau/auditors/{auditor.pk}/"))
    with bureau.expect_navigation():
        bureau.get_by_role("button", name="Uitnodigen").click()
    assert "uitnodiging is verstuurd" in messages_on(bureau)
    link = mailed_link("ada@alfa.example")

    # The auditor sets a password; a first login walks through the authenticator app.
    page = e2e.anonymous()
    page.goto(e2e.url(link))
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    submit(page)
    assert "/account/2fa/totp/activate/" in page.url
    e2e.capture(page, "enrol")
    secret = page.input_value("#authenticator_secret")
    auditor.refresh_from_db()
    page.fill("#id_code", e2e.totp_code(auditor.user, secret))
    submit(page)
    assert "/account/2fa/recovery-codes/" in page.url
    e2e.capture(page, "recovery-codes")
    with page.expect_navigation():
        page.click("#second-factor-done")
    assert page.url == e2e.url(PORTAL_HOMES["auditor"])

    # A later login asks the code before the portal.
    again = password_login(e2e, "ada@alfa.example", NEW_PASSWORD)
    assert "/account/2fa/authenticate/" in again.url
    e2e.second_factor(again, auditor.user, secret)
    assert again.url == e2e.url(PORTAL_HOMES["auditor"])
    e2e.shot(again, "auditor")
    text = main_text(again)
    assert member_x.name in text and member_y.name not in text
    foreign = again.goto(e2e.url(f"/auditor/audits/{other.pk}/"))
    assert foreign.status == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_contact_resets_a_forgotten_password_and_logs_in(e2e, xena):
    page = e2e.anonymous()
    page.goto(e2e.url("/inloggen/"))
    e2e.capture(page, "login")
    with page.expect_navigation():
        page.get_by_role("link", name="Wachtwoord vergeten?").click()
    e2e.capture(page, "reset")
    page.fill("#id_email", xena.user.email)
    submit(page)
    link = mailed_link(xena.user.email)
    page.goto(e2e.url(link))
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page)
    member = password_login(e2e, xena.user.email, NEW_PASSWORD)
    assert member.url == e2e.url(PORTAL_HOMES["member"])
    assert xena.member.name in main_text(member)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_board_member_without_a_second_factor_cannot_reach_the_board_portal(e2e, bram):
    page = password_login(e2e, bram.email, "wachtwoord-123")
    assert "/inloggen/" not in page.url
    page.goto(e2e.url(PORTAL_HOMES["board"]))
    assert "/account/2fa/totp/activate/" in page.url
    assert "Bestuur" not in page.locator("main h1").inner_text()
