"""Certificate services (R-Z1 … R-Z5, R-M3): every state change of a certificate or a
postponement goes through here.

Each service runs in one transaction, locks the rows it decides on (``select_for_update``),
checks who acts and which rule applies, raises :class:`core.exceptions.RuleViolation` naming
the rule when it cannot proceed (R-0.5), calls the state machine's transition, saves with
history (R-0.4) and writes the decision record where R-0.3 asks for one.

Lock order, to keep two services from deadlocking each other: audit → member → certificate
→ postponement.

One module per concept; this package re-exports their public names, so
``from certificates.services import certificate_decide`` keeps working:

- ``numbers``: certificate numbers (R-Z7);
- ``without_certificate``: R-M3, the member without a valid certificate;
- ``decisions``: R-Z1 the decision, R-Z2 the SWN report;
- ``postponements``: R-Z4 postponement;
- ``withdrawals``: R-Z5 withdrawal;
- ``sweep``: the daily sweep;
- ``_common``: private helpers the modules share.
"""

from .decisions import (
    CERTIFIABLE_MEMBER_STATES,
    certificate_decide,
    certificate_record_swn_report,
    certificate_submit_swn_report,
    certification_blockers,
    certify_blockers,
    swn_flag_key,
    swn_report_blockers,
)
from .numbers import NUMBER_PREFIX, certificate_number_format, certificate_number_next
from .postponements import (
    postponement_board_flag_key,
    postponement_decide,
    postponement_decision_blockers,
    postponement_request,
    postponement_request_blockers,
    postponement_request_flag_key,
)
from .sweep import certificates_sweep
from .withdrawals import certificate_withdraw, withdrawal_blockers
from .without_certificate import member_certificate_flag_keys, member_without_certificate_again

__all__ = [
    "CERTIFIABLE_MEMBER_STATES",
    "NUMBER_PREFIX",
    "certificate_decide",
    "certificate_number_format",
    "certificate_number_next",
    "certificate_record_swn_report",
    "certificate_submit_swn_report",
    "certificate_withdraw",
    "certification_blockers",
    "certify_blockers",
    "certificates_sweep",
    "member_certificate_flag_keys",
    "member_without_certificate_again",
    "postponement_board_flag_key",
    "postponement_decide",
    "postponement_decision_blockers",
    "postponement_request",
    "postponement_request_blockers",
    "postponement_request_flag_key",
    "swn_flag_key",
    "swn_report_blockers",
    "withdrawal_blockers",
]
