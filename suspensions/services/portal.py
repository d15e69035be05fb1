"""Portal support (issue #4; R-S5, R-0.5): why the directeur cannot decide the outcome of a
suspension today, with the same checks the outcome services make."""

import datetime as dt

from django.utils.translation import gettext as _

from core import dates
from core.exceptions import RuleViolation

from ..models import Suspension
from ._common import _check_outcome_allowed, _require_open

# --- portal support (issue #4) --------------------------------------------------------------------


def suspension_outcome_refusal(*, suspension, today: dt.date | None = None
                               ) -> RuleViolation | None:
    """R-S5 (R-0.5): why the directeur cannot decide the outcome of ``suspension`` today (an
    appeal is pending, the suspension is not open, or its end has not come and no CI has
    advised), or ``None`` when extend, expel and lift may be decided. The same checks the
    outcome services make, so a decision page can explain the refusal before the form."""
    today = today or dates.today()
    suspension = Suspension.objects.select_related("member").get(pk=suspension.pk)
    try:
        _require_open(suspension, action=_("over de uitkomst beslissen"))
        _check_outcome_allowed(suspension, today)
    except RuleViolation as violation:
        return violation
    return None
