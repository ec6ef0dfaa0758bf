"""Settings for the biomass potential platform.

One module, driven by environment variables (12-factor). Nothing here raises: unsafe or
missing configuration is reported by the system checks in ``config.checks``, which
``manage.py`` commands and the WSGI entry point run before serving.

Environment variables: every one read here is listed, with its default, in the README's
"Configuration" table (tests/config/test_settings.py keeps the two in step).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Required when DEBUG is off: from the environment, else from the key file `make demo` wrote
# (so a new shell's manage.py commands find it). Left empty, Django refuses to sign anything and
# config.checks reports an error, so runserver, migrate and gunicorn (via wsgi.py) stop before
# serving. In debug mode a missing key is replaced by a random one for this process only.
SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE") or BASE_DIR / ".secret_key")
_FILE_KEY = SECRET_KEY_FILE.read_text(encoding="utf-8").strip() if SECRET_KEY_FILE.is_file() else ""
SECRET_KEY_FROM_FILE = not os.environ.get("SECRET_KEY") and bool(_FILE_KEY)
SECRET_KEY = os.environ.get("SECRET_KEY", "") or _FILE_KEY or (get_random_secret_key() if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "leaflet",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "axes",
    "config.apps.ProjectConfig",
    "biomass.regions",
    "biomass",
]

MIDDLEWARE = [
    "biomass.web.health.HealthzMiddleware",  # first: before host validation and HTTPS redirect
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "biomass.api.errors.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Pages live with the web room, the admin's layer screens with the layers room.
        "DIRS": [
            BASE_DIR / "biomass" / "web" / "templates",
            BASE_DIR / "biomass" / "layers" / "templates",
            BASE_DIR / "biomass" / "statistics" / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {"biomass_tags": "biomass.web.templatetags.biomass_tags"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"spatialite:///{BASE_DIR / 'db.sqlite3'}",
        # Kept open between requests (opening one costs ~15 ms: SpatiaLite loads its library),
        # checked before reuse.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("spatialite"):
    # Several processes (web server, task workers) share the file. Writers take the lock when
    # their transaction begins (IMMEDIATE), so they wait their turn (up to the timeout)
    # instead of failing with "database is locked" when two upgrade at once; WAL lets
    # readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=30,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login lockout (django-axes): LOGIN_FAILURE_LIMIT failed logins for one account from one
# client lock that pair out for LOGIN_COOLOFF_MINUTES (HTTP 429 and a page saying so); other
# clients and other accounts are unaffected, so nobody can lock the staff out from one
# address. Attempts and lockouts are kept in axes' tables (admin: "Axes").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_COOLOFF_MINUTES") or 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout: attempts while locked out do not restart it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "biomass/lockout.html"
# The client's address by the same rule as the API's rate limits (TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "biomass.api.throttles.client_ip"
AXES_VERBOSE = False  # no banner on every manage.py command; lockouts are still logged

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_THOUSAND_SEPARATOR = True
# One number format per language, the same as the map's (config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "config.storage.StaticStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")

# Security: safe by default, HTTPS hardening switched on by SECURE_SSL behind TLS.
SECURE_SSL = env_bool("SECURE_SSL", False)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL
SECURE_HSTS_SECONDS = 31536000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE_SSL else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and requests
# from this site only, no inline script or style, no eval; images also from the base-map tile
# host. A nonce is added to script-src only on a page that asks for one (the region admin's
# django-leaflet map widget); no other page has an inline script. See README, "Security".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", "https://tile.openstreetmap.org"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Uploads: keep large files on disk, never in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Raster layers: upload limits and engine threads.
LAYER_MAX_BYTES = int(os.environ.get("LAYER_MAX_BYTES", str(2 * 1024**3)))
LAYER_MAX_PIXELS = int(os.environ.get("LAYER_MAX_PIXELS", str(600_000_000)))
ANALYSIS_MAX_VERTICES = int(os.environ.get("ANALYSIS_MAX_VERTICES", "50000"))
ANALYSIS_MAX_AREA_KM2 = float(os.environ.get("ANALYSIS_MAX_AREA_KM2", "2500000"))
CATCHMENT_MAX_RADIUS_KM = float(os.environ.get("CATCHMENT_MAX_RADIUS_KM", "300"))
OGC_SERVER_URL = os.environ.get("OGC_SERVER_URL", "")  # the OGC API behind a host-rewriting proxy
STATISTICS_MAX_BYTES = int(os.environ.get("STATISTICS_MAX_BYTES", str(50 * 1024**2)))
# Production statistics are spread over the grid of this categorical (IGBP) land-cover layer.
ALLOCATION_LAND_COVER = os.environ.get("ALLOCATION_LAND_COVER", "land-cover")
CLIP_MAX_PIXELS = int(os.environ.get("CLIP_MAX_PIXELS", str(50_000_000)))
ENGINE_THREADS = int(os.environ.get("ENGINE_THREADS", str(min(4, os.cpu_count() or 1))))

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (17.0, -92.0),
    "DEFAULT_ZOOM": 4,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 14,
    "RESET_VIEW": False,
    "TILES": [
        (
            "OpenStreetMap",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            {"attribution": "&copy; OpenStreetMap contributors", "maxZoom": 19},
        )
    ],
    "ATTRIBUTION_PREFIX": "Leaflet",
}

TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES") or 0)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["biomass.api.parsers.JSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["biomass.api.permissions.StaffWriteOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "biomass.api.errors.exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "biomass.api.negotiation.FormatParameterNegotiation",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Expensive endpoints (exports, clips, analyses) are rate limited per client, counted in
    # the default cache (shared by every server process, below). The client is REMOTE_ADDR;
    # X-Forwarded-For is read only when TRUSTED_PROXIES proxies stand in front, and then only
    # the address the outermost trusted proxy saw (a client cannot choose its own identity).
    "DEFAULT_THROTTLE_RATES": {"expensive": os.environ.get("API_EXPENSIVE_RATE") or "60/min"},
    "NUM_PROXIES": TRUSTED_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Biomass energy atlas API",
    "DESCRIPTION": (
        "Biomass potentials of Mexico, Central America and the Dominican Republic. Units: t = t of dry "
        "matter per year, pj = PJ per year, coverage = share of the region with data (0-1). Errors are "
        "JSON: {error, message, field}."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The default scenarios' slugs are the parameter cases: one enum for both.
    "ENUM_NAME_OVERRIDES": {"ParameterCaseEnum": "biomass.catalogue.models.CASE_CHOICES"},
    # The schema lists the scenarios found in the database, so it is not generated during
    # `check --deploy` (which may run before migrations); the test suite validates it.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "biomass.api.schema.add_error_responses",
    ],
}

# Read-only CORS on the API: any origin may GET; nothing else crosses origins.
CORS_URLS_REGEX = r"^/(api|tiles)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# Background work (layer processing) through the Django tasks API: a database queue served
# by `manage.py db_worker` by default; "rq" sends tasks to Redis (REDIS_URL) for RQ workers
# on any number of machines (`manage.py rqworker default --job-class django_tasks_rq.Job`);
# "immediate" runs them in the web process (tests).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
RQ_QUEUES = {
    "default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}
}
# A version still "processing" without a sign of life for this long is stale: its worker
# died, and it may be retried.
LAYER_STALE_SECONDS = int(os.environ.get("LAYER_STALE_SECONDS", "300"))
# `manage.py recover_stalled` queues a stalled version again after LAYER_RETRY_BACKOFF_SECONDS,
# doubling at each attempt; after LAYER_MAX_ATTEMPTS attempts it is marked failed instead.
LAYER_MAX_ATTEMPTS = int(os.environ.get("LAYER_MAX_ATTEMPTS", "3"))
LAYER_RETRY_BACKOFF_SECONDS = float(os.environ.get("LAYER_RETRY_BACKOFF_SECONDS", "30"))
# /healthz waits at most this long for another writer's lock before answering 503.
HEALTHZ_WAIT_SECONDS = float(os.environ.get("HEALTHZ_WAIT_SECONDS", "5"))

# One cache shared by every server process, so that rate limits hold across gunicorn workers
# and servers: Redis when REDIS_URL is set, otherwise a table in the database (created by the
# project's migration config/migrations/0001_cache_table.py). The rate limits are its only
# user; a per-process cache would let each worker count on its own.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "biomass_cache",
            # One entry per client and scope: room for many clients before culling forgets some.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("numexpr", "rasterio")}
    | {"pygeoapi": {"level": "ERROR"}},
}

# gis.W001: the system GDAL (3.6) cannot block file and network access from spatial
# references. Mitigation: no user-supplied text ever reaches GDAL's SRS or raster
# constructors (user CRSs are validated as EPSG integers by pyproj; rasters are opened and
# validated with rasterio's GeoTIFF driver first). See README, "Security".
SILENCED_SYSTEM_CHECKS = ["gis.W001"]
