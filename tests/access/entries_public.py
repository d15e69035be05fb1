"""Access entries for the public register (R-N2, R-Z7): anonymous and every role may look."""

from tests.access.matrix import EVERYONE, Entry

ENTRIES = {
    "public:home": Entry(allowed=EVERYONE),
    "public:member_detail": Entry(allowed=EVERYONE,
                                  kwargs=lambda world: {"pk": world.member_x.pk}),
    "public:certificate_lookup": Entry(allowed=EVERYONE),
    "public:complaint": Entry(allowed=EVERYONE),
    "public:complaint_done": Entry(allowed=EVERYONE),
    "public:certificate_verify": Entry(
        allowed=EVERYONE, kwargs=lambda world: {"number": world.certificate_x.number}),
}
