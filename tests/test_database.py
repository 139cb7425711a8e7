"""Database setup: SQLite connection settings, URL handling, and migrations that match the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from claims.config import database_url
from claims.database import include_in_autogenerate as include_name
from claims.extensions import db


def test_database_url_defaults_to_sqlite_under_instance():
    assert database_url(None, "/srv/claims/instance") == "sqlite:////srv/claims/instance/claims.db"


@pytest.mark.parametrize(
    "raw", ["postgres://u@h:5432/claims", "postgresql://u@h:5432/claims", "postgresql+psycopg://u@h:5432/claims"]
)
def test_postgres_urls_use_psycopg3(raw):
    assert database_url(raw, "/x") == "postgresql+psycopg://u@h:5432/claims"


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("these pragmas concern the SQLite database only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_foreign_keys_are_enforced(session):
    from sqlalchemy.exc import IntegrityError

    from claims.models import Comment

    session.add(Comment(claim_id=999_999, body="orphan"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_the_migrations_build_exactly_the_models_schema(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


@pytest.mark.parametrize("statement", ["TRUNCATE revisions", "TRUNCATE users, revisions CASCADE"])
def test_postgres_refuses_truncating_the_history(session, statement):
    """Security row 28: TRUNCATE fires no row triggers, so the history needs a statement trigger too."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    from sqlalchemy.exc import DBAPIError

    from tests.factories import make_claim

    make_claim(session)
    session.commit()
    count = session.execute(text("SELECT count(*) FROM revisions")).scalar_one()
    assert count >= 1
    session.rollback()  # TRUNCATE would otherwise wait for this transaction's lock on the table
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert session.execute(text("SELECT count(*) FROM revisions")).scalar_one() == count


def test_a_streamed_export_does_not_block_writers(app, session, client):
    """A slow reader (a CSV download read chunk by chunk) must not hold SQLite's write lock."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the write lock concerns SQLite; PostgreSQL readers never block writers")
    import sqlite3

    from claims.demo.loader import load_demo

    load_demo(session)
    session.commit()
    session.close()
    response = client.get("/export/claims.csv", buffered=False)
    chunks = response.response
    next(iter(chunks))  # the download has begun and its transaction is open
    writer = sqlite3.connect(db.engine.url.database, timeout=0.5)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE users SET display_name = display_name")
        writer.execute("COMMIT")
    finally:
        writer.close()
        response.close()


def test_form_posts_take_the_write_lock_at_begin(app, client):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE concerns SQLite only")
    from claims.database import _read_only_request

    with app.test_request_context("/", method="POST"):
        assert not _read_only_request()
    with app.test_request_context("/", method="GET"):
        assert _read_only_request()
    assert not _read_only_request()  # CLI and scripts: no request, so writes are safe
