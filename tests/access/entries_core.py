"""Access entries for the URLs outside the portals."""

from tests.access.matrix import PERSONAS, Entry

LOGGED_IN = frozenset(p for p in PERSONAS if p != "anonymous")

ENTRIES = {
    "home": Entry(allowed=LOGGED_IN, status_ok=(200, 302)),
    # issue #8: anyone may open an invitation link; a forged one shows the "invalid" page.
    "invitation": Entry(allowed=frozenset(PERSONAS),
                        kwargs=lambda world: {"uidb64": "MQ", "token": "verzonnen"}),
    "second_factor_done": Entry(allowed=LOGGED_IN, status_ok=(302,)),
    "document_download": Entry(
        # A document that does not exist; every kind of document × every persona is in
        # tests/access/documents.py and test_document_matrix.py (issue #8).
        allowed=frozenset(),
        kwargs=lambda world: {"pk": 999999},
        status_ok=(404,),
    ),
}
