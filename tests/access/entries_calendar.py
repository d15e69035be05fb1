"""Access entries for the calendar feed (issue #5). The feed is reached by its secret token,
not by a login: every persona, anonymous included, gets 404 for a token that does not exist
(``tests/core/test_calendar.py`` requests real tokens). Renewing the token is POST-only and
needs a login."""

import uuid

from tests.access.matrix import PERSONAS, Entry

LOGGED_IN = frozenset(p for p in PERSONAS if p != "anonymous")
UNKNOWN_TOKEN = uuid.UUID("00000000-0000-4000-8000-000000000000")

ENTRIES = {
    "calendar_feed": Entry(
        allowed=frozenset(PERSONAS),
        kwargs=lambda world: {"token": UNKNOWN_TOKEN},
        status_ok=(404,),
    ),
    "calendar_reset": Entry(allowed=LOGGED_IN, method="post"),
}
