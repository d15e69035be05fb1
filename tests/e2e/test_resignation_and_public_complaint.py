"""End-to-end (issue #9): a member resigns in its portal (R-M2: refused until confirmed, then
recorded, with its confirmation e-mail), and a visitor without an account files a complaint on
the public register (R-K1) that the bureau then finds in its complaint list."""

import pytest

from audits.models import AuditState
from complaints.models import Complaint, ComplaintSubject
from members.models import MemberState
from notifications.models import Notification
from tests.factories import AuditFactory

from .conftest import main_text, messages_on, submit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_member_resigns_in_its_portal(e2e, xena, member_x, body_a):
    """R-M2: the contact resigns; without the confirmation nothing happens."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.PREPARATION)
    member = e2e.login(xena.user, "member")
    member.get_by_role("link", name="Opzeggen").click()
    assert member.url.endswith("/portaal/opzeggen/")
    member.fill("#id_reason", "Wij stoppen per 1 januari met schuldhulpverlening.")
    errors = submit(member, expect_refusal=True)
    assert any("Bevestig deze stap" in error for error in errors)
    member_x.refresh_from_db()
    assert member_x.state == MemberState.MEMBER
    member.check("#id_confirm")
    submit(member)
    assert member.url.endswith("/portaal/")
    assert "is opgezegd" in messages_on(member)
    member_x.refresh_from_db()
    assert member_x.state == MemberState.RESIGNED
    audit.refresh_from_db()
    assert audit.state == AuditState.CANCELLED
    assert Notification.objects.filter(template="membership-resigned",
                                       recipient_email=xena.email).exists()
    e2e.capture(member, "resigned")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_files_a_complaint_without_an_account(e2e, bea, member_x):
    """R-K1: the public complaint form, its confirmation, and the bureau's list."""
    visitor = e2e.anonymous()
    visitor.goto(e2e.url("/register/"))
    visitor.get_by_role("link", name="Een klacht indienen").click()
    assert visitor.url.endswith("/register/klacht/")
    visitor.check('input[name="subject_kind"][value="member"]')
    visitor.fill("#id_content", "Twee maanden geen reactie op mijn aanvraag voor schuldhulp.")
    visitor.fill("#id_complainant_name", "Karel Klager")
    visitor.fill("#id_complainant_email", "karel@klager.example")
    errors = submit(visitor, expect_refusal=True)  # no member chosen yet
    assert any("Kies het lid" in error for error in errors)
    visitor.select_option("#id_member", str(member_x.pk))
    submit(visitor)
    assert visitor.url.endswith("/register/klacht/ontvangen/")
    assert "Wij hebben uw klacht ontvangen" in main_text(visitor)
    complaint = Complaint.objects.get()
    assert complaint.subject_kind == ComplaintSubject.MEMBER and complaint.member == member_x
    assert Notification.objects.filter(template="complaint-received",
                                       recipient_email="karel@klager.example").exists()
    e2e.capture(visitor, "complaint-received")

    bureau = e2e.login(bea, "bureau")
    bureau.goto(e2e.url("/bureau/klachten/"))
    assert complaint.reference in main_text(bureau)
