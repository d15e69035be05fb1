"""Access entries for the Bestuur's pages (/bestuur/): the Bestuur and the directeur (who sees
everything, SPEC §1); every other persona gets 403."""

from tests.access.entries_director import appeal_of, suspension_of
from tests.access.matrix import Entry

BOARD = frozenset({"bram", "dirk"})

ENTRIES = {
    "board:home": Entry(allowed=BOARD),
    "board:appeals_decided": Entry(allowed=BOARD),
    "board:appeal": Entry(allowed=BOARD, kwargs=lambda w: {"pk": appeal_of(w).pk}),
    "board:suspensions": Entry(allowed=BOARD),
    "board:suspension_publication": Entry(allowed=BOARD,
                                          kwargs=lambda w: {"pk": suspension_of(w).pk}),
    "board:postponements": Entry(allowed=BOARD),
    "board:new_members": Entry(allowed=BOARD),
}
