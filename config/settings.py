"""Settings for the research-result case system.

One module, driven by environment variables. Development defaults let `make run` start with nothing set;
production (DJANGO_ENV=production) refuses to start without a real secret key and allowed hosts.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("DJANGO_ENV=production needs SECRET_KEY set to a long random value.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS.")
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "viewflow",
    "viewflow.workflow",
    "audit",
    "tasks_registry",
    "demo",  # before workflows: its sync_workflows adds --demo-claims to the workflows' command
    "workflows",
    "notifications",
    "reports",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Per-request answers to membership and visibility checks (emptied by any write).
    "tasks_registry.memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "audit.workspace.read_only.ReadOnlyAuditorMiddleware",  # inside RequestContext, so its refusals are recorded
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]

# The embedded SQLite database is the zero-setup demo; production and the test suite use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL hot standby (streaming replication), optional: report, KPI and audit-search pages read from it while
# it is no more than REPLICA_MAX_LAG_SECONDS behind, and from the primary otherwise (operations/replica.py).
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
    DATABASES["replica"].update(
        ATOMIC_REQUESTS=False,
        CONN_MAX_AGE=DATABASES["default"].get("CONN_MAX_AGE", 0),
        CONN_HEALTH_CHECKS=True,
        TEST={"MIRROR": "default"},
    )
DATABASE_ROUTERS = ["operations.replica.ReplicaRouter"]
# The API's throttles count in this cache: per process by default; several servers share one (CACHE_URL, e.g.
# redis://host:6379/0, or dbcache://ketqua_cache after `manage.py createcachetable`).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=10.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=5.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Agency memberships become queue permissions (workflows.queue_<agency id>_<role>).
    "workflows.permissions.MembershipPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first; English second. Dates dd/mm/yyyy through config/formats.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="khcn@localhost")

# Uploaded documents: what a dossier may contain, checked by content, not by the name a browser sends.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DOCUMENT_ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/zip": "zip",
}

# Trust X-Forwarded-For only behind a known proxy; otherwise REMOTE_ADDR is what the audit records.
AUDIT_TRUST_X_FORWARDED_FOR = env.bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# ================================================================================================================
# Audit trust (issue 10): the database roles, the HMAC keys and the checkpoint store. docs/operations.md says how.
# ================================================================================================================
# The running application connects with DATABASE_URL as the *application role*, which may only INSERT and SELECT
# audit events. Migrations run as the *owner role*: `manage.py migrate` (operations/management/commands/migrate.py)
# reconnects as MIGRATION_DATABASE_URL (same database) and then grants the application role what it may do.
# Unset (the SQLite demo, a single-role development database) means "one role does everything".
DATABASE_OWNER = env.db("MIGRATION_DATABASE_URL") if env.str("MIGRATION_DATABASE_URL", default="") else None
INSTALLED_APPS += ["operations"]


def _audit_hmac_keys():
    """{key id: secret} from AUDIT_HMAC_KEYS_FILE (one `id:secret` a line) or AUDIT_HMAC_KEYS (`id:secret,...`).

    The first key signs new events and checkpoints; the others only verify (rotation keeps old events provable).
    """
    path = env.str("AUDIT_HMAC_KEYS_FILE", default="")
    raw = Path(path).read_text(encoding="utf-8").split() if path else env.list("AUDIT_HMAC_KEYS", default=[])
    keys = {}
    for item in raw:
        key_id, sep, secret = item.strip().partition(":")
        if not sep or not key_id or not secret:
            raise ImproperlyConfigured("AUDIT_HMAC_KEYS entries are written `key-id:secret`.")
        keys[key_id] = secret
    return keys


DEVELOPMENT_AUDIT_HMAC_KEYS = {"dev": "dev-only-audit-hmac-key-do-not-use-in-production"}
AUDIT_HMAC_KEYS = _audit_hmac_keys() or DEVELOPMENT_AUDIT_HMAC_KEYS
if PRODUCTION:
    _signing_secret = next(iter(AUDIT_HMAC_KEYS.values()))
    if _signing_secret in DEVELOPMENT_AUDIT_HMAC_KEYS.values() or len(_signing_secret) < 32:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs AUDIT_HMAC_KEYS (or AUDIT_HMAC_KEYS_FILE) with a long random key."
        )
# Signed chain checkpoints (every chain's length and head hash) are written here by `manage.py audit_checkpoint`:
# a directory outside the database, ideally on a machine or an append-only store that the auditors keep.
AUDIT_CHECKPOINT_DIR = env.path("AUDIT_CHECKPOINT_DIR", default=BASE_DIR / "audit-checkpoints")
# `manage.py healthcheck` fails when the last verification or checkpoint is older than this many hours.
HEALTHCHECK_MAX_VERIFICATION_AGE_HOURS = env.int("HEALTHCHECK_MAX_VERIFICATION_AGE_HOURS", default=26)
HEALTHCHECK_MAX_CHECKPOINT_AGE_HOURS = env.int("HEALTHCHECK_MAX_CHECKPOINT_AGE_HOURS", default=26)

# ── Hardening (issue 10): login throttling, sessions, HTTPS and CSP, proxies, limits ─────────────────────────────
# One block on purpose: it adds to the lists above instead of editing them, so it reads (and merges) as one change.
INSTALLED_APPS += ["axes", "csp", "accounts"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.sessions.SessionTimeoutMiddleware",
)
MIDDLEWARE += [
    "accounts.errors.DatabaseBusyMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused login into the lockout page
]
AUTHENTICATION_BACKENDS.insert(0, "accounts.backends.LoginThrottleBackend")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("csp.context_processors.nonce")

# Login throttling: LOGIN_FAILURE_LIMIT wrong passwords for one username from one IP lock that pair. An administrator
# unlocks it in the admin (audited); otherwise it unlocks by itself after LOGIN_LOCKOUT_MINUTES (0: never).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
_lockout_minutes = env.int("LOGIN_LOCKOUT_MINUTES", default=60)
AXES_COOLOFF_TIME = (_lockout_minutes / 60) if _lockout_minutes > 0 else None  # hours
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.proxy.client_ip"
AXES_ENABLE_ADMIN = False  # accounts.admin: unlocking only through the audited action
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are already in the audit log
AXES_VERBOSE = False

# Sessions: closed after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after login whatever happens.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_MAX_HOURS", default=10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_HOURS", default=2) * 3600

# Behind reverse proxies: how many of them append to X-Forwarded-For (0: the socket's address is the client).
# AUDIT_TRUST_X_FORWARDED_FOR=True (the older switch) means one proxy. TRUSTED_PROXY_ADDRESSES, if set, lists the
# proxies' own addresses: headers from anyone else are ignored. X-Request-ID is taken only from a trusted proxy.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1 if AUDIT_TRUST_X_FORWARDED_FOR else 0)
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=[])

# HTTPS. In production every setting `check --deploy` looks at is on; each can be turned off from the environment
# (e.g. SECURE_SSL_REDIRECT=False when the proxy already redirects and health checks come in over plain HTTP).
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # The preload directive only allows browsers' preload lists to include the domain; set False if unwanted.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts and style sheets only from this site. viewflow's Material frontend writes
# style="" attributes in its own templates (and its web components set styles), hence 'unsafe-inline' for
# style attributes only (style-src-attr); <style> elements and all scripts stay 'self' (+ a per-response nonce).
# Enforced in production; in development it is sent as report-only, so violations show in the browser's console.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION or env.bool("CSP_ENFORCE", default=False):
    CONTENT_SECURITY_POLICY = _CSP
else:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP

# SQLite (the demo): writers queue for the lock (BEGIN IMMEDIATE, waiting up to 20 s) instead of failing half-way
# with "database is locked"; if the wait runs out, accounts.errors answers with a translated page, not a 500.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    )

# Bounded input: an import's rows and file size, a free text (Django already caps a request body at 2.5 MB).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=5000)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
TEXT_MAX_LENGTH = 5000  # a comment, a reason, a report's free text

# Documents are served only by the scoped download view. In production the view can hand the file to the web server
# (DOCUMENT_SENDFILE_HEADER=X-Accel-Redirect for nginx, X-Sendfile for Apache) under DOCUMENT_SENDFILE_PREFIX, an
# internal location mapped to MEDIA_ROOT; empty: Django streams the file itself.
DOCUMENT_SENDFILE_HEADER = env.str("DOCUMENT_SENDFILE_HEADER", default="")
DOCUMENT_SENDFILE_PREFIX = env.str("DOCUMENT_SENDFILE_PREFIX", default="/protected-media/")

# --- Notifications and their delivery (notifications/) ---------------------------------------------------------------
# The e-mail outbox is django-tasks' database backend (django-tasks-db): a delivery task is a row written in the same
# transaction as the change that caused it, and `manage.py db_worker` (several may run, on several machines) sends it.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TEMPLATES[0]["OPTIONS"]["context_processors"].append("notifications.context_processors.unread_notifications")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
# Absolute links in e-mails (the application cannot know its public address from a worker).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Off while the demo data is generated, so a fresh `make run` does not mail hundreds of invented events.
NOTIFICATIONS_ENABLED = env.bool("NOTIFICATIONS_ENABLED", default=True)
# Retries while the mail server is down: base * 2**attempt seconds, capped, then the delivery is marked failed.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=30)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.int("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=12)

# --- REST API (api/, issue 16) ----------------------------------------------------------------------------------------
# One block that only adds, like the ones above. Tokens expire after API_TOKEN_HOURS (revoked by deleting them: the
# person's own DELETE /api/v1/auth/token/, or an administrator in the admin); throttle rates per person and per IP.
INSTALLED_APPS += ["rest_framework", "rest_framework.authtoken", "drf_spectacular", "drf_spectacular_sidecar", "api"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("config.middleware.ChosenLanguageMiddleware") + 1, "api.middleware.ApiLanguageMiddleware"
)
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=24 * 30)
API_THROTTLE_USER = env.str("API_THROTTLE_USER", default="2000/hour")
API_THROTTLE_ANON = env.str("API_THROTTLE_ANON", default="200/hour")
API_THROTTLE_TOKEN = env.str("API_THROTTLE_TOKEN", default="20/minute")
API_IDEMPOTENCY_HOURS = env.int("API_IDEMPOTENCY_HOURS", default=24)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.SignedInAndNotReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.PersonThrottle", "api.throttles.AnonymousThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.problem_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Research results API",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_problems_and_links"],
}
