"""Test settings: SQLite unless DATABASE_URL is set; fast hashing; locmem e-mail; eager tasks."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
AXES_ENABLED = False
DEMO_DATA_ALLOWED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "nl"
# Serve static files from the app folders without collectstatic (tests run no collectstatic).
WHITENOISE_AUTOREFRESH = True
# The application form's rate limit counts in the cache, which outlives a test: the tests of
# the limit set their own (tests/portals/test_member_apply_rate_limit.py); the rest never reach it.
APPLY_RATE_LIMIT_PER_ADDRESS = 10_000
APPLY_RATE_LIMIT_GLOBAL = 10_000
# Issue #12: the API's limit and cache outlive a test; the tests of each set their own
# (tests/api/).
API_RATE_LIMIT_PER_MINUTE = 100_000
API_CACHE_SECONDS = 0
