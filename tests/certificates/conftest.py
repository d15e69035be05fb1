import datetime as dt

import pytest

from tests.factories import CertificateFactory


@pytest.fixture
def old_certificate(member_x, body_a):
    """Member X's certificate NVVK-2023-0001, valid 1 June 2023 up to and including
    31 May 2026."""
    return CertificateFactory(number="NVVK-2023-0001", audit__member=member_x,
                              audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                              valid_until=dt.date(2026, 5, 31), decided_on=dt.date(2023, 5, 15))
