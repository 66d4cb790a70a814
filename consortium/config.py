"""Configuration: defaults for the embedded set-up, everything overridable by environment."""
import os
import secrets
from datetime import timedelta
from pathlib import Path


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the short way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_key(instance_path: str, name: str, make) -> str:
    """The key kept in the file `name` of the instance folder, written once (mode 0600) from `make()` when there
    is none."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Workers starting together must agree on one key: each writes its own file, and a hard link (which fails
    # when the name exists) makes exactly one of them the key; the others read it.
    tmp = path.with_name(f".{name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(make())
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_text().strip()


def instance_secret_key(instance_path: str) -> str:
    """A random key written once to the instance folder, so sessions survive restarts."""
    return instance_key(instance_path, "secret_key", lambda: secrets.token_hex(32))


class Config:
    """Production-safe defaults; `create_app` fills what depends on the instance folder."""

    SQLALCHEMY_DATABASE_URI = None  # resolved in create_app (DATABASE_URL or instance SQLite)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = None
    SECRET_KEY = None
    BABEL_DEFAULT_LOCALE = "zh_Hans"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_Hans": "中文", "en": "English"}
    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BTN_STYLE = "primary"
    BOOTSTRAP_BTN_SIZE = "md"
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # Resolved in create_app: REDIS_URL when set, else a SQLite file in the instance folder that every
    # worker of the machine shares. If Redis goes down, limits fall back to memory (with a warning) and
    # a storage error never turns a sign-in into a 500.
    RATELIMIT_STORAGE_URI = None
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = "10 per minute"            # per client address, on /login and /api/v1/tokens
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute"    # per account named, whatever the address
    LOCKOUT_THRESHOLD = 5                         # consecutive failures that lock an account ...
    LOCKOUT_MINUTES = 15                          # ... for this long
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False          # cookies are Secure anyway whenever the request is HTTPS
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 12
    REMEMBER_COOKIE_DURATION = timedelta(days=7)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PROXY_COUNT = 0                        # reverse proxies in front of the app (ProxyFix)
    HSTS_SECONDS = 365 * 24 * 3600         # sent on HTTPS responses only
    PER_PAGE = 20
    PASSWORD_HASH_METHOD = "scrypt"
    AUDIT_RETENTION_DAYS = 180             # `flask audit prune` deletes older entries
    PASSWORD_POLICY = "mlps"               # or "asvs" (see auth/passwords.py and docs/security.md)
    PASSWORD_RESET_HOURS = 24              # lifetime of an admin-issued one-time reset link
    API_TOKEN_DAYS = 180
    # Background jobs (seconds). A job past its timeout is stopped by RQ; a run still active a minute later
    # is failed by the reconciler, so it never blocks new work for longer.
    JOB_TIMEOUT = 1800
    MATCH_ROUND_TIMEOUT = 1800
    IMPORT_TIMEOUT = 1800
    # /healthz/ready answers 503 when jobs are waiting and no worker has been seen for this long.
    WORKER_ABSENT_SECONDS = 120
    # "production" makes SECRET_KEY and DATA_KEY mandatory, unless INSTANCE_SHARED says every host reads
    # the same instance folder (and so the same generated keys).
    CONSORTIUM_ENV = "development"
    INSTANCE_SHARED = False
    DATA_KEY = None                        # resolved in create_app: env DATA_KEY, else instance/data_key
    MIN_PLACEMENT_AGE = 14                 # students younger than this (by birth date) cannot be placed

    @classmethod
    def from_environment(cls) -> dict:
        """The values the environment overrides (see interfaces.md)."""
        values = {}
        if os.environ.get("DATABASE_URL"):
            values["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(os.environ["DATABASE_URL"])
        if os.environ.get("REDIS_URL"):
            values["REDIS_URL"] = os.environ["REDIS_URL"]
            values["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
        if os.environ.get("SECRET_KEY"):
            values["SECRET_KEY"] = os.environ["SECRET_KEY"]
        for name in ("LOGIN_RATE_LIMIT", "LOGIN_ACCOUNT_RATE_LIMIT", "RATELIMIT_STORAGE_URI", "PASSWORD_POLICY",
                     "DATA_KEY"):
            if os.environ.get(name):
                values[name] = os.environ[name]
        for name in ("SESSION_IDLE_MINUTES", "SESSION_ABSOLUTE_HOURS", "PROXY_COUNT", "HSTS_SECONDS",
                     "LOCKOUT_THRESHOLD", "LOCKOUT_MINUTES", "PASSWORD_RESET_HOURS", "AUDIT_RETENTION_DAYS",
                     "JOB_TIMEOUT", "MATCH_ROUND_TIMEOUT", "IMPORT_TIMEOUT", "WORKER_ABSENT_SECONDS",
                     "MIN_PLACEMENT_AGE", "FIGURE_CACHE_TTL", "FIGURE_CACHE_LOCAL_TTL"):
            if os.environ.get(name):
                values[name] = int(os.environ[name])
        if os.environ.get("REMEMBER_COOKIE_DAYS"):
            values["REMEMBER_COOKIE_DURATION"] = timedelta(days=int(os.environ["REMEMBER_COOKIE_DAYS"]))
        if os.environ.get("CONSORTIUM_ENV"):
            values["CONSORTIUM_ENV"] = os.environ["CONSORTIUM_ENV"].strip().lower()
        if os.environ.get("INSTANCE_SHARED"):
            values["INSTANCE_SHARED"] = os.environ["INSTANCE_SHARED"].lower() in ("1", "true", "yes")
        if os.environ.get("SESSION_COOKIE_SECURE"):
            values["SESSION_COOKIE_SECURE"] = os.environ["SESSION_COOKIE_SECURE"].lower() in ("1", "true", "yes")
        return values


class MissingProductionSetting(RuntimeError):
    """Production without the keys every host must share."""


def check_production(config, environ=os.environ) -> None:
    """In production each host must be given SECRET_KEY and DATA_KEY: a key generated into one host's
    instance folder signs sessions (and would encrypt personal data) that no other host can read. Allowed
    without them only when INSTANCE_SHARED declares the instance folder shared by every host."""
    if config.get("CONSORTIUM_ENV") != "production" or config.get("INSTANCE_SHARED"):
        return
    missing = [name for name in ("SECRET_KEY", "DATA_KEY") if not (config.get(name) or environ.get(name))]
    if missing:
        raise MissingProductionSetting(
            f"CONSORTIUM_ENV=production needs {' and '.join(missing)} in the environment (the same value on every "
            "host), or INSTANCE_SHARED=1 when every host shares the instance folder.")


class TestingConfig(Config):
    """Used by the test suite: CSRF stays on (tests post real tokens), rate limits off."""

    TESTING = True
    RATELIMIT_ENABLED = False
    SECRET_KEY = "test-secret-key"
    DATA_KEY = "dGVzdC1kYXRhLWtleS10ZXN0LWRhdGEta2V5LTAxMjM="  # 32 bytes, for the test suite only
    # Room for the concurrency tests' 20 simultaneous sessions.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 25, "max_overflow": 5}
    # Real hashing, fewer rounds: the suite creates many accounts.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:2000"
