"""Access entries for the auditor portal (/auditor/, R-A1): only the auditor of the audit's
body (anna for CI A's objects); bob, the auditor of CI B, gets 404 for CI A's objects and anna
404 for CI B's (``foreign``). Everyone else is refused the portal (403 / login).

The world lacks two kinds of object these URLs need; the helpers below add them on demand (and
idempotently): an ordered additional investigation per side, and an earlier open finding of the
member (at an earlier, decided audit) whose follow-up the current audit judges.
"""

import datetime as dt

from audits.models import AuditState
from findings.models import AdditionalInvestigation, Finding, FindingKind
from tests.access.matrix import Entry
from tests.factories import AuditFactory, FindingFactory

AUDITOR = frozenset({"anna"})


def investigation(world, side: str) -> AdditionalInvestigation:
    """An ordered aanvullend onderzoek on the world's afwijking of member X or Y (R-F4)."""
    finding = getattr(world, f"finding_{side}")
    existing = AdditionalInvestigation.objects.filter(finding=finding).first()
    if existing is not None:
        return existing
    today = dt.date.today()
    return AdditionalInvestigation.objects.create(
        finding=finding, rule_id="R-F4", ordered_on=today, due_on=today + dt.timedelta(days=90),
        ordered_by=finding.recorded_by)


def earlier_finding(world, side: str) -> Finding:
    """An open kanttekening of member X or Y recorded at an earlier (decided, 2023) audit of
    the same body, whose follow-up the world's current audit judges (R-F2)."""
    current = getattr(world, f"audit_{side}")
    existing = Finding.objects.filter(member=current.member,
                                      audit__fieldwork_starts_on__year=2023).first()
    if existing is not None:
        return existing
    old_audit = AuditFactory(member=current.member, body=current.body,
                             state=AuditState.DECIDED, fieldwork_starts_on=dt.date(2023, 3, 1),
                             fieldwork_ends_on=dt.date(2023, 3, 2))
    auditor = world.anna if side == "x" else world.bob
    return FindingFactory(audit=old_audit, kind=FindingKind.OBSERVATION,
                          recorded_by=auditor.user, recorded_on=dt.date(2023, 3, 2))


def _audit(side):
    return lambda world: {"pk": getattr(world, f"audit_{side}").pk}


def _foreign(make):
    """CI B's object for anna, CI A's for bob (R-A1: both 404)."""
    return {"anna": make("y"), "bob": make("x")}


def _object_entry(make) -> Entry:
    return Entry(allowed=AUDITOR, kwargs=make("x"), foreign=_foreign(make))


def _step(side):
    return lambda world: {"pk": getattr(world, f"audit_{side}").pk, "step": "start_follow_up"}


def _judge(side):
    return lambda world: {"pk": getattr(world, f"audit_{side}").pk,
                          "finding_pk": earlier_finding(world, side).pk}


def _finding(side):
    return lambda world: {"pk": getattr(world, f"finding_{side}").pk}


def _report(side):
    """A concept report of the world's audit of member X or Y (replace page, R-U2)."""

    def make(world):
        from audits.models import AuditReport, ReportVersion
        from core.documents import document_store

        audit = getattr(world, f"audit_{side}")
        report = AuditReport.objects.filter(audit=audit).first()
        if report is None:
            by = (world.anna if side == "x" else world.bob).user
            document = document_store(content=b"%PDF-1.4 r", name="r.pdf", actor=by,
                                      mime_type="application/pdf", member=audit.member)
            report = AuditReport.objects.create(audit=audit, version=ReportVersion.CONCEPT,
                                                document=document, uploaded_by=by)
        return {"pk": audit.pk, "report_pk": report.pk}

    return make


def _own_finding(side):
    return lambda world: {"pk": getattr(world, f"audit_{side}").pk,
                          "finding_pk": getattr(world, f"finding_{side}").pk}


def _plan(side):
    return lambda world: {"pk": getattr(world, f"plan_{side}").pk}


def _investigation(side):
    return lambda world: {"pk": investigation(world, side).pk}


ENTRIES = {
    "auditor:home": Entry(allowed=frozenset({"anna", "bob"})),
    "auditor:audit_list": Entry(allowed=frozenset({"anna", "bob"})),
    "auditor:plan_list": Entry(allowed=frozenset({"anna", "bob"})),
    "auditor:investigation_list": Entry(allowed=frozenset({"anna", "bob"})),
    "auditor:audit_detail": _object_entry(_audit),
    "auditor:audit_step": _object_entry(_step),
    "auditor:audit_team": _object_entry(_audit),
    "auditor:audit_plan": _object_entry(_audit),
    "auditor:audit_covered_norms": _object_entry(_audit),
    "auditor:audit_assessments": _object_entry(_audit),
    "auditor:audit_reports": _object_entry(_audit),
    "auditor:audit_review": _object_entry(_audit),
    "auditor:audit_report_replace": _object_entry(_report),
    "auditor:audit_send_back": Entry(allowed=AUDITOR, kwargs=_audit("x"), method="post"),
    "auditor:finding_correct": _object_entry(_own_finding),
    "auditor:audit_findings": _object_entry(_audit),
    "auditor:finding_judge": _object_entry(_judge),
    "auditor:audit_limits": _object_entry(_audit),
    "auditor:audit_advice": _object_entry(_audit),
    "auditor:plan_assess": _object_entry(_plan),
    "auditor:investigation_order": _object_entry(_finding),
    "auditor:investigation_complete": _object_entry(_investigation),
}
