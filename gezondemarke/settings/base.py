"""Settings shared by every environment; each value that differs between machines
comes from the environment, so development, test and production run the same code."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py (see .env.example), or the one ENV_FILE names; what the
# process environment sets wins over the file.
ENV_FILE = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    env.read_env(ENV_FILE, overwrite=False)

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting. A value that is neither (a typo such as "ture") stops the start-up,
    rather than silently meaning False and, say, leaving HTTPS redirects off."""
    value = env.str(name, default="").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    allowed = ", ".join(sorted(TRUE_WORDS | FALSE_WORDS))
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value; use one of: {allowed}.")


def env_list(name: str, default: list[str]) -> list[str]:
    return [item.strip() for item in env.list(name, default=default) if item.strip()]


def env_required(name: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "accounts.apps.LockoutsConfig",  # django-axes, named in Dutch
    "simple_history",
    # In layers, lowest first; see the README's Architecture section.
    "accounts",
    "audit",
    "backup",
    "charts",
    "tabular",
    "seeddata",
    "comments",
    "recommendations",
    "regioplan",
    "workagenda",
    "prioritisation",
    "monitoring",
    "suggestions",
    "coverage",
    "api",
    "notifications",
    "home",
    "reports",
    "sharing",
    "gezondemarke",
    # Last: an app listed earlier wins where two apps translate the same text, and ours should.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML, SVG charts and exports compressed; static files come precompressed from WhiteNoise
    # above. Django's gzip pads each response with random bytes against BREACH, and CSRF tokens
    # are masked afresh for every response: see README, Compression.
    "django.middleware.gzip.GZipMiddleware",
    # Before anything reads the query: a NUL byte in a filter must not reach the database.
    "gezondemarke.middleware.RefuseControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs an account; the login page opts out itself.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user on every history entry written during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gezondemarke.urls"
WSGI_APPLICATION = "gezondemarke.wsgi.application"
ASGI_APPLICATION = "gezondemarke.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "seeddata.context_processors.demo_banner",
                "accounts.context_processors.capabilities",
            ],
        },
    },
]

# SQLite is the embedded default so that a fresh machine runs without a server;
# production and CI point DATABASE_URL at PostgreSQL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Without a busy timeout, two people saving at once get "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# No request waits for ever on the database: PostgreSQL ends a statement that runs longer
# than this many seconds, or waits longer for a lock; the person gets the "try again" page.
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=30)
DATABASE_LOCK_TIMEOUT = env.int("DATABASE_LOCK_TIMEOUT", default=10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT}s -c lock_timeout={DATABASE_LOCK_TIMEOUT}s"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Axes first: it refuses locked-out logins before any password is checked. It has no
# get_user, so sessions (and the test client's force_login) use ModelBackend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username from one address lock that pair for 30 minutes;
# someone guessing from elsewhere does not lock the real user out of their own office.
# Failures are counted in the database: they survive a restart, are shared by several app
# servers, and administrators lift a lockout in the admin (Accounts en rollen → Inlogpogingen).
# The accounts app registers axes's admin pages itself, for its records under Dutch names.
AXES_ENABLE_ADMIN = False
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"

# Invitation and password-reset links stay valid for three days and work once.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Dutch for everyone, whatever the browser asks for; the msgids are English so that
# an English translation can be added later with a language switch.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# The project's own texts, then Dutch for texts of Django and django-axes that their
# catalogues leave in English (read after every app's catalogue, so it wins).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "thirdparty" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Redraw the dashboards' charts in the background right after a write commits (charts.redraw).
CHARTS_REDRAW_AFTER_WRITE = env_bool("CHARTS_REDRAW_AFTER_WRITE", True)
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise without login.
WHITENOISE_ROOT = BASE_DIR / "root-files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded and generated files (the kept reports). They are never served from MEDIA_URL
# directly: each download goes through a view that checks who asks.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gezondemarke",
    }
}
# Redis may fail: then everything is served uncached (gezondemarke/cache.py). Seconds that one
# request waits at most for a Redis that does not answer:
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.25)
if env.str("REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "gezondemarke.cache.OptionalRedisCache",
        "LOCATION": env.str("REDIS_URL"),
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
    }

# Mail for invitations and password resets. Without EMAIL_HOST nothing is sent and the
# administrator passes the invitation link on by hand (the admin shows it).
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="aanbevelingenmonitor@localhost")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.dummy.EmailBackend",
)

# Mails sent outside a request (rounds, reminders, the weekly summary) link to the product
# at this address: scheme and host as people open it, e.g. https://monitor.example.nl.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Days before a round closes that members who have not voted yet get a reminder.
NOTIFY_REMINDER_DAYS = env.int("NOTIFY_REMINDER_DAYS", default=2)

# Content-Security-Policy for every environment, so that a template that would break in
# production breaks in development too. Only our own scripts, styles and images (the
# charts are PNG/SVG from our own origin); no inline scripts or style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    # A switch for trying out a template change: the browser reports, but blocks nothing.
    CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
    CONTENT_SECURITY_POLICY = None

# Backups (backup/services.py) are JSON fixtures; this keeps their timestamps exact.
SERIALIZATION_MODULES = {"json": "backup.exact_json"}

# The read-only API (/api/v1/): tools sign in with a personal token, people browsing it with
# their session. Lists are paginated and filtered like the pages; each token has its own rate.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_RATE", default="2000/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Aanbevelingenmonitor API",
    "DESCRIPTION": "Read-only: recommendations, regions, agendas, goals and links, coverage, "
    "closed prioritisation rounds and monitoring. Send `Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from our own static files: the CSP allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Axes logs failed logins and lockouts at WARNING (username and address masked);
    # accounts.views.lockout adds who was refused. Its INFO chatter stays out.
    # WeasyPrint logs every step of every report at INFO, and fontTools each font it subsets.
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
