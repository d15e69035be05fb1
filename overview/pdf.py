"""The audit summary as a PDF (issue #5), for the directeur and the member. It reads audits,
findings and certificates, so it lives in ``overview`` (issue #10).

One A4 document per audit: the member, the kind and dates of the audit, the team (R-C4), every
finding of the report with its kind history (R-F8, ``findings.selectors.finding_label``) and
the deadline that runs for it (R-F3 plan of approach, R-F4/R-F5 investigation), the R-F6
limits, the body's advice (R-F7) and the Kwaliteitskader picture (R-U3): the radar chart of
``audits.radar`` with, under it, the levels as a table (so the PDF's text holds them too).

Rendered on request, never stored: unlike the certificate (R-Z7) the summary is a view of the
current state, not an issued document. Uses the fonts and the shared font configuration of
``certificates.pdf``, so it looks the same on every host.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from audits.models import Audit
from audits.radar import radar_svg
from audits.selectors import radar_data
from certificates.pdf import FONT_DIR, _font_config
from core.dates import today as amsterdam_today
from core.deadlines import open_deadlines
from findings.models import Advice, FindingKind, InvestigationState, PlanState
from findings.selectors import (
    audit_limits,
    finding_label,
    findings_for_audit,
)

TEMPLATE = "audits/pdf/summary.html"


@dataclass(frozen=True)
class FindingRow:
    """One finding as the summary lists it."""

    norm: str
    label: str  # "afwijking (was kanttekening bij audit 2023)" (R-F8)
    description: str
    status: str
    deadline: dt.date | None
    deadline_text: str
    rule_id: str


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y") if value else "–"


def _finding_row(finding, due: dict[str, dt.date]) -> FindingRow:
    """The finding with the deadline that runs for it now; ``due`` holds the member's open
    deadlines by uid, from the deadline registry (``core.deadlines``), so the summary says what
    the dashboard, the feeds and the timeline say."""
    deadline, text, rule_id = None, "", ""
    if finding.is_open:
        ordered = [i for i in finding.investigations.all()
                   if i.state == InvestigationState.ORDERED]
        plans = list(finding.plans.all())
        approved = [p for p in plans if p.state == PlanState.APPROVED]
        submitted = [p for p in plans if p.state == PlanState.SUBMITTED]
        if ordered:
            deadline = due.get(f"investigation-{ordered[0].pk}", ordered[0].due_on)
            rule_id = ordered[0].rule_id
            text = _("aanvullend onderzoek uiterlijk %(date)s") % {"date": _day(deadline)}
        elif finding.kind == FindingKind.NONCONFORMITY and approved:
            text = _("plan van aanpak goedgekeurd op %(date)s") % {
                "date": _day(approved[0].assessed_on)}
            rule_id = "R-F3"
        elif finding.kind == FindingKind.NONCONFORMITY and submitted:
            text = _("plan van aanpak ingediend op %(date)s, in beoordeling") % {
                "date": _day(submitted[0].submitted_on)}
            rule_id = "R-F3"
        elif finding.kind == FindingKind.NONCONFORMITY:
            deadline, rule_id = due.get(f"plan-{finding.pk}"), "R-F3"
            text = _("plan van aanpak uiterlijk %(date)s") % {"date": _day(deadline)}
        elif finding.kind == FindingKind.MAJOR:
            deadline = due.get(f"major-{finding.pk}")
            rule_id = "R-F5"
            text = _("oplossen en aanvullend onderzoek uiterlijk %(date)s") % {
                "date": _day(deadline)}
        else:
            rule_id = "R-F2"
            text = _("oplossen vóór de volgende audit")
    else:
        text = _("opgelost op %(date)s") % {"date": _day(finding.resolved_on)} \
            if finding.resolved_on else _("opgelost")
    return FindingRow(
        norm=str(finding.norm), label=finding_label(finding), description=finding.description,
        status=str(finding.get_status_display()), deadline=deadline, deadline_text=text,
        rule_id=rule_id)


def _radar(audit) -> dict:
    """The Kwaliteitskader picture (R-U3): the SVG of ``audits.radar`` and its levels."""
    data = radar_data(audit)
    return {
        # Safe: built by ElementTree, which escapes every text and attribute.
        "radar_svg": mark_safe(radar_svg(data=data, element_id=f"radar-{audit.pk}")),
        "radar_rows": [{"number": a.number, "title": a.title,
                        "self_assessment": a.self_assessment or "–",
                        "observation": a.observation or "–",
                        "previous": a.previous or "–"} for a in data.areas],
        "radar_previous": data.previous_audit,
    }


def audit_summary_context(audit) -> dict:
    audit = (Audit.objects.select_related("member", "body", "lead_auditor", "second_auditor",
                                          "reviewer").get(pk=audit.pk))
    due = {deadline.uid: deadline.on for deadline in open_deadlines(
        today=amsterdam_today(), member=audit.member,
        clocks_=["findings.plan", "findings.investigation", "findings.major"])}
    findings = [_finding_row(f, due) for f in findings_for_audit(audit=audit)
                .order_by("norm__area__number", "norm__position", "pk")]
    return {
        "audit": audit,
        "member": audit.member,
        "findings": findings,
        "limits": audit_limits(audit),
        "advice": Advice.objects.filter(audit=audit).select_related("given_by").first(),
        "generated_on": amsterdam_today(),
        "font_regular": (FONT_DIR / "DejaVuSans.ttf").as_uri(),
        "font_bold": (FONT_DIR / "DejaVuSans-Bold.ttf").as_uri(),
        **_radar(audit),
    }


def render_audit_summary_pdf(audit, *, language: str | None = None) -> bytes:
    """The summary of ``audit`` as an A4 PDF (see the module docstring)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        html = render_to_string(TEMPLATE, audit_summary_context(audit))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        font_config=_font_config)
