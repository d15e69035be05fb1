"""``core.fsm`` (issue #10): refusals read the guards through django-fsm's public API; a
service asks the guard's condition for its rule and words instead of checking again."""

import datetime as dt

import pytest

from core.exceptions import RuleViolation
from core.fsm import require_conditions, transition_sources
from suspensions.models import Suspension, SuspensionState, never_extended
from tests.factories import MemberFactory


def _suspension(**fields):
    return Suspension(member=MemberFactory.build(), starts_on=dt.date(2026, 1, 1), months=3,
                      ends_on=dt.date(2026, 3, 31), notified_on=dt.date(2026, 1, 1), **fields)


def test_r_s2_the_guard_gives_the_refusal_in_its_own_words():
    """R-S2: a second extension is refused by the condition ``never_extended`` itself."""
    suspension = _suspension(extended_on=dt.date(2026, 3, 1))
    with pytest.raises(RuleViolation) as refused:
        require_conditions(suspension.extend)
    assert refused.value.rule_id == "R-S2"
    assert "al eenmaal verlengd (op 1 maart 2026)" in refused.value.message
    assert never_extended.rule_id == "R-S2"


def test_conditions_that_hold_refuse_nothing():
    require_conditions(_suspension().extend)


def test_transition_sources_reads_the_declared_sources():
    assert transition_sources(_suspension().extend) == [SuspensionState.ACTIVE]
