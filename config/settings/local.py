"""Development defaults for ``make run``: SQLite, in-process tasks, console e-mail."""

import sys

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])


def served_address(argv: list[str], *, host: str = "127.0.0.1", port: str = "8000") -> str:
    """The address ``manage.py runserver [addr:]port`` serves on (``make run`` passes HOST and
    PORT), so that links in e-mails, the ICS feed and the QR code point at this server."""
    host, port = env("HOST", default=host), env("PORT", default=port)
    if "runserver" in argv:
        args = [a for a in argv[argv.index("runserver") + 1:] if not a.startswith("-")]
        if args:
            addr, _sep, given_port = args[0].rpartition(":")
            port = given_port or port
            host = addr or host
    if host in ("0.0.0.0", "::", "[::]", ""):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# Local runs: links follow the served address unless SITE_URL is set explicitly.
SITE_URL = env.url("SITE_URL", default=served_address(sys.argv)).geturl().rstrip("/")
# Development serves static files from the app folders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
# Only here and in the test settings may seed_demo load accounts with a published password.
DEMO_DATA_ALLOWED = True
# Passkeys on http://127.0.0.1 (a browser allows WebAuthn on localhost only).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
