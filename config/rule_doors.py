"""Rule × route inventory (issue #19, first part): for each rule whose check was moved to one
guard, the state it governs, that guard, and every service (route) that reaches the state and
asks it. Pure data (dotted paths), read by ``tests/test_rule_doors.py`` (every path resolves,
the guard and every route name the rule, ``docs/rules.md`` shows this table) and rendered with
:func:`render_markdown` into ``docs/rules.md``. Not yet every rule of SPEC.md: see that file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Door:
    rule_id: str
    governs: str
    guard: str
    routes: tuple[str, ...]


DOORS: tuple[Door, ...] = (
    Door("R-C1", "Audit: every step from the fieldwork to the definitive report",
         "audits.services._common.carried_out_blockers",
         ("audits.services.steps.audit_start_fieldwork",
          "audits.services.steps.audit_give_oral_feedback",
          "audits.services.steps.audit_submit_concept",
          "audits.services.steps.audit_review",
          "audits.services.steps.audit_send_back",
          "audits.services.steps.audit_present",
          "audits.services.steps.audit_make_definitive")),
    Door("R-C1", "Audit: a body chosen (CI gekozen) or a new fieldwork date",
         "audits.services._common.body_blockers",
         ("audits.services.audits.audit_create",
          "audits.services.audits.audit_impose_interim",
          "audits.services.audits.audit_reassign",
          "audits.services.audits.audit_plan",
          "audits.services.combined.audit_register_combined_swn")),
    Door("R-T2", "Audit of kind interim (tussentijdse audit) created",
         "audits.services.audits.interim_trigger_blockers",
         ("audits.services.audits.audit_impose_interim",
          "complaints.services.complaint_trigger_interim_audit")),
    Door("R-K3", "Complaint closed without an objection",
         "complaints.services.close_blockers",
         ("complaints.services.complaint_close",)),
    Door("R-U4", "AreaAssessment with an auditor's level observation",
         "audits.services.assessments.require_levels_in_audit",
         ("audits.services.assessments.assessment_record",)),
    Door("R-C2", "A second open recertification or combined NVVK/SWN audit",
         "audits.services._common.open_audit_blockers",
         ("audits.services.audits.audit_create",
          "audits.services.combined.audit_register_combined_swn",
          "audits.services.combined.audit_request_combined_swn")),
)


def render_markdown() -> str:
    """The inventory as the table of ``docs/rules.md`` (between its markers)."""
    lines = ["| rule | governs | guard | routes |", "|---|---|---|---|"]
    for door in DOORS:
        routes = "<br>".join(f"`{route}`" for route in door.routes)
        lines.append(f"| {door.rule_id} | {door.governs} | `{door.guard}` | {routes} |")
    return "\n".join(lines)
