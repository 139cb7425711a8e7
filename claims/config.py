"""Configuration: defaults, overridden by environment variables, read when the app is built."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

MIN_SECRET_KEY_LENGTH = 32


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


def load_config(instance_path: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Build the config mapping from the environment (CLAIMS_* and DATABASE_URL)."""
    env = dict(os.environ if env is None else env)
    production = env.get("CLAIMS_ENV", "development") == "production"
    secret = env.get("CLAIMS_SECRET_KEY")
    if production and (not secret or len(secret) < MIN_SECRET_KEY_LENGTH):
        raise ConfigError(
            f"CLAIMS_SECRET_KEY must be set to at least {MIN_SECRET_KEY_LENGTH} characters in production"
        )
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
        "RATELIMIT_STORAGE_URI": env.get("CLAIMS_RATELIMIT_STORAGE_URI", "memory://"),
        # Explicit, because the shared Limiter would otherwise keep the last app's setting.
        "RATELIMIT_ENABLED": True,
        "WTF_CSRF_TIME_LIMIT": None,
        **cache_config(env.get("CLAIMS_REDIS_URL")),
    }
    if production:
        hosts = env.get("CLAIMS_TRUSTED_HOSTS")
        config["TRUSTED_HOSTS"] = hosts.split(",") if hosts else ["localhost", "127.0.0.1"]
    return config
