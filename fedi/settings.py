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
    "instance_api",
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
    "chats",
    "announcements",
    "pleroma_api",
    "reports",
    "admin_api",
    "activitypub",
    "trends",
    "account_collections",
    "annual_reports",
]

MIDDLEWARE = [
    "fedi.middleware.TrailingSlashMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "fedi.bodylimits.BodySizeLimitMiddleware",  # before anything reads the body
    "accounts.middleware.IpBlockMiddleware",  # no_access IP blocks: nothing at all for them
    "django.middleware.security.SecurityMiddleware",
    "fedi.middleware.ContentSecurityPolicyMiddleware",  # before WhiteNoise: static files get one too
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
    # PostgreSQL: a pool of connections per process (psycopg_pool), so a request does not
    # open a connection of its own; DB_POOL_MAX_SIZE=0 turns it off (then DB_CONN_MAX_AGE
    # applies; the pool and persistent connections exclude each other).
    _pool_max = env_int("DB_POOL_MAX_SIZE", 12)
    if (DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _pool_max > 0
            and DATABASES["default"]["CONN_MAX_AGE"] == 0):
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env_int("DB_POOL_MIN_SIZE", 2), _pool_max), "max_size": _pool_max,
            "timeout": env_int("DB_POOL_TIMEOUT", 10)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation (DB_JIT=true turns it back on): the statuses page query (some 20
        # joins) passes PostgreSQL's jit_above_cost, and compiling it takes ~90 ms for a query
        # that then runs in 2 ms. Short OLTP queries never gain from it.
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = (_options.get("options", "") + " -c jit=" + ("on" if env_bool("DB_JIT", False) else "off")).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Threads per web process serving the synchronous views (fedi.asgi).
WEB_THREADS = env_int("WEB_THREADS", 10)

# --- Redis: cache, channel layer, Celery broker ---------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "fedi")
# The options of every Redis connection the server opens (cache and rate limits, channel
# layer, Celery broker, feed store). redis-py 8 reads with a 5 s socket_timeout by default,
# shorter than the blocking pops of the channel layer (BZPOPMIN, 5 s) and of Celery: an idle
# stream's receive then fails with "Timeout reading from ..." (django/channels_redis#422).
# The read timeout outlives every blocking call; a dead Redis is still noticed: connecting
# gives up quickly, TCP keepalive and a PING before reusing a connection idle longer than
# the health-check interval find dropped connections, and a timed-out command is retried.
REDIS_SOCKET_TIMEOUT = float(env("REDIS_SOCKET_TIMEOUT", 30))
REDIS_CONNECT_TIMEOUT = float(env("REDIS_CONNECT_TIMEOUT", 5))
REDIS_HEALTH_CHECK_INTERVAL = env_int("REDIS_HEALTH_CHECK_INTERVAL", 15)
REDIS_CONNECTION_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_keepalive": True,
    "health_check_interval": REDIS_HEALTH_CHECK_INTERVAL,
    "retry_on_timeout": True,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "fedi.cache.RedisCache",  # one redis-py client per pool (fedi/cache.py)
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": dict(REDIS_CONNECTION_OPTIONS),
        }
    }
    # Redis connections per process for the channel layer (commands wait for a free one).
    CHANNEL_LAYER_MAX_CONNECTIONS = env_int("CHANNEL_LAYER_MAX_CONNECTIONS", 100)
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "streaming.layers.RedisChannelLayer",  # channels_redis, cancel-safe
            # capacity: channels_redis counts it per process, not per connection (a process's
            # connections share one Redis key), and a group send drops what is over it
            # without a word; at its default of 100, a post to 1,000 connected followers
            # reached 38% of them.
            "CONFIG": {"hosts": [{"address": REDIS_URL, **REDIS_CONNECTION_OPTIONS}],
                       "prefix": f"{CACHE_KEY_PREFIX}:channels",
                       "capacity": env_int("CHANNEL_LAYER_CAPACITY", 100_000)},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fedi"}}
    # channels' in-memory layer, safe to publish to from the periodic jobs' thread
    CHANNEL_LAYERS = {"default": {"BACKEND": "streaming.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
# kombu's Redis transport takes the same options (it passes socket_timeout=None itself,
# but a dead broker must be noticed on publish too).
CELERY_BROKER_TRANSPORT_OPTIONS = dict(REDIS_CONNECTION_OPTIONS)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Without a broker the embedded default runs every background task in-process.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# One task reserved per worker process: a task queued behind a long batch is taken by the
# next free process instead of waiting in another's prefetch buffer.
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 1)
# Priorities on the Redis broker (0 first ... 9 last): the fan-out's big batches run at 9.
CELERY_BROKER_TRANSPORT_OPTIONS.update({"priority_steps": list(range(10)), "sep": ":",
                                        "queue_order_strategy": "priority"})
CELERY_TASK_DEFAULT_PRIORITY = 0
# Worker processes of `make worker` (Celery's default: one per core).
CELERY_WORKER_CONCURRENCY = env_int("WORKER_CONCURRENCY", 0) or None
CELERY_TIMEZONE = "UTC"
# The embedded default has no beat process: `make run` sets PERIODIC_TASKS_IN_PROCESS=1 and
# the web process runs CELERY_BEAT_SCHEDULE itself (fedi/periodic.py).
PERIODIC_TASKS_IN_PROCESS = env_bool("PERIODIC_TASKS_IN_PROCESS", default=False)
# Tests only: multiplies every periodic interval and the minimum delays they wait on
# (scheduled posts at least 5 minutes ahead, polls open at least 5 minutes), so that a system
# test sees a scheduled post published and a poll closed within seconds (e.g. 0.01).
PERIODIC_INTERVAL_SCALE = float(env("PERIODIC_INTERVAL_SCALE", 1))
# Periodic tasks (the scheduler of `celery -A fedi worker -B`); each app adds its own.
CELERY_BEAT_SCHEDULE = {
    "polls.close_expired": {"task": "polls.close_expired", "schedule": 60.0 * PERIODIC_INTERVAL_SCALE},
    "statuses.publish_due_scheduled": {"task": "statuses.publish_due_scheduled",
                                       "schedule": 60.0 * PERIODIC_INTERVAL_SCALE},
    "timelines.clean_inactive_feeds": {"task": "timelines.clean_inactive_feeds",
                                       "schedule": 6 * 3600.0 * PERIODIC_INTERVAL_SCALE},
    "statuses.delete_expired": {"task": "statuses.delete_expired", "schedule": 60.0 * PERIODIC_INTERVAL_SCALE},
    "media.resume_processing": {"task": "media.resume_processing", "schedule": 600.0 * PERIODIC_INTERVAL_SCALE},
    "trends.refresh": {"task": "trends.refresh", "schedule": 300.0 * PERIODIC_INTERVAL_SCALE},
    "relationships.purge_expired_mutes": {"task": "relationships.purge_expired_mutes",
                                          "schedule": 60.0 * PERIODIC_INTERVAL_SCALE},
    "statuses.purge_expired_conversation_mutes": {"task": "statuses.purge_expired_conversation_mutes",
                                                  "schedule": 60.0 * PERIODIC_INTERVAL_SCALE},
}
# Mastodon's trendable_by_default: whether tags and statuses nobody reviewed may trend
# (off, as Mastodon: moderators approve them first, tags through their trendable flag).
TRENDABLE_BY_DEFAULT = env_bool("TRENDABLE_BY_DEFAULT", default=False)
# Where beat keeps its state (celery's default is ./celerybeat-schedule in the working directory).
CELERY_BEAT_SCHEDULE_FILENAME = env("CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule")

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

# --- Security headers (README: Security) ----------------------------------------------
# Django's SecurityMiddleware sends X-Content-Type-Options: nosniff, Referrer-Policy and
# Cross-Origin-Opener-Policy (same-origin; the sign-in pages keep their opener), and
# Strict-Transport-Security when SECURE_HSTS_SECONDS > 0; XFrameOptionsMiddleware sends
# X-Frame-Options: DENY. fedi.middleware.ContentSecurityPolicyMiddleware sends these:
# (each env var replaces its policy; `off` sends none).


def _policy(name, default):
    value = env(name, default)
    return "" if value.strip().lower() == "off" else value


API_CONTENT_SECURITY_POLICY = _policy("API_CONTENT_SECURITY_POLICY",
                                      "default-src 'none'; frame-ancestors 'none'; form-action 'none'")
MEDIA_CONTENT_SECURITY_POLICY = _policy("MEDIA_CONTENT_SECURITY_POLICY", "default-src 'none'; sandbox")
CONTENT_SECURITY_POLICY = _policy(
    "CONTENT_SECURITY_POLICY",
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURE_REFERRER_POLICY = env("SECURE_REFERRER_POLICY", "same-origin")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)  # HTTPS installs: e.g. 31536000 (a year)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
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
# Video, audio and animated GIFs: the ffmpeg program that transcodes them. Unset: `ffmpeg` on
# PATH, else the build shipped by the imageio-ffmpeg package (media_attachments.processing).
MEDIA_FFMPEG_BINARY = env("FFMPEG_BINARY", "")
MEDIA_FFMPEG_TIMEOUT = env_int("FFMPEG_TIMEOUT", 900)  # seconds one transcode may take
# When tasks run in-process (CELERY_TASK_ALWAYS_EAGER), uploads of POST /api/v2/media are
# processed by this many background threads of the web process, so the request answers 202 at
# once; 0 processes them within the request (the tests, which need one database transaction).
MEDIA_PROCESSING_THREADS = env_int("MEDIA_PROCESSING_THREADS", 1)

# --- API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["fedi.auth.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["fedi.auth.DeclaredAccess"],
    "DEFAULT_PARSER_CLASSES": ["fedi.params.LenientJSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_RENDERER_CLASSES": ["fedi.renderers.FastJSONRenderer"],  # DRF's JSON, encoded by orjson
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
    "sign_in": (25, 300),          # password checks per IP (every path that checks one)
    "sign_in_account": (25, 3600),  # failed password checks per account
}
for _item in env_list("RATE_LIMITS"):
    _name, _, _value = _item.partition("=")
    _limit, _, _period = _value.partition("/")
    RATE_LIMITS[_name.strip()] = (int(_limit), int(_period or 300))

# Request body limits in bytes (fedi/bodylimits.py says which routes get which), refused
# with 413 before the body is read; BODY_SIZE_LIMITS overrides any of them, e.g.
# BODY_SIZE_LIMITS="default=2M,media=200M" (a number of bytes, or with K, M or G).
_MB = 1024 * 1024
BODY_SIZE_LIMITS = {
    "default": 1 * _MB,     # nginx's default client_max_body_size: statuses, forms, sign-in
    "media": 100 * _MB,     # Mastodon's 99 MB video limit (16 MB images) + the other fields
    "profile": 17 * _MB,    # an avatar and a header of 8 MB each + the other fields
    "admin": 17 * _MB,      # the Django admin's uploads (16 MB instance thumbnail, emoji)
}
for _item in env_list("BODY_SIZE_LIMITS"):
    _name, _, _value = _item.partition("=")
    _value = _value.strip().upper()
    _factor = {"K": 1024, "M": _MB, "G": 1024 * _MB}.get(_value[-1:], 1)
    BODY_SIZE_LIMITS[_name.strip()] = int(_value.rstrip("KMG")) * _factor

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
