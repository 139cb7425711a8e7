"""Fixtures: an app on a fresh, migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), its client and CLI runner, and `auth` for logging in and out."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from argon2.profiles import CHEAPEST
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from werkzeug.test import TestResponse

from claims import create_app
from claims.auth.access import start_session
from claims.extensions import db
from claims.models import Role, User
from claims.services.ratings import install_default_scale
from tests.factories import PASSWORD, make_user

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
        # Hashing at argon2-cffi's defaults was most of the suite's CPU time; tests of hashing drop this.
        "PASSWORD_HASH_PARAMETERS": CHEAPEST,
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
        # The history refuses TRUNCATE through a trigger (migration 0006); only this reset may
        # skip it, by switching triggers off for its own transaction (a superuser setting).
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        conn.execute(text("SET LOCAL session_replication_role = origin"))
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


@pytest.fixture
def users(session: Any) -> dict[Role, User]:
    """One committed, active account per role, keyed by Role; each has the factories' PASSWORD."""
    made = {role: make_user(session, role, email=f"{role.value}-fixture@example.org") for role in Role}
    session.commit()
    return made


class Auth:
    """Logs users in and out of the `client` fixture, or of the client passed as `client=`.

    `login` writes the session the login view would write, skipping the form; `login_form` goes
    through the real form, for tests of logging in itself.
    """

    def __init__(self, client: FlaskClient, session: Any) -> None:
        self.client = client
        self.session = session

    def login(self, user: User, *, client: FlaskClient | None = None) -> User:
        """Log `user` in and return them."""
        with (client or self.client).session_transaction() as sess:
            sess["_user_id"] = str(user.id)
            sess["_fresh"] = True
            start_session(sess, user)
        return user

    def login_form(
        self,
        user: User,
        password: str | None = None,
        next_url: str | None = None,
        *,
        client: FlaskClient | None = None,
    ) -> TestResponse:
        """Post the login form (with its CSRF token when CSRF is on) and return the response."""
        client = client or self.client
        path = "/login" + ("?" + urlencode({"next": next_url}) if next_url is not None else "")
        page = client.get(path).get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        data = {"email": user.email, "password": PASSWORD if password is None else password}
        if token:
            data["csrf_token"] = token.group(1)
        return client.post(path, data=data)

    def as_role(
        self, role: Role = Role.REVIEWER, *, client: FlaskClient | None = None, **fields: Any
    ) -> User:
        """Create and commit a user of `role`, log them in and return them."""
        user = make_user(self.session, role, **fields)
        self.session.commit()
        return self.login(user, client=client)

    def logout(self, *, client: FlaskClient | None = None) -> None:
        """Forget the session, as a new visitor would arrive; the logout view has its own tests."""
        with (client or self.client).session_transaction() as sess:
            sess.clear()


@pytest.fixture
def auth(client: FlaskClient, session: Any) -> Auth:
    """Logging in and out: `auth.login(user)`, `auth.login_form(user)`, `auth.as_role(Role.EDITOR)`, `auth.logout()`."""
    return Auth(client, session)


@pytest.fixture
def run_jobs(app: Flask) -> Any:
    """Run the jobs waiting in the app's queue, as `flask --app app worker --drain` does; returns how many ran."""
    from claims.jobs import current_queue

    def drain() -> int:
        # The test's own session may hold SQLite's write lock (reads outside a request begin
        # IMMEDIATE); a worker's session is another connection and would wait on it.
        db.session.commit()
        ran = current_queue().drain()
        db.session.expire_all()
        return ran

    return drain
