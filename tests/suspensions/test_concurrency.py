"""Two directors at once (PostgreSQL): the row locks of the services let one win."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.models import Decision, DecisionKind
from members.models import MemberState
from suspensions.models import Suspension
from suspensions.services import suspension_extend, suspensions_sweep
from tests.concurrency import run_together
from tests.suspensions.factories import suspend

D = dt.date




@pytest.mark.django_db(transaction=True)
def test_r_s2_two_simultaneous_extensions_extend_once(postgres, member_x, dirk):
    """R-S2: two simultaneous extensions extend once."""
    suspension = suspend(member_x, by=dirk)
    results = run_together(*[lambda: suspension_extend(
        suspension=suspension, motivation="…", notified_on=D(2026, 4, 30), actor=dirk,
        today=D(2026, 4, 30))] * 2)
    errors = [r for r in results if isinstance(r, RuleViolation)]
    assert len(errors) == 1 and errors[0].rule_id == "R-S2"
    assert Decision.objects.filter(kind=DecisionKind.EXTENSION).count() == 1
    assert Suspension.objects.get().ends_on == D(2026, 7, 31)


@pytest.mark.django_db(transaction=True)
def test_r_s5_two_simultaneous_sweeps_make_an_expulsion_final_once(postgres, member_x, dirk):
    """R-S5: two simultaneous sweeps make an expulsion final once."""
    from suspensions.services import suspension_expel

    suspension = suspend(member_x, by=dirk)
    suspension_expel(suspension=suspension, motivation="…", notified_on=D(2026, 5, 1),
                     actor=dirk, today=D(2026, 4, 30))
    results = run_together(*[lambda: suspensions_sweep(today=D(2026, 6, 2))] * 2)
    assert sorted(r["expulsions_final"] for r in results) == [0, 1]
    assert type(member_x).objects.get(pk=member_x.pk).state == MemberState.EXPELLED
