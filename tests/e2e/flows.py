"""Steps of the auditor portal that more than one end-to-end test walks: one R-U2 step from the
audit page, a report upload, the second auditor's review (R-C4), and the whole stretch from the
oral feedback to the follow-up."""

from .conftest import errors_on, pdf_file, submit


def audit_step(e2e, page, audit, key: str):
    """Take the R-U2 step ``key`` from the audit page's "Volgende stap" form."""
    page.goto(e2e.url(f"/auditor/audits/{audit.pk}/"))
    form = page.locator(f'form[action$="/stap/{key}/"]')
    form.locator(f"#id_{key}-confirm").check()
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    assert not errors_on(page), f"step {key}: {errors_on(page)}"


def upload_report(e2e, page, audit, version: str):
    """Upload the concept or definitive report (a real PDF by content, R-U2)."""
    page.goto(e2e.url(f"/auditor/audits/{audit.pk}/rapporten/"))
    page.check(f'input[name="version"][value="{version}"]')
    page.set_input_files('input[name="file"]', pdf_file(f"rapport-{version}.pdf"))
    submit(page)


def second_auditor_review(e2e, page, audit, member_name: str):
    """R-C4: the second auditor finds the review on the portal's home page and records it."""
    e2e.home(page, "auditor")
    link = page.locator(f'a[href$="/auditor/audits/{audit.pk}/toets/"]')
    assert member_name in link.inner_text()
    link.click()
    page.wait_for_url(f"**/auditor/audits/{audit.pk}/toets/")
    page.fill("#id_notes", "Bevindingen navolgbaar onderbouwd; rapport kan naar de organisatie.")
    page.check("#id_confirm")
    submit(page)


def report_to_follow_up(e2e, lead, reviewer, audit, member_name: str):
    """From the fieldwork to the follow-up (R-U2): oral feedback, the concept report, the
    second auditor's review (R-C4), presenting, the definitive report, the follow-up."""
    audit_step(e2e, lead, audit, "give_oral_feedback")
    upload_report(e2e, lead, audit, "concept")
    audit_step(e2e, lead, audit, "submit_concept")
    second_auditor_review(e2e, reviewer, audit, member_name)
    audit_step(e2e, lead, audit, "present")
    upload_report(e2e, lead, audit, "definitive")
    audit_step(e2e, lead, audit, "make_definitive")
    audit_step(e2e, lead, audit, "start_follow_up")
