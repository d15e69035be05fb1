"""The audit summary PDF (issue #5) for the directeur and the member: member, audit, team
(R-C4), findings with their history (R-F8) and deadlines (R-F3, R-F4/R-F5), the advice (R-F7)
and the Kwaliteitskader radar chart with the levels (R-U3)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from audits.models import AreaAssessment, AuditState, PerformanceArea
from findings.models import FindingKind, FindingKindChange
from overview.pdf import audit_summary_context, render_audit_summary_pdf
from tests.audits.factories import add_advice
from tests.factories import AuditFactory, FindingFactory
from tests.findings.factories import InvestigationFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(member_x, body_a, anna, arie, bob):
    """The 2026 recertification audit of member X by CI A (fieldwork 26–27 January), in
    follow-up, with an afwijking (plan due 31 March, R-F3), a tekortkoming under
    investigation (due 31 July, R-F5), a kanttekening that was escalated, the advice and the
    levels of two performance areas."""
    audit = AuditFactory(member=member_x, body=body_a, state=AuditState.ADVISED,
                         lead_auditor=anna, second_auditor=arie, reviewer=bob,
                         reviewed_on=D(2026, 2, 3), fieldwork_starts_on=D(2026, 1, 26),
                         fieldwork_ends_on=D(2026, 1, 27), definitive_on=D(2026, 2, 20))
    FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY, recorded_on=D(2026, 1, 31),
                   description="Dossiers zijn niet volledig.", recorded_by=anna.user)
    major = FindingFactory(audit=audit, kind=FindingKind.MAJOR, recorded_on=D(2026, 1, 31),
                           description="Geen schuldenoverzicht bij intake.",
                           recorded_by=anna.user)
    InvestigationFactory(finding=major, rule_id="R-F5", due_on=D(2026, 7, 31),
                         ordered_by=anna.user)
    escalated = FindingFactory(audit=audit, kind=FindingKind.NONCONFORMITY,
                               recorded_on=D(2026, 1, 26), kind_since=D(2026, 2, 10),
                               description="Klachtenregeling niet actueel.",
                               recorded_by=anna.user)
    FindingKindChange.objects.create(finding=escalated, from_kind=FindingKind.OBSERVATION,
                                     to_kind=FindingKind.NONCONFORMITY,
                                     changed_on=D(2026, 2, 10), rule_id="R-F2",
                                     reason="Onvoldoende opgevolgd.", audit=audit)
    add_advice(audit, kind="conditional", by=anna.user, given_on=D(2026, 4, 20))
    for number, own, observed in [(1, "B", "C"), (2, "C", "B")]:
        AreaAssessment.objects.create(audit=audit,
                                      area=PerformanceArea.objects.get(number=number),
                                      self_assessment=own, observation=observed)
    return audit


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_summary_holds_member_audit_team_findings_deadlines_and_advice(audit, member_x):
    pdf = render_audit_summary_pdf(audit)

    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (
        210, 297)  # A4
    text = _text(pdf)
    for expected in [
        "Samenvatting audit", "Schuldhulp X", "Hercertificeringsaudit", "CI Alfa B.V.",
        "26 januari 2026", "27 januari 2026", "20 februari 2026",  # fieldwork, definitive
        "Anna Auditor", "Arie Tweede", "Bob Beta",  # the team and the review (R-C4)
        "Dossiers zijn niet volledig.", "plan van aanpak uiterlijk 31 maart 2026",  # R-F3
        "aanvullend onderzoek uiterlijk 31 juli 2026",  # R-F5
        "Positief advies onder voorwaarden", "20 april 2026",  # R-F7
        "Binnen zes maanden dossiervorming verbeteren.",
    ]:
        assert expected in text, expected


def test_an_escalated_finding_shows_its_history_r_f8(audit):
    """R-F8: an escalated finding shows its history."""
    text = _text(render_audit_summary_pdf(audit))

    assert "afwijking (was kanttekening bij audit 2026)" in text


def test_the_kwaliteitskader_radar_chart_and_levels_are_embedded_r_u3(audit):
    """R-U3: the kwaliteitskader radar chart and levels are embedded."""
    context = audit_summary_context(audit)
    assert context["radar_svg"].startswith("<svg")  # audits.radar's chart
    rows = {row["number"]: row for row in context["radar_rows"]}
    assert (rows[1]["self_assessment"], rows[1]["observation"]) == ("B", "C")
    assert rows[3]["observation"] == "–"  # not assessed

    text = _text(render_audit_summary_pdf(audit))
    assert "Kwaliteitskader" in text
    area_1 = PerformanceArea.objects.get(number=1).title
    assert f"1. {area_1} B C" in text


def test_an_audit_without_findings_or_advice_still_renders(member_x, body_a):
    audit = AuditFactory(member=member_x, body=body_a, fieldwork_starts_on=None,
                         fieldwork_ends_on=None)

    text = _text(render_audit_summary_pdf(audit))

    assert "Bij deze audit zijn geen bevindingen vastgesteld." in text
    assert "Nog geen advies uitgebracht." in text
    assert "nog niet gepland" in text


def test_the_summary_renders_in_english(audit):
    text = _text(render_audit_summary_pdf(audit, language="en"))
    assert "31 March 2026" in text


def test_r_f3_a_plan_under_review_has_no_deadline_in_the_summary(audit):
    """R-F3: the summary reads the plan deadline from the deadline registry, like the
    dashboard and the feeds: a plan under review is not due, it is being assessed."""
    from tests.findings.factories import PlanFactory

    finding = audit.findings.get(description="Dossiers zijn niet volledig.")
    PlanFactory(finding=finding, submitted_on=D(2026, 3, 1))
    rows = {row.description: row for row in audit_summary_context(audit)["findings"]}
    row = rows["Dossiers zijn niet volledig."]
    assert row.deadline is None and row.rule_id == "R-F3"
    assert row.deadline_text == "plan van aanpak ingediend op 1 maart 2026, in beoordeling"
