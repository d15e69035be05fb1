"""The auditor portal's home page (``/auditor/``): the open audits of the auditor's own body
(R-A1) by step, and the plans of approach and additional investigations waiting for it, so it
reads audits and findings (issue #10)."""

from django.shortcuts import render

from audits.models import AuditState
from audits.selectors import STEP_ORDER, auditor_for_user, audits_for_auditor
from audits.views.auditor import CLOSED_STATES, NEXT, PAGE_SIZE
from core.access import portal_view
from core.dates import today as current_day
from findings.deadlines import plan_deadline
from findings.models import InvestigationState, PlanState
from findings.selectors import investigations_for_auditor, plans_for_auditor


@portal_view("auditor")
def home(request):
    """The auditor's work: open audits of its body grouped by step (R-U2) with what comes next;
    plans of approach awaiting assessment (R-F3); additional investigations due (R-F4/R-F5);
    reviews this auditor may do (R-C4). A fixed number of queries, whatever the rows."""
    auditor = auditor_for_user(request.user)
    audits = list(audits_for_auditor(user=request.user).exclude(state__in=CLOSED_STATES)
                  .order_by("fieldwork_starts_on", "pk"))
    by_state: dict[str, list] = {}
    for audit in audits:
        by_state.setdefault(audit.state, []).append(audit)
    groups = [{"state": state, "label": AuditState(state).label, "hint": NEXT[state][1],
               "audits": by_state[state]} for state in STEP_ORDER if state in by_state]
    reviews = [a for a in by_state.get(AuditState.CONCEPT_REPORT, [])
               if auditor is not None and a.lead_auditor_id != auditor.pk]
    plans = list(plans_for_auditor(user=request.user).filter(state=PlanState.SUBMITTED)
                 [:PAGE_SIZE])
    for plan in plans:
        plan.deadline = plan_deadline(plan.finding.kind_since)
    investigations = list(investigations_for_auditor(user=request.user)
                          .filter(state=InvestigationState.ORDERED)[:PAGE_SIZE])
    return render(request, "audits/auditor/home.html", {
        "auditor": auditor, "groups": groups, "open_count": len(audits), "reviews": reviews,
        "plans": plans, "investigations": investigations, "today": current_day(),
        "page_size": PAGE_SIZE,
    })
