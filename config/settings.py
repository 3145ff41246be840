"""Settings for the portal: one module, read from the environment, secure by default.

`DEBUG` is off unless set; `SECRET_KEY` is required outside DEBUG. The portal needs PostgreSQL (`DATABASE_URL`;
`make run` starts an embedded one when it is not set, see scripts/embedded_db.py); the SQLite fallback only
serves management commands that touch no data. Without `REDIS_URL`/`CELERY_BROKER_URL`, Celery uses a
filesystem broker and Django a local-memory cache, so `make run` works on a machine with neither server.
See `.env.example` for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
DEMO_MODE = env_bool("DEMO_MODE", DEBUG)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",  # the admin site, asking for an OTP-verified session (core.second_factor)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",  # the form renderer below finds Django's widget templates, and ours override a few
    "django_htmx",
    "template_partials",
    "django_filters",
    "axes",
    "django_otp",  # a second factor for administrators and office accounts (core.second_factor)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "mozilla_django_oidc",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our static files (no CDN)
    "core",
    "lifeevents",
    "portfolio",
    "governance",
    "reports",
    "api",
    "demo",  # the demo and synthetic data (load_demo, generate_portfolio), above every other app
    "pgtrigger",
    "pghistory",
    "imports",  # proposals, measures, benefits and organisations from Excel or CSV
    "history",  # database-trigger history of the case records, and the append-only audit table
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.i18n.NorwegianLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "core.middleware.AuthenticationMiddleware",  # Django's, with request.user the user itself in views
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the session's second factor
    "core.second_factor.SecondFactorMiddleware",  # office and admin sessions verify a code before anything else
    "pghistory.middleware.HistoryMiddleware",  # the user and URL of a write, on the history rows its triggers write
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.NotNowMiddleware",  # a state the policy refuses (core.access.NotNow): 409 with a message
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Templates are compiled once per process (the cached loader), partials found inside them.
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
            "builtins": ["template_partials.templatetags.partials", "django.templatetags.l10n"],  # ids: |unlocalize
        },
    }
]

# Widgets render with the project's template engine (cached loader), so templates/django/forms/ can override a
# widget's template: <select> writes its options in one loop instead of an include per option.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: PostgreSQL through psycopg 3 with its connection pool (SQLite only for data-free management commands).
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL)
if _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    _db["OPTIONS"] = {"pool": {"min_size": 1, "max_size": int(os.environ.get("DB_POOL_SIZE", "8"))}}
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_next_db(url: str) -> str:
    """The same Redis server, the next database number (15 wraps to 0): the cache's own database, so that a cache
    clear (FLUSHDB) never drops the Celery queue, which stays on REDIS_URL's database."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return parts._replace(path=f"/{(number + 1) % 16}").geturl()


CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or (redis_next_db(REDIS_URL) if REDIS_URL else "")
if CACHE_REDIS_URL:
    # Fails soft (core.failsoft): with Redis unreachable, reads miss and writes are dropped; pages are still served.
    CACHES = {
        "default": {
            "BACKEND": "core.failsoft.FailSoftCache",
            "LOCATION": CACHE_REDIS_URL,
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "core.oidc.PortalOIDCBackend",  # does nothing unless OIDC is configured
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions: idle timeout and absolute lifetime (core.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", 30 * 60))
SESSION_ABSOLUTE_TIMEOUT = int(os.environ.get("SESSION_ABSOLUTE_TIMEOUT", 120 * 60))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # no Redis needed: signed-in pages work while it is down
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 10))  # per client address
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
# Keyed on the client's address only (behind the proxy: the address it appended to X-Forwarded-For), so nobody can
# lock a victim's account; per account, failures slow the next attempt down instead (core.login_guard).
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.login_guard.client_ip"
BEHIND_PROXY = env_bool("BEHIND_PROXY")
LOGIN_SLOWDOWN_AFTER = int(os.environ.get("LOGIN_SLOWDOWN_AFTER", 5))
LOGIN_SLOWDOWN_MAX_SECONDS = int(os.environ.get("LOGIN_SLOWDOWN_MAX_SECONDS", 60))
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# A second factor (core.second_factor, django-otp): a code from an authenticator app, with backup codes, for
# administrators and office accounts signing in with a local account. On unless DEBUG; OTP_REQUIRED=0 turns it off
# (local development only).
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Livshendelsesportalen")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
ADMIN_PATH_PREFIX = "/admin/"

# Single sign-on through OpenID Connect (Ansattporten / ID-porten). Off unless OIDC_RP_CLIENT_ID is set.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_MIN_ACR = os.environ.get("OIDC_MIN_ACR", "")
OIDC_ACR_LEVELS = env_list("OIDC_ACR_LEVELS", "idporten-loa-substantial,idporten-loa-high")
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's end-session request
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "Ansattporten")  # shown on the login button
OIDC_AUTHENTICATE_CLASS = "core.oidc.LoginStartView"
OIDC_CALLBACK_CLASS = "core.oidc.CallbackView"
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "login"
# OIDC bearer tokens for the API (core.oidc_bearer): on when the JWKS, issuer and audience are known. The JWKS and
# issuer default to the login's provider; the audience is the API's own identifier at the provider.
OIDC_BEARER_JWKS_ENDPOINT = os.environ.get("OIDC_BEARER_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT)
OIDC_BEARER_ISSUER = os.environ.get("OIDC_BEARER_ISSUER", OIDC_OP_ISSUER)
OIDC_BEARER_AUDIENCE = os.environ.get("OIDC_BEARER_AUDIENCE", "")
OIDC_BEARER_ALGORITHMS = env_list("OIDC_BEARER_ALGORITHMS", "RS256")

# Security headers. Production (DEBUG off) gets HTTPS-only cookies, HSTS and an SSL redirect.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Browsers apply form-action to the redirects after a form post (logout → the provider's end-session endpoint).
_OIDC_URLS = (OIDC_OP_LOGOUT_ENDPOINT, OIDC_OP_AUTHORIZATION_ENDPOINT)
_OIDC_ORIGINS = sorted({"{0.scheme}://{0.netloc}".format(urlsplit(u)) for u in _OIDC_URLS if u})
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # inline SVG charts carry <style>; scripts never inline
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'", *_OIDC_ORIGINS, *env_list("OIDC_FORM_ACTION_ORIGINS")],  # logout redirects there
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The REST API (api/): token or session authentication, the same access policy as the pages, JSON only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.handle",
}
# Webhooks (api.webhooks): attempts per delivery, failed deliveries in a row before a subscription is paused, and
# whether plain http:// receivers are allowed (never in production).
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", 6))
WEBHOOK_PAUSE_AFTER = int(os.environ.get("WEBHOOK_PAUSE_AFTER", 5))
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)
SPECTACULAR_SETTINGS = {
    "TITLE": "Livshendelsesportalen API",
    "DESCRIPTION": "Proposals, status reports, measures, life events, missions, benefits, decisions and reports.",
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema is checked by tests/api/test_schema.py, not by `check --deploy` (where the pages' FilterSet's
    # method filters, typed by their querysets, would count as warnings)
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# Language: bokmål by default, nynorsk beside it, English selectable.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

# Static files: our own plus the front-end packages installed by `npm ci` (node_modules/).
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet-css", NODE_MODULES / "@digdir/designsystemet-css/dist"),
    ("vendor/designsystemet-web", NODE_MODULES / "@digdir/designsystemet-web/dist/umd"),
    ("vendor/inter", NODE_MODULES / "@fontsource/inter"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))  # never served directly
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_STORAGE_BUCKET_NAME = os.environ["AWS_STORAGE_BUCKET_NAME"]
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))

# E-mail: console in demo mode, SMTP otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@localhost")
# Where users report accessibility problems (the accessibility statement's contact channel).
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get("ACCESSIBILITY_CONTACT_EMAIL", "postmottak@digdir.no")

# Celery: Redis when configured, otherwise a filesystem broker under var/ (no server needed).
# The import (imports/): the largest file and the most rows one file may have
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 10_000))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery"
    for _folder in ("queue", "processed"):  # kombu's filesystem transport expects them
        (_queue / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "queue"),
        "data_folder_out": str(_queue / "queue"),
        "processed_folder": str(_queue / "processed"),
        "control_folder": str(_queue / "control"),  # kombu's default is ./control, in the working directory
        "store_processed": False,
    }
else:
    # A message taken by a worker that died comes back after this many seconds (Redis' default is an hour); the
    # documents' sweeper (core.documents_sweep) and the task's claim keep a redelivery from building twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 300)),
        "socket_connect_timeout": 2,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (REDIS_URL or None)
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # reports: close the rounds whose deadline passed (which generates their documents), hourly
    "reports-close-due-rounds": {"task": "reports.rounds_close_due", "schedule": timedelta(hours=1)},
    # reports: send the portfolio office the round reminders that fall due, hourly
    "reports-notify-office": {"task": "reports.rounds_notify_office_due", "schedule": timedelta(hours=1)},
    # portfolio (scoring): e-mail reviewers whose review falls due, once per assignment, hourly
    "portfolio-review-reminders": {"task": "portfolio.review_reminders", "schedule": timedelta(hours=1)},
    # portfolio (issue 23): every running measure has its open benefit review, due at the office's interval, daily
    "portfolio-benefit-reviews": {"task": "portfolio.benefit_reviews_schedule", "schedule": crontab(hour=5, minute=0)},
    # core.documents: documents of every kind (reports, decision briefs …) whose worker died are queued again (or
    # failed), lost messages sent again, every minute
    "core-documents-sweep": {
        "task": "core.documents_sweep",
        "schedule": timedelta(seconds=int(os.environ.get("REPORT_SWEEP_SECONDS", 60))),
    },
    # core: the daily digest of notifications, for those who chose one (core.notifications), at 07:00
    "core-notifications-digest": {"task": "core.notifications_digest", "schedule": crontab(hour=7, minute=0)},
}
# Documents (core.documents): attempts before a document whose worker keeps dying is failed, and how
# long a queued document may wait before its message counts as lost (also /health/'s limit for the queue).
REPORT_MAX_ATTEMPTS = int(os.environ.get("REPORT_MAX_ATTEMPTS", 3))
REPORT_QUEUED_STALE = int(os.environ.get("REPORT_QUEUED_STALE", 600))
# Enhetsregisteret (core.enhetsregisteret): a path or URL of the register's bulk file of units (JSON, may be gzip),
# read nightly when set, e.g. the register's published "enheter" file.
ENHETSREGISTERET_SOURCE = os.environ.get("ENHETSREGISTERET_SOURCE", "")
if ENHETSREGISTERET_SOURCE:
    CELERY_BEAT_SCHEDULE["core-organisations-sync"] = {"task": "core.organisations_sync", "schedule": timedelta(days=1)}
# Workers' heartbeat (core.health): written every WORKER_HEARTBEAT_SECONDS; /health/ wants one within MAX_AGE.
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", 10))
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", 60))
# task modules autodiscovery (`<app>.tasks`) does not find
CELERY_IMPORTS = ["portfolio.tasks_scoring", "core.tasks_notifications", "portfolio.tasks_benefit_reviews"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# History (history/models.py): triggers are installed after every `migrate` (not kept in the apps' migrations), the
# user and URL are attached to writes only, and the event tables keep no choices, labels, defaults or lengths so that
# a label or choice change of a case record needs no history migration.
PGTRIGGER_MIGRATIONS = False
PGTRIGGER_INSTALL_ON_MIGRATE = True
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Organisation forms of the units under our ministries that the sync creates as agencies (state agencies: ORGL)
ENHETSREGISTERET_CREATE_FORMS = os.environ.get("ENHETSREGISTERET_CREATE_FORMS", "ORGL")
PGHISTORY_EXCLUDE_FIELD_KWARGS = {
    "django.db.models.Field": ["choices", "default", "help_text", "verbose_name", "validators"],
    "django.db.models.CharField": ["max_length"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
