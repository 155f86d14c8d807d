"""Settings from environment variables, one class per environment.

Every key that can be set from the environment is documented here; README.md
lists the same keys for operators.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))
DEFAULT_SECRET = "dev-only-secret-change-me"  # noqa: S105 (refused in production)
# The shortest retention periods anyone may set: the AVG asks for no longer than needed,
# but a resident must have time to react to the end of their initiative, and a failed
# mail must stay long enough for someone to notice it.
RETENTION_MIN_CLOSED_MONTHS = 3
RETENTION_MIN_OUTBOX_DAYS = 14


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _count(name: str, default: int = 0) -> int:
    """A whole number of at least 0 from the environment; anything else refuses to start."""
    value = os.environ.get(name, str(default)).strip()
    if not value.isascii() or not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return int(value)


def environment_name() -> str:
    """APP_ENV, or production when it is not set.

    A forgotten setting must fail closed: the development defaults (a public
    secret, no second factor, the mailbox) are only ever used when asked for.
    """
    name = os.environ.get("APP_ENV", "").strip() or "production"
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return name


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'initiatief.sqlite'}")
    # Hosting platforms often hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def storage_kind(uri: str | None) -> str:
    """The kind of rate-limit store a URI gives, read as Flask-Limiter and limits read it:
    an empty URI is memory://, the scheme counts in any case ("MEMORY://" is memory),
    and "async+" names the same store."""
    scheme = urlsplit((uri or "").strip()).scheme.lower() or "memory"
    return scheme.removeprefix("async+")


def _storage_options(uri: str) -> dict[str, float]:
    """Timeouts for a Redis rate-limit store: a Redis that hangs fails a request
    within RATELIMIT_STORAGE_TIMEOUT seconds (default 2) instead of holding a worker.
    Other stores get no options, as their clients name them differently."""
    if not storage_kind(uri).startswith(("redis", "valkey")):
        return {}
    seconds = float(os.environ.get("RATELIMIT_STORAGE_TIMEOUT", "2"))
    return {"socket_connect_timeout": seconds, "socket_timeout": seconds}


class Config:
    """Defaults shared by every environment."""

    # Signs sessions and CSRF tokens. Production refuses the default.
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
    # SQLAlchemy URL; SQLite file under instance/ unless DATABASE_URL is set.
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {}
    # PostgreSQL connections per process (initiatief/engine.py): the pool keeps up to
    # DATABASE_POOL_SIZE open and opens at most DATABASE_MAX_OVERFLOW more when they are all
    # in use, then waits. A sync gunicorn worker serves one request at a time and opens one;
    # the scheduler holds one for its lock and one per job thread (4). The server's
    # max_connections (100 by default) must exceed
    # (WEB_CONCURRENCY + 1) x (DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW) only when code
    # leaks connections; in practice it sees WEB_CONCURRENCY + 5.
    DATABASE_POOL_SIZE = _count("DATABASE_POOL_SIZE", 5)
    DATABASE_MAX_OVERFLOW = _count("DATABASE_MAX_OVERFLOW", 5)
    # A pooled PostgreSQL connection idle this many seconds is checked with a round trip
    # before use; a busier one only when its socket shows the server hung up (engine.py).
    DATABASE_PING_AFTER_IDLE = float(os.environ.get("DATABASE_PING_AFTER_IDLE", "30"))
    # Seconds an SQLite writer waits for another writer before "database is locked";
    # SQLite also runs in WAL mode, so readers never wait (initiatief/engine.py).
    SQLITE_BUSY_TIMEOUT = float(os.environ.get("SQLITE_BUSY_TIMEOUT", "10"))
    # Absolute address of the site, used for links in mails (never the request's Host header).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    # Name of the municipality as residents read it.
    MUNICIPALITY_NAME = os.environ.get("MUNICIPALITY_NAME", "Gemeente Voorbeeld")
    # Phone number residents can always call (the escape to a human).
    MUNICIPALITY_PHONE = os.environ.get("MUNICIPALITY_PHONE", "14 0000")

    # Languages on offer to residents, Dutch (the source) first. Adding one is a
    # catalog in translations/<code>/LC_MESSAGES/messages.po plus its code here.
    LANGUAGES = ("nl", "en")
    # Compiled catalogs (`flask translate compile`); without them every page is Dutch.
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Least important log level written to stderr (DEBUG, INFO, WARNING, ERROR).
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    # Look: a stylesheet of design tokens under static/ and the class that switches it on.
    # A municipality drops in its own NL Design System theme without code changes.
    THEME_STYLESHEET = os.environ.get("THEME_STYLESHEET", "vendor/voorbeeld-theme.css")
    THEME_CLASS = os.environ.get("THEME_CLASS", "voorbeeld-theme")

    # Outgoing mail (Flask-Mail). The dispatcher in the scheduler process sends it.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "8025"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Gemeente Voorbeeld - Initiatieven <initiatieven@gemeente.example>"
    )
    # Seconds before an SMTP connection attempt gives up (then the batch is retried).
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    # Rows one dispatcher pass claims at most, and how long a claim (lease) lasts.
    MAIL_BATCH_SIZE = int(os.environ.get("MAIL_BATCH_SIZE", "50"))
    MAIL_LEASE_SECONDS = int(os.environ.get("MAIL_LEASE_SECONDS", "300"))
    # Sent mails are written down a group at a time: at most this many rows; a mail
    # that took this many seconds to send (a slow server) is written down at once.
    # After a crash the open group is sent again (mail.dispatcher.results.SentRecorder).
    MAIL_RECORD_EVERY = int(os.environ.get("MAIL_RECORD_EVERY", "20"))
    MAIL_RECORD_SECONDS = float(os.environ.get("MAIL_RECORD_SECONDS", "0.04"))
    # Non-urgent mails to one resident about one initiative: at most one per this many
    # minutes; what comes in meanwhile is combined into the next one.
    MAIL_THROTTLE_MINUTES = int(os.environ.get("MAIL_THROTTLE_MINUTES", "15"))
    # Attempts before a temporarily failing mail is given up.
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))

    # Uploaded files (staff photos, attachments); outside static/, served through views.
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Largest staff photo accepted; the request limit below leaves room for the form.
    PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(5 * 1024 * 1024)))

    # Development mail sink: when set, /dev/mailbox shows the .eml files in this folder.
    MAILBOX_DIR = os.environ.get("MAILBOX_DIR")

    # Minutes a mailed login link stays valid (DESIGN §6: 15).
    LOGIN_LINK_MINUTES = int(os.environ.get("LOGIN_LINK_MINUTES", "15"))
    # Days a resident may stay logged in on a device.
    RESIDENT_SESSION_DAYS = int(os.environ.get("RESIDENT_SESSION_DAYS", "30"))
    # The resident's cookie lives as long as the session it points to, whose end is fixed
    # at login (resident_sessions.expires_at), so it is not signed again on every page.
    # Staff cookies end with the browser and carry their last activity (staff_seen).
    PERMANENT_SESSION_LIFETIME = timedelta(days=RESIDENT_SESSION_DAYS)
    SESSION_REFRESH_EACH_REQUEST = False

    # Staff sign-in: the second factor (TOTP) can only be switched off in development.
    STAFF_TOTP_REQUIRED = _bool("STAFF_TOTP_REQUIRED", True)
    # Minutes without activity after which a staff session ends.
    STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
    STAFF_LOGIN_RATE_LIMIT = os.environ.get("STAFF_LOGIN_RATE_LIMIT", "20 per 15 minutes")

    # Days the link in the evaluation mail stays valid.
    EVALUATION_VALID_DAYS = int(os.environ.get("EVALUATION_VALID_DAYS", "60"))
    # An "ontevreden" answer asks for a call back: it is flagged for follow-up on the
    # staff page, every active coördinator gets a mail, and the resident reads that
    # someone will call (or mail) them back. Off: the answer is only recorded.
    EVALUATION_FOLLOW_UP_UNHAPPY = _bool("EVALUATION_FOLLOW_UP_UNHAPPY", True)

    # Retention (DESIGN §6). Defaults until a beheerder sets the periods in beheer; both
    # are refused below their minimum (RETENTION_MIN_CLOSED_MONTHS, RETENTION_MIN_OUTBOX_DAYS).
    # Months after an initiative closes before the initiator's contact data is anonymised.
    RETENTION_CLOSED_MONTHS = _count("RETENTION_CLOSED_MONTHS", 12)
    # Days a sent or failed mail stays in the outbox before it is purged.
    RETENTION_OUTBOX_DAYS = _count("RETENTION_OUTBOX_DAYS", 90)
    # Who residents can ask about their personal data, as the privacy page names it.
    PRIVACY_CONTACT_NAME = os.environ.get(
        "PRIVACY_CONTACT_NAME", "de functionaris gegevensbescherming van de gemeente"
    )
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "privacy@gemeente.example")

    # Rate limits (Flask-Limiter). memory:// counts per worker process, so with several
    # workers (gunicorn --workers N, or several machines) use one shared store, e.g.
    # redis://127.0.0.1:6379/0 (rediss:// for TLS, redis://:password@host:port/db).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Prefix of the counters' keys in the shared store, so two sites (or test runs)
    # on one Redis never count each other's requests.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "initiatief")
    # Passed to the store's client (see _storage_options).
    RATELIMIT_STORAGE_OPTIONS = _storage_options(RATELIMIT_STORAGE_URI)
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # When the shared store does not answer, each worker counts for itself until it
    # answers again: a resident then gets a looser limit, never a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = _bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    INTAKE_RATE_LIMIT = os.environ.get("INTAKE_RATE_LIMIT", "10 per hour")
    LOGIN_LINK_RATE_LIMIT = os.environ.get("LOGIN_LINK_RATE_LIMIT", "5 per 15 minutes")
    CALLBACK_RATE_LIMIT = os.environ.get("CALLBACK_RATE_LIMIT", "5 per hour")

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    WTF_CSRF_TIME_LIMIT = None  # a slow typist must not lose the form to an expired token
    MAX_CONTENT_LENGTH = 6 * 1024 * 1024
    DEBUG = _bool("FLASK_DEBUG")
    TESTING = False

    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host/-Port we
    # trust (Werkzeug's ProxyFix). 0: none, the client address is the connection's. Set
    # it to the number of proxies that add those headers, or the rate limits and the
    # audit trail would see every resident as the proxy, or a resident could claim any
    # address by sending the header.
    TRUSTED_PROXIES = _count("TRUSTED_PROXIES")
    # Strict-Transport-Security max-age in seconds on every response; on in production.
    HSTS_SECONDS = 0


class DevelopmentConfig(Config):
    """Local development: SQLite, mail to the local sink, readable at /dev/mailbox."""

    MAILBOX_DIR = os.environ.get("MAILBOX_DIR", str(INSTANCE_DIR / "mailbox"))
    # Demo staff can try every screen at once; production refuses this.
    STAFF_TOTP_REQUIRED = _bool("STAFF_TOTP_REQUIRED", False)


class TestingConfig(Config):
    """The test suite; the tests override the database and mail server per test."""

    TESTING = True
    SECRET_KEY = "test-secret"  # noqa: S105 (tests only)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    MAIL_SUPPRESS_SEND = False  # tests talk to a real in-process SMTP server
    # Off in the tests, except where a test turns them on (also for a test's gunicorn).
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", False)
    WTF_CSRF_ENABLED = False  # tests that are about CSRF switch it back on
    BASE_URL = "http://localhost"


class ProductionConfig(Config):
    """Production: refuses to start with unsafe settings (see check_production)."""

    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    # SQLite in production only when an operator says so on purpose.
    ALLOW_SQLITE = _bool("ALLOW_SQLITE")
    # An http:// BASE_URL (links in mails without TLS) only on purpose, e.g. a test host.
    ALLOW_HTTP_BASE_URL = _bool("ALLOW_HTTP_BASE_URL")
    # Rate limits kept in one process's memory only on purpose: with several workers
    # each would count on its own, so use a shared store (redis://) instead.
    RATELIMIT_ALLOW_MEMORY = _bool("RATELIMIT_ALLOW_MEMORY")
    # Browsers keep to HTTPS for a year once they have seen the site (0 switches it off).
    HSTS_SECONDS = _count("HSTS_SECONDS", 365 * 24 * 3600)


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def check_production(config: dict) -> None:
    """Refuse unsafe production settings before the app serves anyone."""
    problems = []
    if not _random_enough(config["SECRET_KEY"]):
        problems.append("SECRET_KEY must be set to a random value of at least 32 characters")
    if config.get("DEBUG"):
        problems.append("debug mode must be off")
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and not config.get("ALLOW_SQLITE"):
        problems.append("use PostgreSQL (DATABASE_URL) or set ALLOW_SQLITE=1 on purpose")
    if not config.get("STAFF_TOTP_REQUIRED", True):
        problems.append("staff must use a second factor (STAFF_TOTP_REQUIRED)")
    if config.get("MAILBOX_DIR"):
        problems.append("MAILBOX_DIR (the development mailbox) must not be set in production")
    if not config["BASE_URL"].startswith("https://") and not config.get("ALLOW_HTTP_BASE_URL"):
        problems.append("BASE_URL must start with https:// (or set ALLOW_HTTP_BASE_URL=1)")
    # Judged as the limiter reads it: an empty RATELIMIT_STORAGE_URI (a template's
    # "RATELIMIT_STORAGE_URI=" with nothing filled in) or "MEMORY://" is memory:// too.
    storage = storage_kind(config.get("RATELIMIT_STORAGE_URI"))
    if storage == "memory" and not config.get("RATELIMIT_ALLOW_MEMORY"):
        problems.append(
            "RATELIMIT_STORAGE_URI must be a shared store such as redis://host:6379 "
            "(or set RATELIMIT_ALLOW_MEMORY=1 for a single worker)"
        )
    if problems:
        raise RuntimeError(
            "Refusing to start in production (APP_ENV is production when it is not set; "
            "use APP_ENV=development on your own machine): " + "; ".join(problems)
        )


def check_retention(config: dict) -> None:
    """Refuse retention periods below their minimum, in every environment."""
    if config["RETENTION_CLOSED_MONTHS"] < RETENTION_MIN_CLOSED_MONTHS:
        raise RuntimeError(
            f"RETENTION_CLOSED_MONTHS must be at least {RETENTION_MIN_CLOSED_MONTHS}: "
            "residents need time to react after their initiative closes"
        )
    if config["RETENTION_OUTBOX_DAYS"] < RETENTION_MIN_OUTBOX_DAYS:
        raise RuntimeError(
            f"RETENTION_OUTBOX_DAYS must be at least {RETENTION_MIN_OUTBOX_DAYS}: "
            "a failed mail must stay long enough for someone to notice it"
        )


def _random_enough(secret: str | None) -> bool:
    """At least 32 characters, not the development default, not one character repeated.

    A real random value (secrets.token_urlsafe(48)) has dozens of different
    characters; "x" * 40, spaces or "abab..." are someone's placeholder.
    """
    if not secret or secret == DEFAULT_SECRET or len(secret) < 32:
        return False
    return not secret.isspace() and len(set(secret)) >= 10
