"""Suspension, appeal, expulsion and publication (R-S1 … R-S7; guideline §2 "Tijdelijke
schorsing"). Every state change users can cause lives here; views, tasks and the admin call
these functions, never the transitions.

Who decides (SPEC §1): the directeur summons (the bureau may send the summons on his behalf),
suspends and decides the outcome (R-M2, R-S5); the Bestuur rules on appeals (R-S4); the
member (through a contact person, or the bureau registering a paper appeal) appeals (R-S3);
the bureau sends the notices (R-S7); the directeur and/or the Bestuur decide on publication
outside the association (R-S7).

Decisions taken here:

- ``ends_on`` is the last day of the suspension, ``add_months(start, months)`` (R-0.1
  inclusive, see ``suspensions/deadlines.py``); the extension end is computed from the start
  date (R-S2).
- R-S5 "at the end of the suspension (or earlier, when a CI has given advice)": the directeur
  can decide the outcome from the suspension's last day on, or earlier once a certification
  body has given an advice on an audit of the member since the suspension started.
- Expulsion takes effect when final (art. 2:35 lid 4 BW): when the appeal window passes
  without an appeal (the sweep), or when the Bestuur dismisses the appeal. Until then the
  member stays suspended; an upheld appeal restores the suspension.
- Certificates of an expelled member are *not* withdrawn automatically: withdrawal is the
  directeur's decision (R-Z5). When the expulsion becomes final, each still-valid
  certificate is flagged for the directeur.
- An upheld appeal: against the suspension → the suspension is lifted (member back to
  ``member``); against the extension → the extension is annulled and the suspension runs to
  its original end (the extension still counts as the one extension of R-S2); against the
  expulsion → the suspension is restored and the directeur decides again; against the
  lifting → recorded and flagged to the directeur, but nothing is reinstated: a new
  suspension needs a new hearing (R-S1).

The services live in one module per concept; this package re-exports them, so
``from suspensions.services import x`` and ``suspensions.services.x`` work unchanged:

- ``hearings``: R-S1 the hearing (summons, record);
- ``suspensions``: R-S1/R-S2 the suspension decision, R-S5 the outcome (extend, lift, expel);
- ``appeals``: R-S3/R-S4 appeals and the Bestuur's ruling;
- ``notices``: R-S7 notice and publication;
- ``sweep``: the daily sweep (R-S4, R-S5);
- ``portal``: portal support (issue #4);
- ``blockers``: what stands in the way of an outcome now (R-0.5);
- ``_common``: the private helpers the modules share.
"""

from .appeals import (
    appeal_blockers,
    appeal_file,
    appeal_rule,
    appeal_ruling_blockers,
    appealed_decision_notified_on,
)
from .blockers import suspension_outcome_blockers
from .hearings import hearing_record, hearing_summon, hearing_summon_blockers
from .notices import notice_blockers, suspension_send_notice, suspension_set_publication
from .portal import suspension_outcome_refusal
from .suspensions import (
    suspension_decide,
    suspension_decide_blockers,
    suspension_expel,
    suspension_extend,
    suspension_lift,
    suspension_lift_after_reaudit,
)
from .sweep import suspensions_sweep

__all__ = [
    "notice_blockers",
    "appeal_blockers",
    "appeal_ruling_blockers",
    "hearing_summon_blockers",
    "suspension_decide_blockers",
    "suspension_outcome_blockers",
    "appeal_file",
    "appeal_rule",
    "appealed_decision_notified_on",
    "hearing_record",
    "hearing_summon",
    "suspension_decide",
    "suspension_expel",
    "suspension_extend",
    "suspension_lift",
    "suspension_lift_after_reaudit",
    "suspension_outcome_refusal",
    "suspension_send_notice",
    "suspension_set_publication",
    "suspensions_sweep",
]
