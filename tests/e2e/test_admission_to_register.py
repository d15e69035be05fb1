"""End-to-end (issue #4, scenario 1): an organisation applies, the bureau checks it, an auditor
plans and records the admission audit with a finding and a report, a second auditor reviews, the
body advises, the kernteam advises, the directeur certifies and admits, and the member appears in
the public register with a certificate the verification page calls valid (R-M1, R-U2, R-C4,
R-F7, R-Z1, R-N2, R-Z7)."""

import re

import pytest

from audits.models import Audit, AuditKind, AuditState
from audits.services import audit_create
from certificates.models import Certificate
from core import dates
from members.models import Member, MemberState
from notifications.models import Notification

from .conftest import main_text, messages_on, submit
from .flows import audit_step, report_to_follow_up

NAME = "Stichting Schuldhulp Zuid"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_applicant_is_admitted_certified_and_listed_in_the_public_register(
        e2e, bea, kim, dirk, bram, body_a, anna, arie):
    today = dates.today()
    iso = today.isoformat()

    # --- R-M1 step 1: the organisation applies without an account ---------------------------
    visitor = e2e.anonymous()
    visitor.goto(e2e.url("/portaal/aanmelden/"))
    visitor.fill("#id_name", NAME)
    visitor.fill("#id_city", "Eindhoven")
    visitor.fill("#id_website", "https://zuid.example")
    visitor.fill("#id_contact_name", "Zoë Zuid")
    visitor.fill("#id_contact_email", "zoe@zuid.example")
    visitor.fill("#id_contact_phone", "040-1234567")
    visitor.fill("#id_motivation", "Wij bieden schuldhulpverlening in Zuidoost-Brabant.")
    for number in (1, 2, 3):
        visitor.check(f'input[name="scope"][value="{number}"]')
    visitor.check("#id_conditions")
    submit(visitor)
    assert visitor.url.endswith("/portaal/aanmelden/ontvangen/")
    member = Member.objects.get(name=NAME)
    assert member.state == MemberState.APPLICANT

    # The contact sets a password through the e-mailed invitation link (read from the stored
    # message; the test settings send mail to memory) and lands in the member portal.
    mail = Notification.objects.get(template="application-received",
                                    recipient_email="zoe@zuid.example")
    path = re.search(r"/portaal/uitnodiging/[^/\s]+/[^/\s]+/", mail.body_text).group(0)
    contact = e2e.new_page()
    contact.goto(e2e.url(path))
    contact.fill("#id_new_password1", "Zuid-wachtwoord-2026!")
    contact.fill("#id_new_password2", "Zuid-wachtwoord-2026!")
    submit(contact)
    assert contact.url.endswith("/portaal/")
    e2e.shot(contact, "member")
    assert NAME in main_text(contact)

    # --- R-M1 step 1: the bureau checks the application -------------------------------------
    bureau = e2e.login(bea, "bureau")
    assert NAME in bureau.locator("#aanmeldingen").inner_text()
    bureau.locator("#aanmeldingen").get_by_role("link", name=NAME).click()
    bureau.wait_for_url(f"**/bureau/leden/{member.pk}/")
    bureau.get_by_role("link", name="In behandeling nemen").click()
    submit(bureau)
    bureau.get_by_role("link", name="Controle vastleggen").click()
    bureau.check("#id_meets_conditions")
    bureau.fill("#id_notes", "KvK, statuten en Wgs-registratie gecontroleerd.")
    for number in (1, 2, 3):
        assert bureau.is_checked(f'input[name="scope"][value="{number}"]')
    submit(bureau)
    bureau.get_by_role("link", name="Contact vastleggen").click()
    assert bureau.input_value("#id_contacted_on") == iso
    submit(bureau)
    bureau.get_by_role("link", name="Naar de toelatingsaudit").click()
    bureau.check("#id_confirm")
    submit(bureau)
    member.refresh_from_db()
    assert member.state == MemberState.ADMISSION_AUDIT

    # R-M1 step 2 / R-C2: the organisation chooses its certification body. No portal page
    # offers this choice (neither the member portal nor the bureau), so the service is
    # called directly, with the contact as the actor who chooses.
    audit = audit_create(member=member, kind=AuditKind.ADMISSION, body=body_a,
                         actor=member.contacts.get().user)

    # --- R-U2: the auditor plans and records the audit --------------------------------------
    lead = e2e.login(anna.user, "auditor")
    lead.get_by_role("link", name=NAME).first.click()
    lead.wait_for_url(f"**/auditor/audits/{audit.pk}/")
    lead.get_by_role("link", name="team wijzigen").click()
    lead.select_option("#id_lead", str(anna.pk))
    lead.select_option("#id_second", str(arie.pk))
    submit(lead)
    lead.get_by_role("link", name="planning wijzigen").click()
    lead.fill("#id_fieldwork_starts_on", iso)
    lead.fill("#id_fieldwork_ends_on", iso)
    lead.fill("#id_planned_days", "2")
    lead.fill("#id_planned_auditors", "2")
    for number in (1, 2, 3):
        lead.check(f'input[name="scope"][value="{number}"]')
    submit(lead)
    audit_step(e2e, lead, audit, "agree_quote")
    audit_step(e2e, lead, audit, "start_preparation")
    audit_step(e2e, lead, audit, "start_fieldwork")

    # R-U4: this audit has no development levels: no level observation is offered.
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/prestatiegebieden/"))
    assert lead.locator("#id_observation_1").is_disabled()
    # R-F1: a kanttekening on norm 2.3.
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/bevindingen/"))
    lead.select_option("#id_norm_code", "2.3")
    lead.check('input[name="kind"][value="observation"]')
    lead.fill("#id_description", "Het klanttevredenheidsonderzoek is niet afgerond.")
    submit(lead)
    assert "2.3" in main_text(lead)

    # Concept report, the second auditor's review (R-C4), the definitive report, follow-up.
    reviewer = e2e.login(arie.user, "auditor")
    report_to_follow_up(e2e, lead, reviewer, audit, NAME)
    audit.refresh_from_db()
    assert audit.state == AuditState.FOLLOW_UP
    assert audit.reviewer == arie

    # R-F7: the body's positive advice (a kanttekening does not block it).
    lead.goto(e2e.url(f"/auditor/audits/{audit.pk}/advies/"))
    lead.check('input[name="kind"][value="positive"]')
    lead.fill("#id_motivation", "Voldoet aan het kwaliteitskader; één kanttekening.")
    lead.check("#id_confirm")
    submit(lead)
    audit.refresh_from_db()
    assert audit.state == AuditState.ADVISED

    # --- R-M1 step 3: the kernteam advises ---------------------------------------------------
    quality_team = e2e.login(kim, "quality_team")
    quality_team.get_by_role("link", name=NAME).click()
    quality_team.check('input[name="advice"][value="positive"]')
    quality_team.fill("#id_text", "Past bij de vereniging; het auditrapport is positief.")
    submit(quality_team)

    # --- R-Z1: the directeur certifies; R-M2: and admits -------------------------------------
    director = e2e.login(dirk, "director")
    queue = main_text(director)
    assert "Certificering" in queue and "Toelating" in queue
    director.locator(f'a[href$="/directeur/certificering/{audit.pk}/"]').click()
    director.check('input[name="decision"][value="certify"]')
    director.check("#id_confirm")
    submit(director)
    certificate = Certificate.objects.get(member=member)
    assert certificate.number in messages_on(director)
    director.locator(f'a[href$="/directeur/leden/{member.pk}/toelating/"]').click()
    director.check('input[name="decision"][value="admit"]')
    director.fill("#id_motivation", "Positief advies van CI en kernteam; voldoet aan de "
                                    "voorwaarden.")
    director.check("#id_confirm")
    submit(director)
    member.refresh_from_db()
    assert member.state == MemberState.MEMBER and member.member_number

    # --- R-M1 steps 3 and 4: the board is informed; the bureau completes the admission -------
    bureau.goto(e2e.url(f"/bureau/leden/{member.pk}/"))
    bureau.get_by_role("link", name="Bestuur geïnformeerd").click()
    submit(bureau)
    bureau.get_by_role("link", name="Afronding vastleggen").click()
    bureau.fill("#id_introduction_meeting_on", iso)
    bureau.fill("#id_certificate_handed_over_on", iso)
    bureau.fill("#id_published_on", iso)
    submit(bureau)
    board = e2e.login(bram, "board")
    board.goto(e2e.url("/bestuur/nieuwe-leden/"))
    assert NAME in main_text(board)

    # --- R-N2/R-Z7: the public register lists the member with a verifiable certificate -------
    e2e.home(visitor, "public")
    visitor.fill("#id_q", "Zuid")
    with visitor.expect_navigation():
        visitor.locator("main form").first.locator("[type=submit]").click()
    visitor.get_by_role("link", name=NAME).click()
    entry = main_text(visitor)
    assert certificate.number in entry and body_a.name in entry and "Eindhoven" in entry
    assert "zoe@zuid.example" not in entry and "Zoë Zuid" not in entry  # R-A2
    visitor.goto(e2e.url("/register/certificaat/"))
    visitor.fill("#id_nummer", certificate.number)
    with visitor.expect_navigation():
        visitor.locator("main form [type=submit]").click()
    assert visitor.url.endswith(f"/register/certificaat/{certificate.number}/")
    assert "Geldig" in visitor.locator(".verify-verdict").inner_text()
    assert Audit.objects.get(pk=audit.pk).state == AuditState.DECIDED
