"""Fixtures: an app on a fresh, migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), its client and CLI runner, and a login helper."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from claims import create_app
from claims.extensions import db
from claims.services.ratings import install_default_scale

PG_URL = os.environ.get("TEST_DATABASE_URL")


def _config(url: str, instance: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "ORG_NAME": "Test Fact Check",
        "ORG_URL": "https://factcheck.example/",
    }


def _pg_url() -> str:
    url = PG_URL or ""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Run the migrations once; per-test databases start from the result."""
    instance = tmp_path_factory.mktemp("template")
    if PG_URL:
        url = _pg_url()
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = "sqlite:///" + str(instance / "template.db")
    app = create_app(_config(url, instance))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
            )
        ).scalars()
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        install_default_scale(conn)
    engine.dispose()


@pytest.fixture
def database_url(migrated_database: str, tmp_path: Path) -> str:
    """A fresh, migrated database holding only the default rating scale."""
    if PG_URL:
        _reset_postgres(migrated_database)
        return migrated_database
    template = Path(migrated_database.removeprefix("sqlite:///"))
    target = tmp_path / "claims.db"
    shutil.copyfile(template, target)
    return "sqlite:///" + str(target)


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    """The test config; a test may change it before asking for `app`."""
    return _config(database_url, tmp_path)


@pytest.fixture
def app(app_config: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The application on its own fresh database."""
    monkeypatch.setenv("CLAIMS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(app_config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask):  # type: ignore[no-untyped-def]
    """The app's SQLAlchemy session."""
    return db.session


def login_as(client: FlaskClient, user: Any) -> None:
    """Log `user` in on this client by writing the session the login view would write."""
    from claims.auth.access import SESSION_TOKEN_KEY

    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
        sess["_fresh"] = True
        sess[SESSION_TOKEN_KEY] = user.session_token


@pytest.fixture
def users(session: Any) -> dict[Any, Any]:
    """One committed, active account per role, keyed by Role; each has the factories' PASSWORD."""
    from claims.models import Role
    from tests.factories import make_user

    made = {role: make_user(session, role, email=f"{role.value}-fixture@example.org") for role in Role}
    session.commit()
    return made


def login(client: FlaskClient, user: Any, password: str | None = None, next_url: str | None = None) -> Any:
    """Log `user` in through the real login form (carrying its CSRF token when CSRF is on)."""
    import re
    from urllib.parse import urlencode

    from tests.factories import PASSWORD

    path = "/login" + ("?" + urlencode({"next": next_url}) if next_url is not None else "")
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    data = {"email": user.email, "password": PASSWORD if password is None else password}
    if token:
        data["csrf_token"] = token.group(1)
    return client.post(path, data=data)
