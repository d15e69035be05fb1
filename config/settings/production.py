"""Production: PostgreSQL, Redis, Celery workers. Every secret must come from the environment."""

import sentry_sdk

from .base import *  # noqa: F403
from .base import DATABASES, env, logging_config, require

DEBUG = False
SECRET_KEY = require(env("DJANGO_SECRET_KEY", default=""), "DJANGO_SECRET_KEY")
ALLOWED_HOSTS = require(env.list("DJANGO_ALLOWED_HOSTS", default=[]), "DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The health probes come over plain HTTP from inside (core.health answers them before this
# redirect anyway; kept here so the intent survives a reordering of the middleware).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Issue #8: Secure on every cookie (the messages cookie follows SESSION_COOKIE_SECURE).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# Issue #13, scale-out: with Redis configured, sessions are read from the cache (Redis) and
# written through to the database (cached_db), so any web replica serves any user and a Redis
# restart logs nobody out.
if env("REDIS_URL", default=""):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Issue #13: structured logs (one JSON object per line, with request id and acting user).
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = logging_config(LOG_FORMAT)

# Issue #13: errors to Sentry only when SENTRY_DSN is set (web and Celery: the SDK enables its
# Django and Celery integrations itself). No personal data is sent: user ids, never e-mail
# addresses, IP addresses, cookies or request bodies.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        # Sentry SDK 3: no user identity (e-mail, IP), request bodies, query values or local
        # variables; core.request_context tags the request id and the acting user's id.
        data_collection={"user_info": False, "http_bodies": [], "database_query_data": False,
                         "stack_frame_variables": False},
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
