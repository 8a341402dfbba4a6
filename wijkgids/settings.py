"""Settings for Wijkgids, read from the environment.

Development works with no variable set (DEBUG on, an SQLite file in the project directory).
With DJANGO_DEBUG=0 the site refuses to start without DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


def env_count(name):
    """A whole number from the environment, 0 when unset; anything else stops the site at start."""
    value = os.environ.get(name, "").strip() or "0"
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} moet een geheel getal zijn (bijv. 1), niet ‘{value}’.")
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY ontbreekt: zonder geheime sleutel start de productie niet."
        )
    SECRET_KEY = "alleen-voor-ontwikkeling-niet-geheim"  # noqa: S105 - development only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS ontbreekt: noem de hostnamen waarop de site draait.")

# The project's own apps, each a concern (docs/architecture.md): the one list of them. The page
# cache's code fingerprint and the content a backup holds are read from it.
WIJKGIDS_APPS = ["omleidingen", "bronnen", "lessen", "zoeken", "versies", "citeren", "wijkgids"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "simple_history",
    "csp",
    "axes",
    *WIJKGIDS_APPS,
]

# simple-history keeps the versions of lessons; lessen.services writes them, not its signals.
SIMPLE_HISTORY_ENABLED = False

# No LocaleMiddleware: the site speaks only Dutch (LANGUAGE_CODE), and the middleware would add
# "Vary: Accept-Language", splitting every proxy's cache of a page per browser language.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so that its 400 for a wrong Host carries these headers too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "wijkgids.middleware.RejectNullCharactersMiddleware",
    "wijkgids.middleware.MethodNotAllowedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, so that it sees the outcome of a login attempt (django-axes).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before the password is even checked.
    "wijkgids.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "wijkgids.urls"
WSGI_APPLICATION = "wijkgids.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

DATABASES = {
    "default": dj_database_url.parse(  # an empty DATABASE_URL means the default, as an unset one does
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'wijkgids.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an editor saves; IMMEDIATE takes the write lock at the start of
    # a transaction, so concurrent saves wait (up to the timeout) instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Read replicas (DATABASE_REPLICA_URL: one or more URLs, separated by spaces): public pages read
# from one of them; writes, the admin and a visitor who has just written use the primary
# (wijkgids/replicas.py). In tests a replica mirrors the test database.
REPLICAS = []
for number, url in enumerate(os.environ.get("DATABASE_REPLICA_URL", "").split(), 1):
    REPLICAS.append(f"replica{number}")
    DATABASES[f"replica{number}"] = {
        **dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "TEST": {"MIRROR": "default"},
    }
if REPLICAS:
    DATABASE_ROUTERS = ["wijkgids.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "wijkgids.replicas.PrimaryAfterWriteMiddleware",
    )
# How long a visitor who wrote something reads from the primary: longer than replicas lag behind.
PRIMARY_AFTER_WRITE_SECONDS = int(os.environ.get("DJANGO_PRIMARY_AFTER_WRITE_SECONDS", "15"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
# Django's and taggit's strings that have no Dutch translation, or none in an editor's words.
LOCALE_PATHS = [BASE_DIR / "wijkgids" / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Production serves static files through WhiteNoise from `collectstatic` output: hashed names
# (wijkgids.3f2a….css), gzipped copies and a far-future Cache-Control. Development and the
# tests read the source files, so they need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG

# Rendered public pages are kept until the content changes (wijkgids/caching.py). With
# WIJKGIDS_CACHE_URL (redis://host:port/db) every gunicorn worker and server shares them in Redis, and
# each process keeps the pages it serves in its own memory too ("proces"), read first: a page from
# there saves the round trip to Redis (docs/performance.md). Without it, memory only.
WIJKGIDS_CACHE_URL = os.environ.get("WIJKGIDS_CACHE_URL", "")
if WIJKGIDS_CACHE_URL and not WIJKGIDS_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        "WIJKGIDS_CACHE_URL moet beginnen met redis://, rediss:// of unix://, bijv. redis://127.0.0.1:6379/0."
    )
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
CACHES = {"default": {"BACKEND": LOCMEM, "OPTIONS": {"MAX_ENTRIES": 5000}}}
if WIJKGIDS_CACHE_URL:
    CACHES = {
        "proces": {"BACKEND": LOCMEM, "OPTIONS": {"MAX_ENTRIES": 1000}},
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": WIJKGIDS_CACHE_URL},
    }
WIJKGIDS_PAGINA_CACHE = env_bool("WIJKGIDS_PAGINA_CACHE", default=True)
WIJKGIDS_CACHE_MAX_AGE = 60  # seconds a proxy may serve a public page without asking again

TAGGIT_CASE_INSENSITIVE = True
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True  # tag URLs stay plain ASCII: /tags/continuiteit/
# Editors type tags separated by commas, spaces included ("bewoners, dorp in de stad"), and see them so.
TAGGIT_TAGS_FROM_STRING = "lessen.forms.tags_from_text"
TAGGIT_STRING_FROM_TAGS = "lessen.forms.text_from_tags"

# How many lessons a list page shows, and the JSON API.
WIJKGIDS_PER_PAGINA = 20
WIJKGIDS_API_PER_PAGINA = 100

# Security. Production runs behind a TLS proxy that sets X-Forwarded-Proto (and strips it from
# what clients send); every response carries the headers below, HSTS only over HTTPS. Django's
# defaults, not repeated here, add nosniff, X-Frame-Options DENY, same-origin Referrer-Policy and
# Cross-Origin-Opener-Policy, an HttpOnly session cookie and SameSite=Lax cookies.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
CSRF_COOKIE_HTTPONLY = True  # the admin sends its token from the form, never from JavaScript
SESSION_COOKIE_SECURE = not DEBUG  # the development server speaks plain HTTP
CSRF_COOKIE_SECURE = not DEBUG

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only; no
# inline script unless it carries the request's nonce (`{{ request.csp_nonce }}`); nothing may frame
# the site, change its base URL or post a form elsewhere. The admin works under this policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "upgrade-insecure-requests": not DEBUG,
    }
}

# Permissions-Policy: the site needs no camera, microphone, location or other device.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "encrypted-media",
        "fullscreen", "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
        "usb", "xr-spatial-tracking",
    ]
}  # fmt: skip

# The only login is the admin's: after it, and when its `?next=` is refused (another site), the
# editor lands on the admin's index (Django's default, /accounts/profile/, does not exist here).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Admin login throttling (django-axes): after 5 wrong passwords for one account from one address,
# that combination waits half an hour; the lock-out is logged (logger "axes") and the editor sees a
# Dutch page. Combining account and address keeps one attacker from locking every editor out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "geblokkeerd.html"
# Behind the proxy every request comes from its address: the lock-out counts the visitor's address
# from X-Forwarded-For instead, trusting as many entries from the end as there are proxies in front
# of the site (DJANGO_TRUSTED_PROXIES: 1 for the TLS proxy; 0, the default, when reached directly).
AXES_CLIENT_IP_CALLABLE = "wijkgids.backends.client_address"
WIJKGIDS_TRUSTED_PROXIES = env_count("DJANGO_TRUSTED_PROXIES")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"django": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")}},  # on the root's handler
}
