"""The audit-quality page (R-N3) and the norm-change proposals (R-N4) in the bureau portal."""

import datetime as dt

import pytest
from django.urls import reverse

from audits.models import AuditEvaluation, Norm, NormChangeProposal, NormProposalState
from tests.factories import AuditFactory, CertificationBodyFactory, FindingFactory, MemberFactory
from tests.portals.bureau_helpers import (
    assert_constant_queries,
    complaint_about,
    messages_of,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_quality_page_shows_the_figures_per_body_r_n3(client, bea, body_a, anna, member_x):
    """R-N3: quality page shows the figures per body."""
    audit = AuditFactory(member=member_x, body=body_a, fieldwork_starts_on=dt.date(2026, 3, 2),
                         fieldwork_ends_on=dt.date(2026, 3, 3),
                         definitive_on=dt.date(2026, 3, 23))
    FindingFactory(audit=audit, recorded_by=anna.user)
    AuditEvaluation.objects.create(audit=audit, score=9)
    complaint_about(body=body_a, received_on=dt.date(2026, 2, 2))
    client.force_login(bea)
    response = client.get(reverse("bureau:quality") + "?van=2026-01-01&tot=2026-12-31")
    assert response.status_code == 200
    row = [r for r in response.context["figures"].bodies if r.body == body_a][0]
    assert (row.audits, row.findings_total, row.complaints, row.evaluation_mean) == (1, 1, 1, 9)
    html = text_of(response)
    assert "CI Alfa B.V." in html and "4.11" in html and "R-N3" in html


def test_quality_page_with_a_bad_period_is_a_form_error(client, bea):
    client.force_login(bea)
    response = client.get(reverse("bureau:quality") + "?van=2026-12-31&tot=2026-01-01")
    assert response.status_code == 400


def test_quality_page_queries_do_not_grow_with_rows_r_n3(client, bea, anna):
    """R-N3: quality page queries do not grow with rows."""
    def add_rows(n):
        for _ in range(n):
            body = CertificationBodyFactory()
            audit = AuditFactory(member=MemberFactory(), body=body,
                                 fieldwork_starts_on=dt.date(2026, 3, 2),
                                 definitive_on=dt.date(2026, 3, 20))
            FindingFactory(audit=audit, recorded_by=anna.user,
                           norm=Norm.objects.order_by("?").first())
            complaint_about(body=body, received_on=dt.date(2026, 2, 2))

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:quality") + "?van=2026-01-01&tot=2026-12-31",
                            add_rows)


def test_a_proposal_goes_from_submission_to_decision_r_n4(client, bea, dirk):
    """R-N4: collected, taken into review, decided with notes; the history is shown."""
    client.force_login(bea)
    norm = Norm.objects.get(code="2.3")
    response = client.post(reverse("bureau:norm_proposal_new"), {
        "norm": norm.pk, "text": "Maak de termijn expliciet.",
        "rationale": "Auditors lezen de norm verschillend."})
    proposal = NormChangeProposal.objects.get()
    detail = reverse("bureau:norm_proposal_detail", kwargs={"pk": proposal.pk})
    assert response["Location"] == detail and proposal.norm == norm
    assert client.post(reverse("bureau:norm_proposal_review",
                               kwargs={"pk": proposal.pk})).status_code == 302
    client.force_login(dirk)
    response = client.post(reverse("bureau:norm_proposal_decide", kwargs={"pk": proposal.pk}),
                           {"accept": "nee", "notes": "Past in de volgende herziening.",
                            "confirm": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == NormProposalState.REJECTED and proposal.decided_by == dirk
    html = text_of(client.get(detail))
    assert "Past in de volgende herziening." in html and "Bea Bureau" in html


def test_deciding_a_proposal_not_under_review_is_refused_naming_r_n4(client, bea):
    """R-N4: deciding a proposal not under review is refused naming R-N4."""
    proposal = NormChangeProposal.objects.create(proposed_by=bea, proposed_on=dt.date.today(),
                                                 text="Voorstel.", rationale="Reden.")
    client.force_login(bea)
    response = client.post(reverse("bureau:norm_proposal_decide", kwargs={"pk": proposal.pk}),
                           {"accept": "ja", "notes": "Akkoord.", "confirm": "on"})
    assert response.status_code == 400
    assert any("R-N4" in m for m in messages_of(response))
    proposal.refresh_from_db()
    assert proposal.state == NormProposalState.PROPOSED


def test_a_proposal_without_rationale_stores_nothing(client, bea):
    client.force_login(bea)
    response = client.post(reverse("bureau:norm_proposal_new"),
                           {"norm": "", "text": "Voorstel.", "rationale": ""})
    assert response.status_code == 400
    assert not NormChangeProposal.objects.exists()


def test_proposal_list_filters_and_queries_do_not_grow_with_rows(client, bea):
    def add_rows(n):
        norm = Norm.objects.get(code="1.1")
        for _ in range(n):
            NormChangeProposal.objects.create(norm=norm, proposed_by=bea,
                                              proposed_on=dt.date(2026, 3, 1),
                                              text="Voorstel.", rationale="Reden.")

    client.force_login(bea)
    assert_constant_queries(client, reverse("bureau:norm_proposal_list"), add_rows)
    response = client.get(reverse("bureau:norm_proposal_list") + "?status=accepted")
    assert list(response.context["page"]) == []
