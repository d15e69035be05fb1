"""The access matrix (SPEC §1, R-A1): every named URL of the portals, for every role.

Each portal's helper module ``tests/access/entries_<portal>.py`` defines ``ENTRIES``: a dict
from URL name (``"bureau:member_detail"``) to an :class:`Entry`. ``test_matrix.py`` enumerates
the URL patterns itself; a URL without an entry fails the test.

Personas (the named test people): ``anonymous``, ``bea`` (bureau), ``dirk`` (director),
``bram`` (board), ``kim`` (quality team), ``anna`` (auditor of CI A), ``bob`` (auditor of
CI B), ``xena`` (contact of member X), ``yuri`` (contact of member Y).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = ("anonymous", "bea", "dirk", "bram", "kim", "anna", "bob", "xena", "yuri")
STAFF = frozenset({"bea", "dirk"})
EVERYONE = frozenset(PERSONAS)


@dataclass
class Entry:
    """How to request one URL and who may.

    ``kwargs(world)`` gives the URL arguments for an object the ``allowed`` personas may see
    (the world's objects of member X / CI A). ``allowed`` personas get 200; other logged-in
    personas get 403 (or 404 for object URLs in a portal they may enter: ``foreign``);
    anonymous gets a login redirect unless allowed. ``foreign`` maps a persona to the kwargs
    of another organisation's object, which must give 404 (R-A1). ``method`` is "get" for
    pages; POST-only endpoints declare "post" and are checked for 405 on GET.
    """

    allowed: frozenset
    kwargs: Callable = field(default=lambda world: {})
    foreign: dict = field(default_factory=dict)
    method: str = "get"
    query: str = ""
    status_ok: tuple = (200,)
