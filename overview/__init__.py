"""The top of the apps (issue #10): pages and readers that show several apps at once.

The bureau's member page and deadline dashboard (R-N1), the director's queue and member pages,
the member portal home, the quality team's pages, the public register and the audit summary
PDF live here, so that the apps below them (core ← notifications ← members ← audits ← findings
← certificates ← suspensions ← complaints) only import downwards. Only ``demo`` and ``config``
import this app.
"""
