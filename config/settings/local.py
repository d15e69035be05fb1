"""Development defaults for ``make run``: SQLite, in-process tasks, console e-mail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
# Development serves static files from the app folders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
# Only here and in the test settings may seed_demo load accounts with a published password.
DEMO_DATA_ALLOWED = True
# Passkeys on http://127.0.0.1 (a browser allows WebAuthn on localhost only).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
