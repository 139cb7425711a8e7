"""Configuration: defaults, overridden by environment variables, read when the app is built."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

MIN_SECRET_KEY_LENGTH = 32
# A key of a few repeated characters ("x" * 40) is long but guessable.
MIN_SECRET_KEY_DISTINCT = 10
ENVIRONMENTS = ("development", "production")
# The largest request body accepted; a CSV import (5 MB, see export/forms.py) fits with room.
DEFAULT_MAX_REQUEST_MB = 8


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


def database_url(raw: str | None, instance_path: str) -> str:
    """Return the SQLAlchemy URL: DATABASE_URL if set, else a SQLite file under instance/."""
    if not raw:
        return "sqlite:///" + str(Path(instance_path) / "claims.db")
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def _dev_secret_key(instance_path: str) -> str:
    """Return a random key kept in instance/, so dev sessions survive restarts without a repo secret."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def cache_config(redis_url: str | None) -> dict[str, Any]:
    """Return Flask-Caching settings: Redis when CLAIMS_REDIS_URL is set (shared by every app server), else in-process."""
    # Entries are keyed by the publication counter, so old ones are never read again: the
    # timeout and the threshold only bound the memory they hold until they are dropped.
    common = {"CACHE_DEFAULT_TIMEOUT": 600, "CACHE_KEY_PREFIX": "claims:"}
    if redis_url:
        return {**common, "CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url}
    return {**common, "CACHE_TYPE": "SimpleCache", "CACHE_THRESHOLD": 500}


def _environment(env: dict[str, str]) -> str:
    """Return CLAIMS_ENV, refusing anything but the two known names (a typo must not mean development).

    :raises ConfigError: any other value.
    """
    name = env.get("CLAIMS_ENV", "development")
    if name not in ENVIRONMENTS:
        raise ConfigError(f"CLAIMS_ENV must be 'development' or 'production', not {name!r}")
    return name


def check_production_secret(secret: str | None) -> None:
    """Refuse a missing, short, spaced or repetitive secret key.

    :raises ConfigError: the key would not keep sessions safe.
    """
    if not secret or len(secret) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"CLAIMS_SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} characters in production"
        )
    if any(c.isspace() for c in secret):
        raise ConfigError("CLAIMS_SECRET_KEY must not contain spaces or line breaks (a pasting accident?)")
    if len(set(secret)) < MIN_SECRET_KEY_DISTINCT:
        raise ConfigError(
            "CLAIMS_SECRET_KEY is too weak: use a random key, e.g. python -c 'import secrets; print(secrets.token_hex(32))'"
        )


def _whole_number(env: dict[str, str], name: str, default: int, minimum: int) -> int:
    """Read a whole number of at least `minimum` from the environment.

    :raises ConfigError: anything else.
    """
    raw = env.get(name, str(default)).strip()
    if not raw.isascii() or not raw.isdigit() or int(raw) < minimum:
        raise ConfigError(f"{name} must be a whole number of at least {minimum}, not {raw!r}")
    return int(raw)


def load_config(instance_path: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Build the config mapping from the environment (CLAIMS_* and DATABASE_URL).

    :raises ConfigError: an unknown CLAIMS_ENV, a weak production key, or a malformed number.
    """
    env = dict(os.environ if env is None else env)
    production = _environment(env) == "production"
    secret = env.get("CLAIMS_SECRET_KEY")
    if production:
        check_production_secret(secret)
    config: dict[str, Any] = {
        "ENV_NAME": "production" if production else "development",
        "SECRET_KEY": secret or _dev_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL"), instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "ORG_NAME": env.get("CLAIMS_ORG_NAME", "Claims Desk"),
        "ORG_URL": env.get("CLAIMS_ORG_URL", "http://127.0.0.1:5000/"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": int(env.get("CLAIMS_SESSION_HOURS", "12")) * 3600,
        # Idle time renews with every request; this does not, so a stolen cookie kept busy still dies.
        "SESSION_MAX_LIFETIME": _whole_number(env, "CLAIMS_SESSION_MAX_HOURS", 24, 1) * 3600,
        # Per-account login counters must be shared by every worker, or each would allow its own quota.
        "RATELIMIT_STORAGE_URI": env.get("CLAIMS_RATELIMIT_STORAGE_URI")
        or env.get("CLAIMS_REDIS_URL")
        or "memory://",
        # Explicit, because the shared Limiter would otherwise keep the last app's setting.
        "RATELIMIT_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # An argon2.profiles.Parameters; None keeps argon2-cffi's defaults. Only the tests lower it, for speed.
        "PASSWORD_HASH_PARAMETERS": None,
        "MAX_CONTENT_LENGTH": _whole_number(env, "CLAIMS_MAX_REQUEST_MB", DEFAULT_MAX_REQUEST_MB, 1) * 2**20,
        # How many reverse proxies stand in front (X-Forwarded-For/-Proto/-Host); 0 trusts none.
        "PROXY_COUNT": _whole_number(env, "CLAIMS_PROXY_COUNT", 0, 0),
        **cache_config(env.get("CLAIMS_REDIS_URL")),
        # The job queue: Redis when several machines share the work, else a SQLite file in instance/.
        "JOBS_REDIS_URL": env.get("CLAIMS_REDIS_URL"),
    }
    if production:
        hosts = env.get("CLAIMS_TRUSTED_HOSTS")
        config["TRUSTED_HOSTS"] = hosts.split(",") if hosts else ["localhost", "127.0.0.1"]
    return config
