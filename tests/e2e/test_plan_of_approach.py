"""End-to-end (issue #4, scenario 2): at a recertification audit the auditor records an
afwijking; the positive advice is refused while it has no approved plan van aanpak (R-F7 with
R-F3); the member sends a plan through its portal, the body approves it in the auditor portal,
and the body's advice is positive (R-F1, R-F3, R-F7, R-0.5)."""

import datetime as dt

import pytest

from audits.models import AuditKind, AuditState
from core import dates
from findings.models import Advice, AdviceKind, Finding, FindingKind, PlanState
from tests.factories import AuditFactory, CertificateFactory

from .conftest import main_text, messages_on, submit
from .flows import report_to_follow_up


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_afwijking_with_an_approved_plan_of_approach_allows_a_positive_advice(
        e2e, dirk, member_x, xena, body_a, anna, arie):
    today = dates.today()
    # Member X is certified until two months from now; its recertification audit by CI A is
    # on site today, with anna leading and arie as second auditor.
    valid_until = dates.add_months(today, 2)
    CertificateFactory(number="NVVK-2023-0107", audit__member=member_x, audit__body=body_a,
                       audit__state=AuditState.DECIDED,
                       valid_from=dates.add_years(valid_until, -3) + dt.timedelta(days=1),
                       valid_until=valid_until,
                       decided_on=dates.add_years(valid_until, -3))
    audit = AuditFactory(member=member_x, body=body_a, kind=AuditKind.RECERTIFICATION,
                         state=AuditState.FIELDWORK, lead_auditor=anna, second_auditor=arie,
                         fieldwork_starts_on=today, fieldwork_ends_on=today, planned_days=2)
    audit.scope.set(member_x.scope.all())

    # --- R-F1: the auditor records an afwijking on norm 4.11 --------------------------------
    lead = e2e.login(anna.user, "auditor")
    lead.get_by_role("link", name=member_x.name).first.click()
    lead.wait_for_url(f"**/auditor/audits/{audit.pk}/")
    lead.get_by_role("link", name="Bevindingen").click()
    lead.select_option("#id_norm_code", "4.11")
    lead.check('input[name="kind"][value="nonconformity"]')
    lead.fill("#id_description", "Van 4 van de 12 dossiers ontbreekt de schuldenlijst.")
    submit(lead)
    finding = Finding.objects.get(audit=audit)
    assert finding.kind == FindingKind.NONCONFORMITY

    reviewer = e2e.login(arie.user, "auditor")
    report_to_follow_up(e2e, lead, reviewer, audit, member_x.name)

    # R-0.5/R-F7: before the plan, the advice page explains why a positive advice is blocked,
    # and submitting one is refused with the rule — nothing is stored.
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/advies/"))
    assert "4.11" in main_text(lead) and "plan van aanpak" in main_text(lead)
    lead.check('input[name="kind"][value="positive"]')
    lead.fill("#id_motivation", "Voldoet aan het kwaliteitskader.")
    lead.check("#id_confirm")
    refusal = " ".join(submit(lead, expect_refusal=True))
    assert "R-F7" in refusal and "4.11" in refusal
    assert not Advice.objects.filter(audit=audit).exists()

    # --- R-F3: the member sends a plan van aanpak within two months --------------------------
    member = e2e.login(xena.user, "member")
    member.get_by_role("link", name="Plan van aanpak indienen").first.click()
    member.wait_for_url(f"**/portaal/bevindingen/{finding.pk}/plan/")
    member.fill("#id_text", "Per 1 januari een verplichte checklist bij de intake; de "
                            "teamleider controleert maandelijks tien dossiers.")
    submit(member)
    assert "verstuurd" in messages_on(member)

    # --- R-F3: the body approves the plan ------------------------------------------------------
    e2e.home(lead, "auditor")
    lead.locator('a[href*="/auditor/plannen-van-aanpak/"]').filter(
        has_text=member_x.name).first.click()
    lead.check('input[name="decision"][value="approve"]')
    lead.fill("#id_assessment", "Het plan is concreet en haalbaar.")
    lead.check("#id_confirm")
    submit(lead)
    assert finding.plans.get().state == PlanState.APPROVED
    member.goto(e2e.url("/portaal/bevindingen/"))
    assert "Goedgekeurd" in main_text(member)

    # --- R-F7: now the positive advice is given -----------------------------------------------
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/advies/"))
    lead.check('input[name="kind"][value="positive"]')
    lead.fill("#id_motivation", "Voldoet; de afwijking heeft een goedgekeurd plan van aanpak.")
    lead.check("#id_confirm")
    submit(lead)
    assert Advice.objects.get(audit=audit).kind == AdviceKind.POSITIVE
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED

    # The directeur's queue now holds the certification decision with the positive advice.
    director = e2e.login(dirk, "director")
    assert member_x.name in main_text(director)
    assert "positief advies" in main_text(director).lower()
