import pytest

from tests.suspensions.factories import suspend


@pytest.fixture
def suspended_x(member_x, xena, dirk):
    """Member X suspended for three months from 31 January 2026 (notified that day), up to
    and including 30 April 2026. Xena is its contact."""
    return suspend(member_x, by=dirk)
