"""R-C2: a member files a complaint about its certifier through the member portal
(:func:`complaints.services.complaint_submit_by_member`)."""

import datetime as dt

import pytest

from complaints.models import Channel, Complaint, ComplaintState, ComplaintSubject
from complaints.selectors import complaints_filed_by_member
from complaints.services import complaint_acknowledge, complaint_submit_by_member
from core.exceptions import RuleViolation
from core.history import change_reason_text
from core.models import Flag
from tests.factories import AuditFactory, CertificationBodyFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def audited_x(member_x, body_a):
    """Member X is audited by CI A (its certifier)."""
    return AuditFactory(member=member_x, body=body_a)


def submit(member, body, actor, content="De auditor kwam twee keer niet opdagen."):
    return complaint_submit_by_member(member=member, body=body, content=content, actor=actor,
                                      today=TODAY)


def test_r_c2_the_member_complains_about_its_certifier_via_the_web_form(audited_x, member_x,
                                                                        body_a, xena):
    """R-C2: the member complains about its certifier via the web form."""
    complaint = submit(member_x, body_a, xena.user)
    assert complaint.reference.startswith("K-")
    assert (complaint.channel, complaint.subject_kind, complaint.body, complaint.state) == (
        Channel.WEB_FORM, ComplaintSubject.BODY, body_a, ComplaintState.RECEIVED)
    # R-K1: the contact is the complainant; its data stays internal (R-A2).
    assert (complaint.complainant_name, complaint.complainant_email) == (
        "Xena Contact", "xena@x.example")
    assert complaint.handled_by is None
    history = complaint.history.first()
    assert (history.history_user, change_reason_text(history.history_change_reason)) == (
        xena.user, "R-C2: klacht van het lid via het ledenportaal")
    assert list(complaints_filed_by_member(member=member_x)) == [complaint]


def test_r_k2_the_bureau_is_flagged_at_once_and_the_flag_ends_with_the_acknowledgement(
        audited_x, member_x, body_a, xena, bea):
    """R-K2: the bureau is flagged at once and the flag ends with the acknowledgement."""
    complaint = submit(member_x, body_a, xena.user)
    flag = Flag.objects.get(key=f"complaint-ack-{complaint.pk}")
    assert (flag.rule_id, flag.audience, flag.member, flag.resolved_on) == (
        "R-K2", "bureau", member_x, None)
    complaint_acknowledge(complaint=complaint, actor=bea, today=TODAY)
    flag.refresh_from_db()
    assert flag.resolved_on == TODAY


def test_r_c2_only_about_a_body_that_audits_or_audited_the_member(audited_x, member_x, xena):
    """R-C2: only about a body that audits or audited the member."""
    stranger = CertificationBodyFactory(name="CI Gamma B.V.")
    with pytest.raises(RuleViolation) as refused:
        submit(member_x, stranger, xena.user)
    assert refused.value.rule_id == "R-C2"
    with pytest.raises(RuleViolation):
        submit(member_x, None, xena.user)
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("who", ["yuri", "bea", "anna"])
def test_r_a1_only_a_contact_of_the_member_files_through_the_portal(request, audited_x,
                                                                   member_x, body_a, who):
    """R-A1: only a contact of the member files through the portal."""
    actor = request.getfixturevalue(who)
    with pytest.raises(RuleViolation) as refused:
        submit(member_x, body_a, getattr(actor, "user", actor))
    assert refused.value.rule_id == "R-A1"
    assert not Complaint.objects.exists()


def test_r_k1_an_empty_complaint_is_refused(audited_x, member_x, body_a, xena):
    """R-K1: an empty complaint is refused."""
    with pytest.raises(RuleViolation) as refused:
        submit(member_x, body_a, xena.user, content="   ")
    assert refused.value.rule_id == "R-K1"


def test_the_member_sees_only_the_complaints_its_contacts_filed(audited_x, member_x, member_y,
                                                               body_a, xena, yuri, bea):
    from tests.complaints.factories import register

    AuditFactory(member=member_y, body=body_a)
    mine = submit(member_x, body_a, xena.user)
    submit(member_y, body_a, yuri.user)
    register(by=bea, body=body_a)  # registered by the bureau for someone else
    assert list(complaints_filed_by_member(member=member_x)) == [mine]
