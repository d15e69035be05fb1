"""R-N4: proposals to change the norms are collected and tracked: submitted by NVVK staff,
taken into review and accepted or rejected by the bureau (or the directeur), with history."""

import datetime as dt

import pytest

from audits.models import Norm, NormChangeProposal, NormProposalState
from audits.services import norm_proposal_decide, norm_proposal_review, norm_proposal_submit
from core.exceptions import RuleViolation
from core.history import change_reason_text

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 16)


def submit(actor, **extra):
    kwargs = {"norm": Norm.objects.get(code="4.11"), "text": "Splits norm 4.11 in twee.",
              "rationale": "De norm bevat twee onderwerpen.", "actor": actor, "today": DAY}
    kwargs.update(extra)
    return norm_proposal_submit(**kwargs)


@pytest.mark.parametrize("who", ["bea", "dirk", "bram", "kim"])
def test_any_nvvk_staff_member_may_submit_a_proposal_r_n4(request, who):
    """R-N4: any NVVK staff member may submit a proposal."""
    actor = request.getfixturevalue(who)
    proposal = submit(actor)
    assert proposal.state == NormProposalState.PROPOSED
    assert proposal.proposed_by == actor and proposal.proposed_on == DAY
    history = proposal.history.get()
    assert history.history_user == actor and "R-N4" in change_reason_text(history.history_change_reason)


def test_a_proposal_about_the_framework_has_no_norm_r_n4(bea):
    """R-N4: a proposal about the framework has no norm."""
    assert submit(bea, norm=None).norm is None


@pytest.mark.parametrize("who", ["anna", "xena"])
def test_others_may_not_submit_r_n4(request, who):
    """R-N4: others may not submit."""
    actor = request.getfixturevalue(who).user
    with pytest.raises(RuleViolation) as refused:
        submit(actor)
    assert refused.value.rule_id == "R-N4"
    assert not NormChangeProposal.objects.exists()


@pytest.mark.parametrize("field", ["text", "rationale"])
def test_a_proposal_needs_text_and_rationale_r_n4(bea, field):
    """R-N4: a proposal needs text and rationale."""
    with pytest.raises(RuleViolation) as refused:
        submit(bea, **{field: "  "})
    assert refused.value.rule_id == "R-N4"


def test_review_then_accept_r_n4(bea, dirk):
    """R-N4: review then accept."""
    proposal = submit(bea)
    proposal = norm_proposal_review(proposal=proposal, actor=bea, today=DAY)
    assert proposal.state == NormProposalState.UNDER_REVIEW
    assert proposal.review_started_on == DAY
    proposal = norm_proposal_decide(proposal=proposal, accept=True, notes="Meenemen in 2027.",
                                    actor=dirk, today=dt.date(2026, 4, 1))
    assert proposal.state == NormProposalState.ACCEPTED
    assert (proposal.decided_on, proposal.decided_by) == (dt.date(2026, 4, 1), dirk)
    assert proposal.decision_notes == "Meenemen in 2027."
    assert proposal.history.count() == 3
    latest = proposal.history.order_by("-history_id").first()
    assert latest.history_user == dirk and "aangenomen" in change_reason_text(latest.history_change_reason)


def test_reject_needs_notes_r_n4(bea):
    """R-N4: reject needs notes."""
    proposal = norm_proposal_review(proposal=submit(bea), actor=bea, today=DAY)
    with pytest.raises(RuleViolation) as refused:
        norm_proposal_decide(proposal=proposal, accept=False, notes="", actor=bea, today=DAY)
    assert refused.value.rule_id == "R-N4"
    proposal = norm_proposal_decide(proposal=proposal, accept=False, notes="Niet nodig.",
                                    actor=bea, today=DAY)
    assert proposal.state == NormProposalState.REJECTED


def test_deciding_before_the_review_is_refused_naming_r_n4(bea):
    """R-N4: deciding before the review is refused naming R-N4."""
    proposal = submit(bea)
    with pytest.raises(RuleViolation) as refused:
        norm_proposal_decide(proposal=proposal, accept=True, notes="Ja.", actor=bea, today=DAY)
    assert refused.value.rule_id == "R-N4"
    assert "in behandeling" in refused.value.message
    proposal.refresh_from_db()
    assert proposal.state == NormProposalState.PROPOSED


def test_a_decided_proposal_cannot_be_reviewed_again_r_n4(bea):
    """R-N4: a decided proposal cannot be reviewed again."""
    proposal = norm_proposal_review(proposal=submit(bea), actor=bea, today=DAY)
    norm_proposal_decide(proposal=proposal, accept=True, notes="Ja.", actor=bea, today=DAY)
    with pytest.raises(RuleViolation) as refused:
        norm_proposal_review(proposal=proposal, actor=bea, today=DAY)
    assert refused.value.rule_id == "R-N4"


@pytest.mark.parametrize("who", ["bram", "kim"])
def test_only_the_bureau_or_director_reviews_and_decides_r_n4(request, bea, who):
    """R-N4: only the bureau or director reviews and decides."""
    actor = request.getfixturevalue(who)
    proposal = submit(bea)
    with pytest.raises(RuleViolation) as refused:
        norm_proposal_review(proposal=proposal, actor=actor, today=DAY)
    assert refused.value.rule_id == "R-N4"


def test_the_state_is_protected_r_n4(bea):
    """R-N4: The state changes only through the transitions (FSM protected)."""
    proposal = submit(bea)
    with pytest.raises(AttributeError):
        proposal.state = NormProposalState.ACCEPTED


def test_proposals_are_read_only_in_the_admin_r_n4(client, bea):
    """R-N4: R-0.4: viewable with history in /admin/, changed only through the services."""
    from django.urls import reverse

    from tests.factories import UserFactory

    proposal = submit(bea)
    admin = UserFactory(email="beheer@nvvk.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:audits_normchangeproposal_change", args=[proposal.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"state": "accepted"}).status_code == 403
    assert client.get(reverse("admin:audits_normchangeproposal_history",
                              args=[proposal.pk])).status_code == 200
