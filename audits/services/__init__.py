"""State changes of certification bodies, auditors and audits (R-C1 … R-C4, R-U1 … R-U6,
R-T1, R-T2).

Each service is keyword-only, runs in one transaction, locks the row it changes, checks who may
act and the rule, and raises :class:`core.exceptions.RuleViolation` naming the rule with a Dutch
message of what is missing (R-0.5). A step of R-U2 taken from the wrong step is refused naming
R-U2. The transitions ``advise`` (R-F7) and ``decide`` (R-Z1) belong to ``findings.services``
and ``certificates.services``.

The services by concept (issue #10); import them from here (``from audits.services import x``):

- :mod:`.bodies`: R-C1 certification bodies;
- :mod:`.auditors`: R-C3 auditors and their independence;
- :mod:`.audits`: creating an audit (R-U1, R-C2, R-T1), its team and plan (R-C4, R-U6),
  cancelling it;
- :mod:`.steps`: the R-U2 steps from the quote to the follow-up, the reports (replaced before
  they count) and the review (sent back for rework, R-C4);
- :mod:`.blockers`: what stands in the way of a step now, shown by the page and refused with
  by the step's service;
- :mod:`.assessments`: R-U3 self-assessment and observation, R-U5 overlap, R-N3 evaluation;
- :mod:`.norm_proposals`: R-N4 proposals to change the norms;
- :mod:`.sweep`: the daily pass (R-C1);
- :mod:`._common`: the helpers they share.
"""

from ._common import BEFORE_FIELDWORK, OPEN_STATES, auditor_of
from .assessments import (
    EVALUATION_STATES,
    OBSERVATION_STATES,
    SELF_ASSESSMENT_STATES,
    assessment_record,
    audit_evaluate,
    levels_blockers,
    norm_mark_covered,
    self_assessment_save,
)
from .auditors import (
    auditor_declare_involvement,
    auditor_invite,
    auditor_record_confidentiality,
    auditor_register,
    check_independence,
    independence_window_start,
)
from .audits import (
    KIND_MEMBER_STATES,
    audit_assign_team,
    audit_cancel,
    audit_cancel_unchecked,
    audit_create,
    audit_create_blockers,
    audit_impose_interim,
    audit_plan,
    audit_reassign,
    audits_cancel_open_for_member,
    interim_audit_blockers,
    interim_trigger_blockers,
)
from .blockers import require_step_allowed, step_blockers
from .bodies import (
    body_record_accreditation,
    body_record_contract,
    body_record_evaluation,
    body_register,
    body_set_recognition,
)
from .combined import (
    audit_register_combined_swn,
    audit_request_combined_swn,
    combined_audit_blockers,
    combined_request_blockers,
)
from .norm_proposals import (
    NORM_PROPOSAL_DECIDERS,
    NORM_PROPOSAL_SUBMITTERS,
    norm_proposal_decide,
    norm_proposal_review,
    norm_proposal_submit,
)
from .steps import (
    REPLACE_STATES,
    REPORT_STATES,
    audit_agree_quote,
    audit_give_oral_feedback,
    audit_make_definitive,
    audit_present,
    audit_replace_report,
    audit_review,
    audit_send_back,
    audit_start_development_levels,
    audit_start_fieldwork,
    audit_start_follow_up,
    audit_start_preparation,
    audit_submit_concept,
    audit_upload_report,
)
from .sweep import audits_sweep

__all__ = [
    # _common
    "BEFORE_FIELDWORK",
    "OPEN_STATES",
    "auditor_of",
    # bodies (R-C1)
    "body_register",
    "body_set_recognition",
    "body_record_contract",
    "body_record_accreditation",
    "body_record_evaluation",
    # auditors (R-C3)
    "auditor_invite",
    "auditor_register",
    "auditor_record_confidentiality",
    "auditor_declare_involvement",
    "independence_window_start",
    "check_independence",
    # audits (R-U1, R-C2, R-T1, R-C4, R-U6, cancelling)
    "KIND_MEMBER_STATES",
    "audit_create",
    "audit_create_blockers",
    "combined_audit_blockers",
    "combined_request_blockers",
    "interim_trigger_blockers",
    "interim_audit_blockers",
    "audit_register_combined_swn",
    "audit_request_combined_swn",
    "audit_impose_interim",
    "audit_assign_team",
    "audit_plan",
    "audit_reassign",
    "audits_cancel_open_for_member",
    "audit_cancel_unchecked",
    "audit_cancel",
    # steps (R-U2)
    "REPORT_STATES",
    "REPLACE_STATES",
    "step_blockers",
    "require_step_allowed",
    "audit_replace_report",
    "audit_send_back",
    "audit_agree_quote",
    "audit_start_preparation",
    "audit_start_development_levels",
    "audit_start_fieldwork",
    "audit_give_oral_feedback",
    "audit_upload_report",
    "audit_submit_concept",
    "audit_review",
    "audit_present",
    "audit_make_definitive",
    "audit_start_follow_up",
    # assessments (R-U3, R-U5, R-N3)
    "OBSERVATION_STATES",
    "SELF_ASSESSMENT_STATES",
    "EVALUATION_STATES",
    "assessment_record",
    "levels_blockers",
    "norm_mark_covered",
    "self_assessment_save",
    "audit_evaluate",
    # norm_proposals (R-N4)
    "NORM_PROPOSAL_SUBMITTERS",
    "NORM_PROPOSAL_DECIDERS",
    "norm_proposal_submit",
    "norm_proposal_review",
    "norm_proposal_decide",
    # sweep
    "audits_sweep",
]
