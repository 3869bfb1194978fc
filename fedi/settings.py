"""Settings for both ways of running the server.

Embedded default (no environment variables): SQLite in ./data, in-memory cache and
channel layer, Celery tasks run in-process, e-mail printed on the console.

Production: set DATABASE_URL and REDIS_URL (and LOCAL_DOMAIN, SECRET_KEY, ...). Every
variable is documented in README.md.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on", "t", "y")


def env_int(name, default):
    value = env(name)
    return default if value is None else int(value)


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Identity of this server ----------------------------------------------------------
PORT = env_int("PORT", 8000)
# The domain in account handles (user@LOCAL_DOMAIN) and in every URL the API emits.
LOCAL_DOMAIN = env("LOCAL_DOMAIN", f"127.0.0.1:{PORT}" if env("PORT") else "127.0.0.1:8000")
# The domain where the web server answers, if it differs from LOCAL_DOMAIN.
WEB_DOMAIN = env("WEB_DOMAIN", LOCAL_DOMAIN)
LOCAL_HTTPS = env_bool("LOCAL_HTTPS", default=env("LOCAL_DOMAIN") is not None)
SITE_SCHEME = "https" if LOCAL_HTTPS else "http"
SITE_URL = f"{SITE_SCHEME}://{WEB_DOMAIN}"

SOFTWARE_NAME = "fedi"
SOFTWARE_VERSION = "0.1.0"
# The Mastodon version whose API we follow; clients check the version string for it.
MASTODON_API_VERSION = "4.7.0"
MASTODON_API_LEVEL = 7  # api_versions[mastodon] of Mastodon 4.7
SOURCE_URL = env("SOURCE_URL", "https://github.com/fedi-server/fedi")

# --- Security -----------------------------------------------------------------------
DEBUG = env_bool("DEBUG", default=False)
_embedded = env("DATABASE_URL") is None
DATA_DIR = Path(env("DATA_DIR", BASE_DIR / "data"))
SECRET_KEY = env("SECRET_KEY")
if SECRET_KEY is None:
    if not _embedded and not env_bool("ALLOW_INSECURE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set when DATABASE_URL is set (production).")
    from fedi.secret_key import load_or_create

    # Never a key from the source: one generated on first start, kept in DATA_DIR (0600).
    SECRET_KEY = load_or_create(DATA_DIR)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    [LOCAL_DOMAIN.split(":")[0], WEB_DOMAIN.split(":")[0], "127.0.0.1", "localhost", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = [SITE_URL] + env_list("CSRF_TRUSTED_ORIGINS")
if LOCAL_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Applications -------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "oauth2_provider",
    "channels",
    "fedi",
    "accounts",
    "relationships",
    "oauth",
    "instance",
    "tags",
    "statuses",
    "media_attachments",
    "polls",
    "cards",
    "timelines",
    "feeds",
    "filters",
    "notifications",
    "search",
    "streaming",
    "announcements",
    "reports",
    "admin_api",
    "activitypub",
]

MIDDLEWARE = [
    "fedi.middleware.TrailingSlashMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fedi.ratelimit.RateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "fedi.middleware.ApiCsrfExemptMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fedi.urls"
WSGI_APPLICATION = "fedi.wsgi.application"
ASGI_APPLICATION = "fedi.asgi.application"
APPEND_SLASH = False

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
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------
if _embedded:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
        }
    }
else:
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, channel layer, Celery broker ---------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "fedi")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "streaming.layers.RedisChannelLayer",  # channels_redis, cancel-safe
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"{CACHE_KEY_PREFIX}:channels"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fedi"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# Without a broker the embedded default runs every background task in-process.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 4
CELERY_TIMEZONE = "UTC"
# The embedded default has no beat process: `make run` sets PERIODIC_TASKS_IN_PROCESS=1 and
# the web process runs CELERY_BEAT_SCHEDULE itself (fedi/periodic.py).
PERIODIC_TASKS_IN_PROCESS = env_bool("PERIODIC_TASKS_IN_PROCESS", default=False)
# Periodic tasks (the scheduler of `celery -A fedi worker -B`); each app adds its own.
CELERY_BEAT_SCHEDULE = {
    "polls.close_expired": {"task": "polls.close_expired", "schedule": 60.0},
    "statuses.publish_due_scheduled": {"task": "statuses.publish_due_scheduled", "schedule": 60.0},
    "timelines.clean_inactive_feeds": {"task": "timelines.clean_inactive_feeds", "schedule": 6 * 3600.0},
}

# --- Auth ----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailOrUsernameBackend"]
LOGIN_URL = "/auth/sign_in"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if env_bool("FAST_PASSWORD_HASHER"):  # tests only: hashing is deliberately slow
    PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.MD5PasswordHasher")
SESSION_COOKIE_SECURE = LOCAL_HTTPS
CSRF_COOKIE_SECURE = LOCAL_HTTPS

OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # the default, named for swappable FKs
OAUTH2_PROVIDER = {
    "OAUTH2_VALIDATOR_CLASS": "oauth.validators.MastodonOAuth2Validator",
    "OAUTH2_BACKEND_CLASS": "oauth.backends.LenientOAuthLibCore",
    "SCOPES_BACKEND_CLASS": "oauth.scopes.MastodonScopes",
    "PKCE_REQUIRED": False,
    # Mastodon's tokens do not expire unless revoked.
    "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60 * 24 * 365 * 100,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": None,
    "ROTATE_REFRESH_TOKEN": False,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "REQUEST_APPROVAL_PROMPT": "auto",
}

# --- Registrations and e-mail --------------------------------------------------------
# Initial value only: admins change it in the instance settings (Django admin).
REGISTRATIONS_MODE = env("REGISTRATIONS_MODE", "open")  # open | approved | none
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if env("SMTP_SERVER") else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("SMTP_SERVER", "localhost")
EMAIL_PORT = env_int("SMTP_PORT", 587)
EMAIL_HOST_USER = env("SMTP_LOGIN", "")
EMAIL_HOST_PASSWORD = env("SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SMTP_TLS", default=False)
EMAIL_USE_SSL = env_bool("SMTP_SSL", default=False)
DEFAULT_FROM_EMAIL = env("SMTP_FROM_ADDRESS", f"notifications@{LOCAL_DOMAIN.split(':')[0]}")

# --- Files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns when it is missing; collectstatic fills it
MEDIA_URL = env("MEDIA_URL", "/system/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", DATA_DIR / "media"))
# S3-compatible storage when S3_BUCKET is set (needs the django-storages[s3] package).
if env("S3_BUCKET"):
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("S3_BUCKET"),
                "endpoint_url": env("S3_ENDPOINT"),
                "region_name": env("S3_REGION"),
                "access_key": env("AWS_ACCESS_KEY_ID"),
                "secret_key": env("AWS_SECRET_ACCESS_KEY"),
                "custom_domain": env("S3_ALIAS_HOST"),
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    SERVE_MEDIA = False
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    SERVE_MEDIA = env_bool("SERVE_MEDIA", default=True)

# --- API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["fedi.auth.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["fedi.auth.DeclaredAccess"],
    "DEFAULT_PARSER_CLASSES": ["fedi.params.LenientJSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "fedi.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "fedi.negotiation.IgnoreAcceptNegotiation",
}

# Rate limits: "limit/seconds" per bucket, as Mastodon's defaults; RATE_LIMITS overrides
# any of them, e.g. RATE_LIMITS="api=600/300,sign_up=10/1800"; RATE_LIMITS_ENABLED=false
# turns them off.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {
    "api": (300, 300),           # per token, or per IP without one
    "user": (1500, 300),         # per user, across all of their tokens
    "unauthenticated": (300, 300),
    "media": (30, 1800),
    "delete": (30, 1800),
    "sign_up": (5, 1800),
    "sign_in": (25, 300),
}
for _item in env_list("RATE_LIMITS"):
    _name, _, _value = _item.partition("=")
    _limit, _, _period = _value.partition("/")
    RATE_LIMITS[_name.strip()] = (int(_limit), int(_period or 300))

CORS_URLS_REGEX = r"^/(api/|oauth/token|oauth/revoke|\.well-known/|nodeinfo/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id",
                       "Mastodon-Async-Refresh"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "idempotency-key", "user-agent", "x-csrftoken",
                      "x-requested-with", "cache-control"]
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"]

# --- I18n ----------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
# Profile-link verification refuses private and loopback addresses unless this is set.
VERIFY_LINKS_ALLOW_PRIVATE = env_bool("VERIFY_LINKS_ALLOW_PRIVATE", default=False)
# Fetch a preview card for the first link of each new status (cards/).
PREVIEW_CARDS_ENABLED = env_bool("PREVIEW_CARDS_ENABLED", default=True)
# Web Push to private/loopback endpoints (development and tests only).
WEB_PUSH_ALLOW_PRIVATE = env_bool("WEB_PUSH_ALLOW_PRIVATE", default=False)
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", ["127.0.0.1", "::1"])
