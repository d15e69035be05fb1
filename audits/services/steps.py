"""R-U2 the steps of an audit, from quote and scope agreed to the follow-up: preparation,
development levels (R-U4), fieldwork, oral feedback, the reports, the internal review
(R-C3, R-C4), the presentation and the definitive report. A step taken from the wrong step
is refused naming R-U2.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from core.documents import document_store
from core.exceptions import RuleViolation
from core.history import save_with_history as _save
from core.messages import choice, stored
from core.rules import require_text
from core.rules import today_or as _today

from .. import emails
from ..models import Audit, Auditor, AuditReport, AuditState, ReportVersion
from ._common import (
    _audit_date,
    _date_not_future,
    _lock,
    _proceed,
    _require_body_side,
    _require_state,
    _require_step,
    require_body_carries_out,
)
from .auditors import check_independence
from .blockers import require_step_allowed, step_transition

# --- R-U2 steps ------------------------------------------------------------------------------


@transaction.atomic
def audit_agree_quote(*, audit: Audit, actor, on: dt.date | None = None,
                      today: dt.date | None = None) -> Audit:
    """R-U2: quote and scope agreed between member and body."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de offerte akkoord melden"), allow_contact=True)
    require_step_allowed(audit, "agree_quote", today=today)  # R-U2 step and scope
    _date_not_future(on, today, rule_id="R-U2", what=_("Het akkoord"))
    _proceed(audit, audit.agree_quote, rule_id="R-U2", on=on)
    return _save(audit, actor=actor, reason=stored("offerte en scope akkoord (R-U2)"))


@transaction.atomic
def audit_start_preparation(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2: preparation (zelfscan optional, documents of appendix 3 requested)."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de voorbereiding starten"))
    require_step_allowed(audit, "start_preparation", today=_today(today))
    _proceed(audit, audit.start_preparation, rule_id="R-U2")
    audit = _save(audit, actor=actor, reason=stored("voorbereiding gestart (R-U2)"))
    # R-U2: the member and the audit team are told, after the commit.
    transaction.on_commit(lambda: emails.audit_planned(audit_id=audit.pk), robust=True)
    return audit


@transaction.atomic
def audit_start_development_levels(*, audit: Audit, actor,
                                   today: dt.date | None = None) -> Audit:
    """R-U4: the optional development-levels step, only when levels are part of the audit."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de stap ontwikkelniveaus starten"))
    require_step_allowed(audit, "start_development_levels", today=_today(today))  # R-U4
    _proceed(audit, audit.start_development_levels, rule_id="R-U4")
    return _save(audit, actor=actor, reason=stored("stap ontwikkelniveaus (R-U4)"))


@transaction.atomic
def audit_start_fieldwork(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2: fieldwork on site. From preparation when the audit has no development levels, from
    the development-levels step when it has (R-U4). Needs the team (R-C4) and the plan (R-U6),
    and starts on or after the planned first day."""
    today = _today(today)
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de audit op locatie starten"))
    # R-U2 step, R-U4 levels first, R-C4 a lead auditor, R-U6 the plan, the planned day
    require_step_allowed(audit, "start_fieldwork", today=today)  # R-U2; R-C1 the body on the day
    transition = step_transition(audit, "start_fieldwork")
    _proceed(audit, transition, rule_id="R-U2")
    return _save(audit, actor=actor, reason=stored("audit op locatie gestart (R-U2)"))


@transaction.atomic
def audit_give_oral_feedback(*, audit: Audit, actor, on: dt.date | None = None,
                             today: dt.date | None = None) -> Audit:
    """R-U2: the oral feedback at the end of the last fieldwork day."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("de mondelinge terugkoppeling vastleggen"),
                       allow_bureau=False)
    require_step_allowed(audit, "give_oral_feedback", today=today)  # R-U2; R-C1 the body on the day
    _date_not_future(on, today, rule_id="R-U2", what=_("De terugkoppeling"))
    if audit.fieldwork_starts_on and on < audit.fieldwork_starts_on:
        raise RuleViolation(
            "R-U2", _("De terugkoppeling ligt vóór de audit op locatie (%(date)s).")
            % {"date": audit.fieldwork_starts_on},
        )
    _proceed(audit, audit.give_oral_feedback, rule_id="R-U2", on=on)
    return _save(audit, actor=actor, reason=stored("mondelinge terugkoppeling (R-U2)"))


#: R-U2: where each report version may be uploaded.
REPORT_STATES = {
    ReportVersion.CONCEPT: [AuditState.ORAL_FEEDBACK, AuditState.CONCEPT_REPORT],
    ReportVersion.DEFINITIVE: [AuditState.PRESENTED],
}


@transaction.atomic
def audit_upload_report(
    *, audit: Audit, version: str, content: bytes, name: str, actor,
    mime_type: str = "application/pdf", today: dt.date | None = None,
) -> AuditReport:
    """R-U2: the body's auditor uploads a concept report (after the oral feedback) or the one
    definitive report (only once it was presented to the organisation)."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("rapporten uploaden"), allow_bureau=False)
    if version not in REPORT_STATES:
        raise RuleViolation("R-U2", _("Een rapport is concept of definitief."))
    label = str(ReportVersion(version).label).lower()
    _require_state(audit, REPORT_STATES[version],
                   step=_("het uploaden van een %(version)s rapport") % {"version": label})
    if not content:
        raise RuleViolation("R-U2", _("Het bestand is leeg."))
    if version == ReportVersion.DEFINITIVE and audit.reports.filter(version=version).exists():
        raise RuleViolation("R-U2", _("Er is al een definitief rapport."))
    document = document_store(content=content, name=name, mime_type=mime_type, actor=actor,
                              member=audit.member,
                              title=f"{ReportVersion(version).label} rapport {audit}")
    report = AuditReport(audit=audit, version=version, document=document, uploaded_by=actor)
    return _save(report, actor=actor, reason=stored(
        "%(version)s rapport geüpload (R-U2)", version=choice(ReportVersion, version, lower=True)))


@transaction.atomic
def audit_submit_concept(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2: the concept report is ready for the internal review."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het conceptrapport indienen"), allow_bureau=False)
    require_step_allowed(audit, "submit_concept", today=_today(today))  # R-C1 on the day
    _proceed(audit, audit.submit_concept, rule_id="R-U2")
    return _save(audit, actor=actor, reason=stored("conceptrapport (R-U2)"))


@transaction.atomic
def audit_review(*, audit: Audit, reviewer: Auditor, notes: str, actor,
                 today: dt.date | None = None) -> Audit:
    """R-C4: the internal quality review by a second auditor of the same body, never the lead
    auditor, recorded by that reviewer. The reviewer is independent too (R-C3)."""
    today = _today(today)
    audit = _lock(audit)
    _require_step(audit, audit.complete_review, step=_("de interne kwaliteitstoets"))
    _require_second_auditor(audit, reviewer, actor)
    require_body_carries_out(audit, "complete_review", today=today)  # R-C1
    check_independence(auditor=reviewer, member=audit.member,
                       audit_date=_audit_date(audit, today), today=today)
    audit.reviewer = reviewer
    audit.reviewed_on = today
    audit.review_notes = notes or ""
    _proceed(audit, audit.complete_review, rule_id="R-C4")
    return _save(audit, actor=actor, reason=stored(
        "intern getoetst door %(name)s (R-C4)", name=reviewer.name))


def _require_second_auditor(audit: Audit, reviewer: Auditor, actor) -> None:
    """R-C4: the review is done by an active auditor of the audit's body other than the lead,
    recorded by that auditor."""
    if reviewer.body_id != audit.body_id or not reviewer.active:
        raise RuleViolation(
            "R-C4", _("De toets wordt gedaan door een (actieve) auditor van %(body)s; "
                      "%(reviewer)s is dat niet.")
            % {"body": audit.body, "reviewer": reviewer.name},
        )
    if reviewer.pk == audit.lead_auditor_id:
        raise RuleViolation(
            "R-C4", _("De leidend auditor mag de eigen bevindingen niet toetsen; een tweede "
                      "auditor toetst (vier ogen).")
        )
    if actor is None or reviewer.user_id != actor.pk:
        raise RuleViolation(
            "R-C4", _("De toets wordt vastgelegd door de toetsende auditor zelf (%(reviewer)s).")
            % {"reviewer": reviewer.name},
        )


@transaction.atomic
def audit_send_back(*, audit: Audit, reviewer: Auditor, reason: str, actor,
                    today: dt.date | None = None) -> Audit:
    """R-C4: the second auditor sends the concept report back to the lead auditor for rework,
    with a reason; the audit returns to the oral-feedback step, where a new concept is uploaded
    and submitted again. The lead auditor is told by e-mail."""
    today = _today(today)
    audit = _lock(audit)
    _require_step(audit, audit.send_back, step=_("het terugsturen van het conceptrapport"))
    _require_second_auditor(audit, reviewer, actor)
    require_body_carries_out(audit, "send_back", today=today)  # R-C1
    reason = require_text(reason, rule_id="R-C4",
                          message=_("Geef aan wat er aan het conceptrapport moet veranderen."))
    audit.sent_back_by = reviewer
    audit.rework_reason = reason
    _proceed(audit, audit.send_back, rule_id="R-C4", on=today)
    audit = _save(audit, actor=actor,
                  reason=stored(
                      "teruggestuurd door %(name)s (R-C4): %(reason)s", name=reviewer.name,
                      reason=reason))
    # R-C4: the lead auditor is told, after the commit.
    transaction.on_commit(lambda: emails.review_sent_back(audit_id=audit.pk), robust=True)
    return audit


#: R-U2: until when a report of each version can be replaced: before the step that makes it
#: count (a concept before it is submitted for review, the definitive one before it is made
#: definitive).
REPLACE_STATES = {
    ReportVersion.CONCEPT: [AuditState.ORAL_FEEDBACK],
    ReportVersion.DEFINITIVE: [AuditState.PRESENTED],
}


@transaction.atomic
def audit_replace_report(
    *, report: AuditReport, content: bytes, name: str, reason: str, actor,
    mime_type: str = "application/pdf", today: dt.date | None = None,
) -> AuditReport:
    """R-U2: a wrong upload is replaced by the right file before it counts, with a reason; the
    earlier file stays stored and in the report's history."""
    today = _today(today)
    audit = _lock(report.audit)
    report = AuditReport.objects.select_for_update().get(pk=report.pk, audit=audit)
    _require_body_side(actor, audit, what=_("rapporten vervangen"), allow_bureau=False)
    label = str(ReportVersion(report.version).label).lower()
    _require_state(audit, REPLACE_STATES[report.version],
                   step=_("het vervangen van een %(version)s rapport") % {"version": label})
    reason = require_text(reason, rule_id="R-U2",
                          message=_("Geef aan waarom het rapport wordt vervangen."))
    if not content:
        raise RuleViolation("R-U2", _("Het bestand is leeg."))
    report.document = document_store(content=content, name=name, mime_type=mime_type,
                                     actor=actor, member=audit.member,
                                     title=f"{ReportVersion(report.version).label} rapport "
                                           f"{audit}")
    report.replaced_on = today
    report.replacement_reason = reason
    report.uploaded_by = actor
    return _save(report, actor=actor, reason=stored(
        "%(version)s rapport vervangen (R-U2): %(reason)s",
        version=choice(ReportVersion, report.version, lower=True), reason=reason))


@transaction.atomic
def audit_present(*, audit: Audit, actor, on: dt.date | None = None,
                  today: dt.date | None = None) -> Audit:
    """R-U2: the reviewed report is presented to the organisation."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het rapport voorleggen"), allow_bureau=False)
    require_step_allowed(audit, "present", today=today)  # R-U2; R-C1 the body on the day
    _date_not_future(on, today, rule_id="R-U2", what=_("Het voorleggen"))
    _proceed(audit, audit.present, rule_id="R-U2", on=on)
    return _save(audit, actor=actor, reason=stored("voorgelegd aan organisatie (R-U2)"))


@transaction.atomic
def audit_make_definitive(*, audit: Audit, actor, on: dt.date | None = None,
                          today: dt.date | None = None) -> Audit:
    """R-U2: the definitive report (uploaded after the presentation) makes the audit
    definitive."""
    today = _today(today)
    on = on or today
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het rapport definitief maken"), allow_bureau=False)
    require_step_allowed(audit, "make_definitive", today=today)  # R-U2; R-C1 the body on the day
    _date_not_future(on, today, rule_id="R-U2", what=_("De datum"))
    _proceed(audit, audit.make_definitive, rule_id="R-U2", on=on)
    audit = _save(audit, actor=actor, reason=stored("rapport definitief (R-U2)"))
    # R-U2: the definitive report is announced to the member, after the commit.
    transaction.on_commit(lambda: emails.report_definitive(audit_id=audit.pk), robust=True)
    return audit


@transaction.atomic
def audit_start_follow_up(*, audit: Audit, actor, today: dt.date | None = None) -> Audit:
    """R-U2/R-F3: follow-up of the findings (plans of approach)."""
    audit = _lock(audit)
    _require_body_side(actor, audit, what=_("het nawerk starten"))
    require_step_allowed(audit, "start_follow_up", today=_today(today))
    _proceed(audit, audit.start_follow_up, rule_id="R-U2")
    return _save(audit, actor=actor, reason=stored("nawerk gestart (R-U2)"))
