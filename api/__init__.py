"""Open data and the public API of the ledenregister (issue #12). The top floor beside
``overview``: it reads the domain apps through their selectors; no domain app imports it."""
