"""Settings shared by every environment. Everything configurable comes from the environment
(django-environ) and a bad value fails at start-up, never later."""

import datetime as dt
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
SITE_URL = env.url("SITE_URL", default="http://127.0.0.1:8000").geturl().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # the widget templates for FORM_RENDERER (TemplatesSetting)
    "simple_history",
    "django_fsm",
    "axes",
    "django_filters",
    # Accounts (issue #8): e-mail login, password reset and change, e-mail change with
    # confirmation, and the second factor (TOTP, recovery codes, passkeys).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "core",
    "members",
    "audits",
    "findings",
    "certificates",
    "suspensions",
    "complaints",
    "overview",  # cross-app pages (issue #10): above every app but demo
    "rest_framework",
    "drf_spectacular",
    "api",  # open data and the public API (issue #12): above overview, below demo
    "notifications",
    "demo",  # the top of the house (issue #10): it uses every app; no app imports it
]

MIDDLEWARE = [
    # Issue #13: /healthz and /readyz are answered here, before every other middleware.
    "core.health.HealthCheckMiddleware",
    # Issue #13: X-Request-ID in and out; the request id and user id in every log line.
    "core.request_context.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.request_context.ActingUserMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Issue #9: a history row's change reason may be a stored message (core.messages: the
# catalogue key with its parameters, as JSON, read in the reader's language), which does not
# fit django-simple-history's default varchar(100).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# One form template and one field template for every form (issue #10): templates/forms/.
FORM_RENDERER = "core.forms.FormRenderer"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portals",
                "core.context_processors.work_inbox",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"].get("ENGINE") not in {
    "django.db.backends.sqlite3", "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured(
        "DATABASE_URL must be a sqlite:/// or postgres:// URL, "
        f"got engine {DATABASES['default'].get('ENGINE')!r}")
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Issue #13, time limits: PostgreSQL gives up connecting after DATABASE_CONNECT_TIMEOUT seconds,
# and a statement running longer than DATABASE_STATEMENT_TIMEOUT seconds (0: no limit) is
# cancelled. config/wsgi.py sets the latter for the web process only (WEB_STATEMENT_TIMEOUT,
# default 30 s); migrate, management commands and the Celery worker (bounded by its task time
# limits) run without one unless DATABASE_STATEMENT_TIMEOUT is set for them.
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=10)
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=0)
if DATABASE_CONNECT_TIMEOUT < 1 or DATABASE_STATEMENT_TIMEOUT < 0:
    raise ImproperlyConfigured("DATABASE_CONNECT_TIMEOUT must be at least 1 and "
                               "DATABASE_STATEMENT_TIMEOUT not negative")


def postgres_options(*, connect_timeout: int, statement_timeout: int) -> dict:
    """The psycopg connection OPTIONS for the time limits (seconds; 0: no statement limit)."""
    options = {"connect_timeout": connect_timeout}
    if statement_timeout:
        options["options"] = f"-c statement_timeout={statement_timeout * 1000}"
    return options


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update(postgres_options(
        connect_timeout=DATABASE_CONNECT_TIMEOUT, statement_timeout=DATABASE_STATEMENT_TIMEOUT))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # allauth's login authenticates with ``email=``: ModelBackend reads it as the username
    # field and refuses an inactive account with the same error as a wrong password (allauth's
    # own backend would show "account inactive", telling that the account exists).
    "django.contrib.auth.backends.ModelBackend",
    # A role brings the permissions of its staff group in /admin/ (core.staff_groups).
    "core.staff_groups.RoleGroupBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "core.demo_guard.NotTheDemoPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# An invitation and a password-reset link work once and for three days (issue #8).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# django-allauth (issue #8, core.accounts): e-mail is the login; nobody signs up (people are
# invited, core.accounts); an e-mail change takes effect once the new address is confirmed;
# no form says whether an address has an account.
ACCOUNT_ADAPTER = "core.accounts_adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Keurmerk NVVK: "
ACCOUNT_FORMS = {"reset_password_from_key": "core.accounts_adapter.ResetPasswordKeyForm"}
# Rate limits on top of core.login_throttle: the reset mail at most 3 an hour per address
# typed and 10 an hour per client address; an e-mail confirmation at most once in 3 minutes.
ACCOUNT_RATE_LIMITS = {
    "reset_password": "10/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
    # Failed logins are core.login_throttle's business (per account and per address).
    "login_failed": False,
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# The second factor (core.mfa): TOTP with recovery codes, and passkeys where the browser has
# them. Mandatory for the roles of core.mfa.MFA_REQUIRED_ROLES before they reach a portal.
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Keurmerk NVVK"
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10

# Issue #8: a session ends after this many seconds without a request (core.middleware): the
# staff roles (bureau, director, board, quality team, auditor) sooner than a member contact.
SESSION_IDLE_TIMEOUT_STAFF = env.int("SESSION_IDLE_TIMEOUT_STAFF", default=30 * 60)
SESSION_IDLE_TIMEOUT_MEMBER = env.int("SESSION_IDLE_TIMEOUT_MEMBER", default=2 * 60 * 60)

# Issue #8: the public application form (/portaal/aanmelden/) accepts this many applications
# per client address, and this many in all, per window; more get HTTP 429 and store nothing.
# Counted in the cache (Redis in production), the client address as the login throttle sees it.
APPLY_RATE_LIMIT_PER_ADDRESS = env.int("APPLY_RATE_LIMIT_PER_ADDRESS", default=5)
APPLY_RATE_LIMIT_GLOBAL = env.int("APPLY_RATE_LIMIT_GLOBAL", default=30)
APPLY_RATE_LIMIT_WINDOW_MINUTES = env.int("APPLY_RATE_LIMIT_WINDOW_MINUTES", default=60)

# Failed logins (issue #17, core.login_throttle): counted per account and per client address;
# a success clears only its own account's failures. The cool-off doubles with each lockout in a
# row up to the cap, so it is never permanent.
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=10)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
LOGIN_FAILURE_WINDOW_MINUTES = env.int("LOGIN_FAILURE_WINDOW_MINUTES", default=60)
LOGIN_COOLOFF_MINUTES = env.int("LOGIN_COOLOFF_MINUTES", default=15)
LOGIN_COOLOFF_MAX_MINUTES = env.int("LOGIN_COOLOFF_MAX_MINUTES", default=120)
for _name in ("LOGIN_ACCOUNT_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT",
              "LOGIN_FAILURE_WINDOW_MINUTES", "LOGIN_COOLOFF_MINUTES",
              "LOGIN_COOLOFF_MAX_MINUTES", "SESSION_IDLE_TIMEOUT_STAFF",
              "SESSION_IDLE_TIMEOUT_MEMBER", "APPLY_RATE_LIMIT_PER_ADDRESS",
              "APPLY_RATE_LIMIT_GLOBAL", "APPLY_RATE_LIMIT_WINDOW_MINUTES"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1")
if LOGIN_COOLOFF_MAX_MINUTES < LOGIN_COOLOFF_MINUTES:
    raise ImproperlyConfigured("LOGIN_COOLOFF_MAX_MINUTES must not be below LOGIN_COOLOFF_MINUTES")
AXES_HANDLER = "core.login_throttle.LoginThrottleHandler"
AXES_LOCKOUT_CALLABLE = "core.login_throttle.lockout_response"
AXES_FAILURE_LIMIT = LOGIN_ACCOUNT_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with ``email=``; Django's form with ``username=``: both count.
AXES_USERNAME_CALLABLE = "core.login_throttle.account_from_request"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLE_ADMIN = False  # core.LoginThrottle is the admin view of the counts
# Behind a reverse proxy, set the number of proxies so the client address is the real one
# (core.rate_limit.client_address, for failed logins and the application form alike; axes'
# own AXES_IPWARE_* settings need django-ipware, which is not installed).
TRUSTED_PROXY_COUNT = env.int("LOGIN_TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("LOGIN_TRUSTED_PROXY_COUNT must not be negative")
AXES_CLIENT_IP_CALLABLE = "core.rate_limit.client_address"

# Issue #8: a strict content security policy (django-csp). The templates hold no inline script
# and no inline style (the PDF templates' <style> is read by WeasyPrint, never served).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for images only: the authenticator QR code of the TOTP enrolment (allauth.mfa)
        # is an inline SVG image.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Issue #12: the public API (Django REST framework, drf-spectacular for the OpenAPI 3 schema).
# Anonymous and read-only: no authentication class, so a login changes nothing and no CSRF
# applies. JSON first; the browsable HTML when a browser asks for it.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Keurmerk – NVVK ledenregister API",
    "DESCRIPTION": ("Read-only public API of the NVVK member register: members with their "
                    "certificate status and scope, certificate verification by number, "
                    "certification bodies. Public data only; no personal data."),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
}
# Requests a minute per client address (core.rate_limit.client_address) to the API and the
# open-data downloads; 429 beyond.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
# Seconds the API keeps a list answer (members, bodies) in the cache; 0: no cache. The
# certificate verification is never cached.
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)

# every legal date is a calendar date in Europe/Amsterdam.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside every public URL; they are served through access-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = None
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# Issue #13: every SMTP socket operation gives up after this many seconds, so a mail server
# that accepts the connection and never answers cannot stall the sender.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# At most 120: a send task's hard limit (6 × EMAIL_TIMEOUT + 30 s) must stay below the outbox's
# claim timeout (15 minutes, notifications.sending.CLAIM_TIMEOUT), after which a row left
# "sending" by a killed worker is claimed again.
if not 1 <= EMAIL_TIMEOUT <= 120:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be between 1 and 120 seconds")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Keurmerk NVVK <keurmerk@nvvk.example>")
# Issue #13: the signed daily digest of the decision chain head goes to this address (off when
# empty), signed with HMAC-SHA256 keyed with DECISION_DIGEST_KEY (empty: SECRET_KEY).
DECISION_DIGEST_EMAIL = env("DECISION_DIGEST_EMAIL", default="")
DECISION_DIGEST_KEY = env("DECISION_DIGEST_KEY", default="")

REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process (make run, tests); with one, real workers take them.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Issue #13, time limits on every task (seconds): a task gets SoftTimeLimitExceeded at the soft
# limit (it records what it can) and its worker process is killed at the hard limit. Three
# classes: "default", "batch" (the daily sweep and reminders, which walk every member) and
# "mail" (one SMTP conversation: a handful of round trips, each bounded by EMAIL_TIMEOUT).
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT + 60)
TASK_TIME_LIMITS = {
    "default": (CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT),
    "batch": (env.int("CELERY_BATCH_TASK_SOFT_TIME_LIMIT", default=1800),
              env.int("CELERY_BATCH_TASK_TIME_LIMIT", default=1920)),
    "mail": (6 * EMAIL_TIMEOUT, 6 * EMAIL_TIMEOUT + 30),
}
for _kind, (_soft, _hard) in TASK_TIME_LIMITS.items():
    if not 1 <= _soft < _hard:
        raise ImproperlyConfigured(
            f"The {_kind} task time limits must satisfy 1 <= soft ({_soft}) < hard ({_hard})")
# The longest countdown a task's own retry waits (retry_backoff_max in the tasks modules).
TASK_MAX_RETRY_COUNTDOWN = 1800
# With Redis, a message not acknowledged within the visibility timeout is handed to another
# worker: late acknowledgement plus a running task, or a retry waiting its countdown, must fit.
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_BROKER_VISIBILITY_TIMEOUT", default=2 * 3600)
if CELERY_BROKER_VISIBILITY_TIMEOUT <= max(
        hard for _soft, hard in TASK_TIME_LIMITS.values()) + TASK_MAX_RETRY_COUNTDOWN:
    raise ImproperlyConfigured(
        "CELERY_BROKER_VISIBILITY_TIMEOUT must exceed the longest hard task time limit plus "
        f"the longest retry countdown ({TASK_MAX_RETRY_COUNTDOWN} s)")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# Redis (cache, sessions where configured): never wait more than a few seconds for it.
REDIS_SOCKET_TIMEOUT = env.int("REDIS_SOCKET_TIMEOUT", default=5)

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                                      "socket_timeout": REDIS_SOCKET_TIMEOUT}}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# R-Z6: reminder offsets in months before valid_until (0 or negative: after expiry).
CERTIFICATE_REMINDER_MONTHS = env.list("CERTIFICATE_REMINDER_MONTHS", cast=int, default=[7, 3, 1])

# Issue #13: every line carries the request id and the acting user's id
# (core.request_context); LOG_FORMAT "json" writes one JSON object per line (the production
# default), "text" a readable line (the default elsewhere).
LOG_FORMAT = env("LOG_FORMAT", default="text")


def logging_config(log_format: str) -> dict:
    if log_format not in ("json", "text"):
        raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "core.request_context.RequestContextFilter"}},
        "formatters": {
            "json": {"()": "core.request_context.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s "
                               "[request %(request_id)s user %(user_id)s] %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format,
                                 "filters": ["request_context"]}},
        "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # WeasyPrint logs every step of a render at INFO.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(LOG_FORMAT)


def require(value, name):
    """Fail loudly at start-up when a required setting is missing."""
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment")
    return value

# R-Z6: a reminder whose day was missed (the job did not run) is still sent within this many
# days, never later and never after its deadline (notifications.reminders).
# R-K3: the complainant may object within this many weeks after the day the outcome was given
# (Dutch administrative practice, Awb 6:7: six weeks); the complaint stays open until then.
COMPLAINT_OBJECTION_WEEKS = env.int("COMPLAINT_OBJECTION_WEEKS", default=6)
REMINDER_GRACE_DAYS = env.int("REMINDER_GRACE_DAYS", default=14)
# R-S7: the convenant partners who receive the notice of a suspension (comma-separated).
CONVENANT_PARTNER_EMAILS = env.list("CONVENANT_PARTNER_EMAILS", default=[])

# Celery beat (issue #5), in CELERY_TIMEZONE (Europe/Amsterdam): the sweep first, the reminders
# after it, the complaint deadlines hourly (R-K2's 24 hours), the outbox every five minutes.
CELERY_BEAT_SCHEDULE = {
    "sweep-deadlines": {
        "task": "core.tasks.sweep_deadlines_task",
        "schedule": crontab(hour=1, minute=30),
    },
    "send-reminders": {
        "task": "notifications.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "check-complaint-deadlines": {
        "task": "complaints.tasks.check_complaint_deadlines",
        "schedule": crontab(minute=0),
    },
    "issue-missing-certificate-documents": {
        "task": "certificates.tasks.issue_missing_certificate_documents",
        "schedule": crontab(minute=15),
    },
    "retry-due-notifications": {
        "task": "notifications.tasks.retry_due_notifications",
        "schedule": crontab(minute="*/5"),
    },
    "prune-login-throttles": {
        "task": "core.tasks.prune_login_throttles_task",
        "schedule": crontab(hour=3, minute=10),
    },
}
