"""Access entries for the public API and the open-data files (issue #12): anonymous and every
role may read; a login changes nothing (no authentication class). Public data only (R-A2,
tests/api/test_personal_data.py)."""

from tests.access.matrix import EVERYONE, Entry

ENTRIES = {
    "api:docs": Entry(allowed=EVERYONE),
    "api:schema": Entry(allowed=EVERYONE),
    "api:members": Entry(allowed=EVERYONE),
    # member Y: the i18n pages test suspends member X (unpublished), which takes it off the
    # register
    "api:member_detail": Entry(allowed=EVERYONE, kwargs=lambda world: {"pk": world.member_y.pk}),
    "api:certificate": Entry(
        allowed=EVERYONE, kwargs=lambda world: {"number": world.certificate_x.number}),
    "api:certification_bodies": Entry(allowed=EVERYONE),
    "public:open_data": Entry(allowed=EVERYONE),
    "public:open_data_csv": Entry(allowed=EVERYONE),
    "public:open_data_json": Entry(allowed=EVERYONE),
}
