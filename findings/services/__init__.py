"""State changes of findings, plans of approach, additional investigations, the R-F6 limits
and the advice (R-F1 … R-F8, R-F7 → R-Z1).

Every service: ``transaction.atomic()``, the rows it changes re-read with
``select_for_update()`` (a finding is always locked before its plans or investigations, so
services and the sweep take locks in the same order), the actor's right checked (R-A1: an
auditor only for audits of their own body; a member contact only for their own member), the
rule checked with a :class:`~core.exceptions.RuleViolation` naming it, then the FSM transition,
``save_with_history`` and, where R-0.3 asks, a decision record.

The services live in one module per concept; this package re-exports them, so
``from findings.services import x`` and ``findings.services.x`` work unchanged:

- :mod:`._common`: who may act (R-A1), the recording states (R-U2), the finding's lock;
- :mod:`.escalation`: escalation keeping the finding's identity (R-F8);
- :mod:`.recording`: recording and judging findings (R-F1, R-F2, R-F3, R-F5, R-U5);
- :mod:`.corrections`: correcting or withdrawing a finding before the report is definitive
  (R-U2);
- :mod:`.plans`: plans of approach (R-F3);
- :mod:`.investigations`: additional investigations (R-F4, R-F5);
- :mod:`.advice`: the limits (R-F6) and the advice (R-F7);
- :mod:`.sweep`: the daily sweep (R-F3, R-F4, R-F5).
"""

from ._common import RECORDING_STATES
from .advice import advice_give, limits_record_follow_up
from .corrections import correction_blockers, finding_correct, finding_withdraw
from .investigations import investigation_complete, investigation_order
from .plans import plan_approve, plan_reject, plan_submit
from .recording import KIND_RULE, finding_judge_follow_up, finding_record, finding_resolve
from .sweep import findings_sweep

__all__ = [
    "KIND_RULE",
    "RECORDING_STATES",
    "advice_give",
    "correction_blockers",
    "finding_correct",
    "finding_withdraw",
    "finding_judge_follow_up",
    "finding_record",
    "finding_resolve",
    "findings_sweep",
    "investigation_complete",
    "investigation_order",
    "limits_record_follow_up",
    "plan_approve",
    "plan_reject",
    "plan_submit",
]
